import type { EChartsCoreOption } from 'echarts/core'
import type { Colour, RegionColour } from '../../server/contract'
import { CHART_TEXT } from './theme'

/** Fills by warning colour: strong for red and yellow, quiet for green so the eye goes to trouble. */
const FILL: Record<Colour, string> = { red: 'rgba(255,77,79,0.85)', yellow: 'rgba(250,173,20,0.72)', green: 'rgba(82,196,26,0.28)' }
const RED = '#ff4d4f'

/**
 * How a community is filled: red or yellow from its cases, or a lighter yellow when only its
 * success rate is under target (no yellow case). Hue is not the only cue: red communities are
 * hatched and carry a glowing dot, yellow ones a triangle at their seat, and the counts by the
 * names the same shapes (the legend shows them), for the viewer in twelve who tells red from
 * yellow badly.
 */
export function fillOf(c: RegionColour): { areaColor: string | { image: HTMLCanvasElement; repeat: 'repeat' } } {
  if (c.colour === 'yellow' && c.open.yellow === 0) return { areaColor: 'rgba(250,173,20,0.42)' }
  if (c.colour === 'red') return { areaColor: redStripes() ?? FILL.red }
  return { areaColor: FILL[c.colour] }
}

let stripes: { image: HTMLCanvasElement; repeat: 'repeat' } | null | undefined
/**
 * Red cells are hatched too (light diagonal stripes over the red): told from yellow and green
 * by texture where hue fails. Drawn once, in the browser; without a document the plain fill.
 */
function redStripes() {
  if (stripes !== undefined) return stripes
  if (typeof document === 'undefined') return (stripes = null)
  const size = 14
  const canvas = document.createElement('canvas')
  canvas.width = canvas.height = size
  const g = canvas.getContext('2d')
  if (!g) return (stripes = null)
  g.fillStyle = FILL.red
  g.fillRect(0, 0, size, size)
  g.strokeStyle = 'rgba(255,255,255,0.5)'
  g.lineWidth = 3
  for (const o of [-size, 0, size]) {
    g.beginPath()
    g.moveTo(o, size)
    g.lineTo(o + size, 0)
    g.stroke()
  }
  return (stripes = { image: canvas, repeat: 'repeat' })
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
  // The same shapes as on the map: a dot for red, a triangle for yellow (told apart without the hue).
  const counts = [l.red ? `{r|● ${l.red}}` : '', l.yellow ? `{y|▲ ${l.yellow}}` : ''].filter(Boolean).join(' ')
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
  /** The chart's size in pixels: needed to share the panel with a close-up. */
  size?: { width: number; height: number }
  /** A close-up of a part too small to read at the map's scale (a county's urban core), framed at the right. */
  inset?: MapInset
}

/** The close-up: one town's communities on a map of their own, with their names and counts. */
export interface MapInset {
  map: string
  title: string
  /** The part's box on the main map, marked there with a dashed frame. */
  bounds: [[number, number], [number, number]]
  colours: RegionColour[]
  labels: MapLabel[]
  red: [number, number][]
  yellow: [number, number][]
  flashing: [number, number][]
}

export interface Box { x: number; y: number; width: number; height: number }

/**
 * Where the close-up goes: a square at the right, above the legend, a third of the panel wide
 * (less on a short panel); the rest is the main map's.
 */
export function insetFrame(size: { width: number; height: number }): Box {
  const width = Math.round(size.width * 0.42)
  const top = 80
  return { x: size.width - width - 8, y: top, width, height: size.height - top - 48 }
}

/** The largest `layoutSize` (ECharts: the longer side) that fits a box of this width-over-height aspect into a room. */
function fit(aspect: number, room: { width: number; height: number }) {
  return aspect >= 1 ? Math.min(room.width, room.height * aspect) : Math.min(room.height, room.width / aspect)
}
const INSET_TITLE = 40
const hits = (a: Box, b: Box, pad: number) => a.x < b.x + b.width + pad && b.x < a.x + a.width + pad && a.y < b.y + b.height + pad && b.y < a.y + a.height + pad

/** Where each label of a chart was last placed, by data index, across option updates. */
const placedByMap = new Map<string, Map<string, Box>>()

/**
 * ECharts' label layout hook: each label keeps its place if free, else takes the nearest free
 * offset on rings around it; nothing is hidden. ECharts lays out again only the labels that
 * changed (new counts, a resize lays out all), so the boxes of the others are remembered per
 * map: a label placed now avoids every other label's last box, and those placed after it avoid
 * its box, so no two end up over each other.
 */
