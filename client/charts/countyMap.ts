import type { EChartsCoreOption } from 'echarts/core'
import type { Colour, RegionColour } from '../../server/contract'
import { CHART_TEXT } from './theme'

/** Fills by warning colour: strong for red and yellow, quiet for green so the eye goes to trouble. */
const FILL: Record<Colour, string> = { red: 'rgba(255,77,79,0.85)', yellow: 'rgba(250,173,20,0.72)', green: 'rgba(82,196,26,0.28)' }
const RED = '#ff4d4f'

/**
 * How a community is filled: red or yellow from its cases, or a lighter yellow when only its
 * success rate is under target (no yellow case). Hue is not the only cue: red communities carry a
 * glowing dot and yellow ones a triangle at their seat (the legend shows both), for the viewer in
 * twelve who tells red from yellow badly.
 */
export function fillOf(c: RegionColour): { areaColor: string } {
  if (c.colour === 'yellow' && c.open.yellow === 0) return { areaColor: 'rgba(250,173,20,0.42)' }
  return { areaColor: FILL[c.colour] }
}

export interface MapLabel {
  name: string
  coord: [number, number]
  /** Open red and yellow cases of the place, shown under its name when any. */
  red?: number
  yellow?: number
}

/** Name, then the open red and yellow counts in their colours (region names are official data, not citizen text). */
const labelText = (l: MapLabel) => {
  const counts = [l.red ? `{r|● ${l.red}}` : '', l.yellow ? `{y|● ${l.yellow}}` : ''].filter(Boolean).join(' ')
  return counts ? `${l.name}\n${counts}` : l.name
}

export interface CountyMapInput {
  map: string
  /** Colours of the communities on the map, keyed by code. */
  colours: RegionColour[]
  /** Places to name on the map (towns on a county view, communities on a town view). */
  labels: MapLabel[]
  /** Seats of the red communities: they pulse. */
  red: [number, number][]
  /** Seats of the communities with yellow cases: a triangle, the shape cue beside the hue. */
  yellow?: [number, number][]
  /** Seats flashing for a red flag raised a moment ago. */
  flashing: [number, number][]
  /** Volunteer service as [lng, lat, hours]: given, the map shows the heat view instead of the fills. */
  heat?: [number, number, number][]
  heatMax?: number
  /** The box to frame (its own places); the places around spill faintly beyond it. */
  bounds?: [[number, number], [number, number]]
  /** Borders drawn over the fills (towns), as rings. */
  borders?: [number, number][][]
  /** Map names of the places around, drawn faint and not coloured. */
  around?: string[]
  /** Which chart the labels belong to (two charts of one map lay out their labels apart). */
  labelKey?: string
}

interface Box { x: number; y: number; width: number; height: number }
const hits = (a: Box, b: Box, pad: number) => a.x < b.x + b.width + pad && b.x < a.x + a.width + pad && a.y < b.y + b.height + pad && b.y < a.y + a.height + pad

/** Where each label of a chart was last placed, by data index, across option updates. */
const placedByMap = new Map<string, Map<number, Box>>()

/**
 * ECharts' label layout hook: each label keeps its place if free, else takes the nearest free
 * offset on rings around it; nothing is hidden. ECharts lays out again only the labels that
 * changed (new counts, a resize lays out all), so the boxes of the others are remembered per
 * map: a label placed now avoids every other label's last box, and those placed after it avoid
 * its box, so no two end up over each other.
 */
export function placeLabels(key: string, pad = 4) {
  let placed = placedByMap.get(key)
  if (!placed) placedByMap.set(key, (placed = new Map()))
  const boxes = placed
  return (p: { dataIndex: number; labelRect: Box; rect: Box }) => {
    // Where the label sits by default: centred on its point. (`labelRect` may still carry the
    // offset of a previous layout, while the offset returned is applied to the default place.)
    const r = { x: p.rect.x + p.rect.width / 2 - p.labelRect.width / 2, y: p.rect.y + p.rect.height / 2 - p.labelRect.height / 2, width: p.labelRect.width, height: p.labelRect.height }
    boxes.delete(p.dataIndex)
    const tries: [number, number][] = [[0, 0]]
    for (let ring = 1; ring <= 10; ring++) {
      const dy = (r.height + pad) * ring * 0.5
      const dx = (r.width + pad) * ring * 0.5
      tries.push([0, -dy], [0, dy], [dx, 0], [-dx, 0], [dx, -dy], [-dx, -dy], [dx, dy], [-dx, dy])
    }
    const free = tries.find(([dx, dy]) => ![...boxes.values()].some((b) => hits({ ...r, x: r.x + dx, y: r.y + dy }, b, pad))) ?? [0, 0]
    boxes.set(p.dataIndex, { ...r, x: r.x + free[0], y: r.y + free[1] })
    return { dx: free[0], dy: free[1], hideOverlap: false }
  }
}

