import { describe, expect, it } from 'vitest'
import type { RegionColour } from '../../../server/contract'
import { countyMapOption, fillOf, insetFrame, placeLabels, type Box } from '../../../client/charts/countyMap'

const colour = (code: string, c: RegionColour['colour'], red = 0, yellow = 0) => ({ code, colour: c, open: { red, yellow, green: 0 } }) as unknown as RegionColour
const hits = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

describe('the county map builder', () => {
  it('tells a community with yellow cases from one only under the success target', () => {
    expect(fillOf(colour('1', 'yellow', 0, 2)).areaColor).not.toBe(fillOf(colour('2', 'yellow', 0, 0)).areaColor)
    expect(fillOf(colour('1', 'red', 1)).areaColor).not.toBe(fillOf(colour('1', 'yellow', 0, 1)).areaColor)
  })

  it('a label keeps its place when free, moves to the nearest free place when not, and never onto a reserved box or out of bounds', () => {
    const place = placeLabels(`test-${Math.random()}`, { reserved: [{ x: 200, y: 0, width: 100, height: 300 }], within: { x: 0, y: 0, width: 300, height: 300 } })
    const at = (seriesIndex: number, dataIndex: number, x: number, y: number) => {
      const labelRect = { x: 0, y: 0, width: 60, height: 20 }
      const d = place({ seriesIndex, dataIndex, labelRect, rect: { x, y, width: 0, height: 0 } })
      expect(d.hideOverlap).toBe(false)
      return { x: x - 30 + d.dx, y: y - 10 + d.dy, width: 60, height: 20 }
    }
    const first = at(0, 0, 100, 100)
    expect(first).toEqual({ x: 70, y: 90, width: 60, height: 20 })
    const second = at(0, 1, 110, 100)
    expect(hits(first, second)).toBe(false)
    // Another series of the same map (the close-up's) avoids both.
    const third = at(1, 0, 100, 105)
    expect(hits(third, first) || hits(third, second)).toBe(false)
    // Next to the reserved box: pushed off it, and kept inside.
    const fourth = at(0, 2, 195, 200)
    expect(hits(fourth, { x: 200, y: 0, width: 100, height: 300 })).toBe(false)
    expect(fourth.x >= 0 && fourth.y >= 0 && fourth.x + fourth.width <= 300).toBe(true)
  })

  it('with a close-up, draws the part again in its own frame at the right, and the map left of it', () => {
    const size = { width: 800, height: 780 }
    const frame = insetFrame(size)
    expect(frame.x + frame.width).toBeLessThanOrEqual(size.width)
    expect(frame.y + frame.height).toBeLessThanOrEqual(size.height)
    const option = countyMapOption({
      map: 'county',
      colours: [colour('140825400001', 'red', 2), colour('140825100001', 'green')],
      labels: [{ name: '新绛县社区', coord: [111.2, 35.67], red: 2 }],
      red: [[111.2, 35.67]],
      flashing: [],
      bounds: [[111.0, 35.8], [111.35, 35.5]],
      size,
      inset: {
        map: 'county:140825400',
        title: '城区放大 · 新绛县社区',
        bounds: [[111.19, 35.675], [111.21, 35.66]],
        colours: [colour('140825400001', 'red', 2)],
        labels: [{ name: '文庙社区', coord: [111.2, 35.67], red: 2 }],
        red: [[111.2, 35.67]],
        yellow: [],
        flashing: [],
      },
    }) as { geo: { map: string; layoutCenter: number[]; layoutSize: number }[]; graphic: { type: string; shape?: Box; style?: { text?: string } }[]; series: { id?: string; geoIndex?: number }[] }
    expect(option.geo.map((g) => g.map)).toEqual(['county', 'county:140825400'])
    const [main, close] = option.geo
    // The close-up is centred in its frame; the map's box ends left of the frame.
    expect(close!.layoutCenter[0]).toBeCloseTo(frame.x + frame.width / 2)
    expect(main!.layoutCenter[0]! + main!.layoutSize * 0.75 * (0.35 / 0.3) / 2).toBeLessThan(frame.x)
    expect(option.graphic.find((g) => g.type === 'rect')!.shape).toMatchObject(frame)
    expect(option.graphic.find((g) => g.type === 'text')!.style!.text).toBe('城区放大 · 新绛县社区')
    expect(option.series.find((s) => s.id === 'inset-labels')!.geoIndex).toBe(1)
    expect(option.series.find((s) => s.id === 'labels')!.geoIndex).toBe(0)
  })

  it('without a close-up, one map, centred', () => {
    const option = countyMapOption({ map: 'town', colours: [], labels: [], red: [], flashing: [] }) as { geo: { layoutCenter: string[] }[]; graphic: unknown[] }
    expect(option.geo).toHaveLength(1)
    expect(option.geo[0]!.layoutCenter).toEqual(['50%', '56%'])
    expect(option.graphic).toEqual([])
  })
})