export function placeLabels(key: string, { pad = 4, reserved = [], within }: { pad?: number; reserved?: Box[]; within?: Box } = {}) {
  let placed = placedByMap.get(key)
  if (!placed) placedByMap.set(key, (placed = new Map()))
  const boxes = placed
  return (p: { seriesIndex: number; dataIndex: number; labelRect: Box; rect: Box }) => {
    // Where the label sits by default: centred on its point. (`labelRect` may still carry the
    // offset of a previous layout, while the offset returned is applied to the default place.)
    const r = { x: p.rect.x + p.rect.width / 2 - p.labelRect.width / 2, y: p.rect.y + p.rect.height / 2 - p.labelRect.height / 2, width: p.labelRect.width, height: p.labelRect.height }
    const id = `${p.seriesIndex}:${p.dataIndex}`
    boxes.delete(id)
    const tries: [number, number][] = [[0, 0]]
    for (let ring = 1; ring <= 10; ring++) {
      const dy = (r.height + pad) * ring * 0.5
      const dx = (r.width + pad) * ring * 0.5
      tries.push([0, -dy], [0, dy], [dx, 0], [-dx, 0], [dx, -dy], [-dx, -dy], [dx, dy], [-dx, dy])
    }
    const taken = [...boxes.values(), ...reserved]
    const inside = (b: Box) => !within || (b.x >= within.x && b.y >= within.y && b.x + b.width <= within.x + within.width && b.y + b.height <= within.y + within.height)
    const at = ([dx, dy]: [number, number]) => ({ ...r, x: r.x + dx, y: r.y + dy })
    const free = tries.find((d) => inside(at(d)) && !taken.some((b) => hits(at(d), b, pad))) ?? tries.find((d) => inside(at(d))) ?? [0, 0]
    boxes.set(id, { ...r, x: r.x + free[0], y: r.y + free[1] })
    return { dx: free[0], dy: free[1], hideOverlap: false }
  }
}

const pulse = (data: [number, number][], symbolSize: number, scale: number, period: number, brushType: 'stroke' | 'fill', zlevel: number, geoIndex: number) => ({
  type: 'effectScatter',
  coordinateSystem: 'geo',
  geoIndex,
  data,
  symbolSize,
  rippleEffect: { scale, brushType, period },
  itemStyle: { color: RED },
  silent: true,
  zlevel,
})

interface Marks {
  labels: MapLabel[]
  red: [number, number][]
  yellow?: [number, number][]
  flashing: [number, number][]
}

/**
 * What goes over one map's fills: red communities glow, a red flag raised a moment ago ripples
 * (for a few seconds: motion that never stops costs a frame every 16 ms for days and says nothing
 * new), yellow ones carry a triangle, and the names with their counts.
 */
function marksOn(geoIndex: number, m: Marks, id: string, layout: ReturnType<typeof placeLabels>, fontSize = 22): unknown[] {
  return [
    {
      type: 'scatter',
      coordinateSystem: 'geo',
      geoIndex,
      data: m.red,
      symbolSize: 16,
      itemStyle: { color: RED, shadowBlur: 14, shadowColor: RED },
      silent: true,
      zlevel: 2,
    },
    pulse(m.flashing, 30, 5, 1.2, 'fill', 3, geoIndex),
    {
      type: 'scatter',
      coordinateSystem: 'geo',
      geoIndex,
      data: m.yellow ?? [],
      symbol: 'triangle',
      symbolSize: 14,
      itemStyle: { color: '#faad14', borderColor: '#3a2400', borderWidth: 2 },
      silent: true,
      zlevel: 2,
    },
    {
      id,
      type: 'scatter',
      coordinateSystem: 'geo',
      geoIndex,
      data: m.labels.map((l) => ({ name: labelText(l), value: l.coord })),
      // A point too small to see carries each label (a symbol of size 0 is not drawn, nor laid
      // out); transparent, not opacity 0, which the label would inherit.
      symbolSize: 1,
      itemStyle: { color: 'transparent' },
      // Labels never hide each other and none is dropped: one that would overlap another is
      // moved to the nearest free place around it, with a leader line to where it belongs.
      labelLayout: layout,
      labelLine: { show: true, length2: 0, smooth: false, lineStyle: { color: 'rgba(220,235,255,0.7)', width: 1.5 } },
      label: {
        show: true,
        formatter: '{b}',
        ...CHART_TEXT,
        fontSize,
        fontWeight: 'bold',
        textBorderColor: '#06122b',
        textBorderWidth: 4,
        lineHeight: fontSize + 6,
        rich: { r: { color: RED, fontSize, fontWeight: 'bold' }, y: { color: '#faad14', fontSize, fontWeight: 'bold' } },
      },
      silent: true,
      zlevel: 4,
    },
  ]
}

type Bounds = [[number, number], [number, number]]
const ring = ([[x0, y0], [x1, y1]]: Bounds): [number, number][] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]

/** Width over height of a box of longitudes and latitudes, as ECharts draws it (its default aspect scale). */
const aspectOf = ([[x0, y0], [x1, y1]]: Bounds) => (Math.abs(x1 - x0) * 0.75) / Math.max(1e-9, Math.abs(y1 - y0))