const pulse = (data: [number, number][], symbolSize: number, scale: number, period: number, brushType: 'stroke' | 'fill', zlevel: number) => ({
  type: 'effectScatter',
  coordinateSystem: 'geo',
  data,
  symbolSize,
  rippleEffect: { scale, brushType, period },
  itemStyle: { color: RED },
  silent: true,
  zlevel,
})

/** The county (or a town) filled community by community with its warning colour. */
export function countyMapOption(m: CountyMapInput): EChartsCoreOption {
  const heat = !!m.heat
  const series: unknown[] = [
    // Red communities glow; only a red flag raised a moment ago moves (a ripple for a few
    // seconds): motion that never stops costs a frame every 16 ms for days and says nothing new.
    {
      type: 'scatter',
      coordinateSystem: 'geo',
      data: m.red,
      symbolSize: 16,
      itemStyle: { color: RED, shadowBlur: 14, shadowColor: RED },
      silent: true,
      zlevel: 2,
    },
    pulse(m.flashing, 30, 5, 1.2, 'fill', 3),
    {
      type: 'scatter',
      coordinateSystem: 'geo',
      data: m.yellow ?? [],
      symbol: 'triangle',
      symbolSize: 14,
      itemStyle: { color: '#faad14', borderColor: '#3a2400', borderWidth: 2 },
      silent: true,
      zlevel: 2,
    },
    {
      id: 'labels',
      type: 'scatter',
      coordinateSystem: 'geo',
      data: m.labels.map((l) => ({ name: labelText(l), value: l.coord })),
      // A point too small to see carries each label (a symbol of size 0 is not drawn, nor laid
      // out); transparent, not opacity 0, which the label would inherit.
      symbolSize: 1,
      itemStyle: { color: 'transparent' },
      // Labels never hide each other and none is dropped: one that would overlap another is
      // moved to the nearest free place around it, with a leader line to where it belongs.
      labelLayout: placeLabels(m.labelKey ?? m.map),
      labelLine: { show: true, length2: 0, smooth: false, lineStyle: { color: 'rgba(220,235,255,0.7)', width: 1.5 } },
      label: {
        show: true,
        formatter: '{b}',
        ...CHART_TEXT,
        fontSize: 22,
        fontWeight: 'bold',
        textBorderColor: '#06122b',
        textBorderWidth: 4,
        lineHeight: 28,
        rich: { r: { color: RED, fontSize: 22, fontWeight: 'bold' }, y: { color: '#faad14', fontSize: 22, fontWeight: 'bold' } },
      },
      silent: true,
      zlevel: 4,
    },
  ]
  if (m.borders?.length) {
    // Town borders over the community fills: where one town ends and the next begins.
    series.unshift({
      type: 'lines',
      coordinateSystem: 'geo',
      polyline: true,
      data: m.borders.map((coords) => ({ coords })),
      lineStyle: { color: 'rgba(220,235,255,0.85)', width: 2.5, opacity: 1 },
      silent: true,
      zlevel: 1,
    })
  }
  if (m.heat) {
    series.push({ type: 'heatmap', coordinateSystem: 'geo', data: m.heat, pointSize: 14, blurSize: 22, zlevel: 1 })
  }
  return {
    animation: false,
    geo: {
      map: m.map,
      nameProperty: 'code',
      roam: false,
      // Below centre: the colour counts stand along the top.
      layoutCenter: ['50%', '56%'],
      layoutSize: '82%',
      ...(m.bounds ? { boundingCoords: m.bounds } : {}),
      silent: false,
      label: { show: false },
      itemStyle: { areaColor: '#12305e', borderColor: 'rgba(143,168,200,0.55)', borderWidth: 1 },
      emphasis: { disabled: true },
      select: { disabled: true },
      // On the heat view the fills step back so the service hours read; red still pulses.
      regions: [
        ...(heat ? [] : m.colours.map((c) => ({ name: c.code, itemStyle: fillOf(c) }))),
        // The neighbours: a faint shape for orientation, no colour, no meaning.
        ...(m.around ?? []).map((name) => ({ name, itemStyle: { areaColor: 'rgba(143,168,200,0.05)', borderColor: 'rgba(143,168,200,0.3)', borderWidth: 1 } })),
      ],
    },
    visualMap: m.heat
      ? { show: false, seriesIndex: series.length - 1, min: 0, max: m.heatMax ?? 1, inRange: { color: ['rgba(64,200,255,0)', 'rgba(64,200,255,0.55)', '#9fe8ff'] } }
      : undefined,
    series,
  }
}
