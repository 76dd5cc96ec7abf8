import type { EChartsCoreOption } from 'echarts/core'
import type { Colour, RegionColour } from '../../server/contract'
import { CHART_TEXT } from './theme'

/** Fills by warning colour: strong for red and yellow, quiet for green so the eye goes to trouble. */
const FILL: Record<Colour, string> = { red: 'rgba(255,77,79,0.85)', yellow: 'rgba(250,173,20,0.72)', green: 'rgba(82,196,26,0.28)' }
const RED = '#ff4d4f'

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
  /** Seats flashing for a red flag raised a moment ago. */
  flashing: [number, number][]
  /** Volunteer service as [lng, lat, hours]: given, the map shows the heat view instead of the fills. */
  heat?: [number, number, number][]
  heatMax?: number
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
      data: m.labels.map((l) => ({ name: labelText(l), value: l.coord })),
      symbolSize: 0,
      labelLayout: { hideOverlap: true },
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
      layoutCenter: ['50%', '55%'],
      layoutSize: '100%',
      silent: false,
      label: { show: false },
      itemStyle: { areaColor: '#12305e', borderColor: 'rgba(143,168,200,0.55)', borderWidth: 1 },
      emphasis: { disabled: true },
      select: { disabled: true },
      // On the heat view the fills step back so the service hours read; red still pulses.
      regions: heat ? [] : m.colours.map((c) => ({ name: c.code, itemStyle: { areaColor: FILL[c.colour] } })),
    },
    visualMap: m.heat
      ? { show: false, seriesIndex: series.length - 1, min: 0, max: m.heatMax ?? 1, inRange: { color: ['rgba(64,200,255,0)', 'rgba(64,200,255,0.55)', '#9fe8ff'] } }
      : undefined,
    series,
  }
}