/** The county (or a town) filled community by community with its warning colour. */
export function countyMapOption(m: CountyMapInput): EChartsCoreOption {
  const heat = !!m.heat
  const key = m.labelKey ?? m.map
  const frame = m.inset && m.size ? insetFrame(m.size) : null
  const chartBox = m.size ? { x: 0, y: 0, ...m.size } : undefined
  const series: unknown[] = marksOn(0, m, 'labels', placeLabels(key, { reserved: frame ? [frame] : [], within: chartBox }))
  const fills = (colours: RegionColour[]) => (heat ? [] : colours.map((c) => ({ name: c.code, itemStyle: fillOf(c) })))
  const geoBase = {
    nameProperty: 'code',
    roam: false,
    silent: false,
    label: { show: false },
    itemStyle: { areaColor: '#12305e', borderColor: 'rgba(143,168,200,0.55)', borderWidth: 1 },
    emphasis: { disabled: true },
    select: { disabled: true },
  }
  // Below centre: the colour counts stand along the top. With a close-up, the map takes the
  // panel left of its frame, as large as fits there.
  let main: Record<string, unknown> = { layoutCenter: ['50%', '56%'], layoutSize: '82%' }
  if (frame && m.size && m.bounds) {
    const room = frame.x - 16
    main = { layoutCenter: [room / 2 + 8, m.size.height * 0.56], layoutSize: Math.min(0.82 * Math.min(m.size.width, m.size.height), fit(aspectOf(m.bounds), { width: 0.95 * room, height: 0.82 * m.size.height })) }
  }
  const geo: Record<string, unknown>[] = [
    {
      ...geoBase,
      map: m.map,
      ...main,
      ...(m.bounds ? { boundingCoords: m.bounds } : {}),
      // On the heat view the fills step back so the service hours read; red still pulses.
      regions: [
        ...fills(m.colours),
        // The neighbours: a faint shape for orientation, no colour, no meaning.
        ...(m.around ?? []).map((name) => ({ name, itemStyle: { areaColor: 'rgba(143,168,200,0.05)', borderColor: 'rgba(143,168,200,0.3)', borderWidth: 1 } })),
      ],
    },
  ]
  const graphic: unknown[] = []
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
  if (frame && m.inset) {
    const inset = m.inset
    // Room is left around the streets for their names.
    const room = { width: frame.width - 24, height: frame.height - INSET_TITLE - 24 }
    const side = 0.8 * fit(aspectOf(inset.bounds), room)
    // The part, marked where it lies on the map, and drawn again large in its frame.
    series.push({
      type: 'lines',
      coordinateSystem: 'geo',
      polyline: true,
      data: [{ coords: ring(inset.bounds) }],
      lineStyle: { color: '#40c8ff', width: 2, type: 'dashed', opacity: 1 },
      silent: true,
      zlevel: 1,
    })
    geo.push({
      ...geoBase,
      map: inset.map,
      layoutCenter: [frame.x + frame.width / 2, frame.y + INSET_TITLE + (frame.height - INSET_TITLE) / 2],
      layoutSize: side,
      z: 3,
      regions: fills(inset.colours),
    })
    graphic.push(
      { type: 'rect', silent: true, z: 1, shape: { ...frame, r: 6 }, style: { fill: 'rgba(6,18,43,0.94)', stroke: 'rgba(64,200,255,0.7)', lineWidth: 2 } },
      { type: 'text', silent: true, z: 2, x: frame.x + 12, y: frame.y + 9, style: { text: inset.title, fill: '#9fe8ff', font: `bold 22px ${CHART_TEXT.fontFamily}` } },
    )
    const inner = { x: frame.x + 4, y: frame.y + INSET_TITLE, width: frame.width - 8, height: frame.height - INSET_TITLE - 4 }
    series.push(...marksOn(1, inset, 'inset-labels', placeLabels(key, { within: inner }), 19))
  }
  const heatSeries: number[] = []
  if (m.heat) {
    heatSeries.push(series.length)
    series.push({ type: 'heatmap', coordinateSystem: 'geo', data: m.heat, pointSize: 14, blurSize: 22, zlevel: 1 })
    if (frame && m.inset) {
      const [[x0, y0], [x1, y1]] = m.inset.bounds
      const within = m.heat.filter(([x, y]) => x >= Math.min(x0, x1) && x <= Math.max(x0, x1) && y >= Math.min(y0, y1) && y <= Math.max(y0, y1))
      heatSeries.push(series.length)
      series.push({ type: 'heatmap', coordinateSystem: 'geo', geoIndex: 1, data: within, pointSize: 22, blurSize: 30, zlevel: 1 })
    }
  }
  return {
    animation: false,
    geo,
    graphic,
    visualMap: m.heat
      ? { show: false, seriesIndex: heatSeries, min: 0, max: m.heatMax ?? 1, inRange: { color: ['rgba(64,200,255,0)', 'rgba(64,200,255,0.55)', '#9fe8ff'] } }
      : undefined,
    series,
  }
}
