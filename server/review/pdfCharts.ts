import type { ReviewView } from '../contract'
import { MIN_SAMPLE, rateAxisMin } from '../domain/ranking'
import { quarterLabel } from '../domain/quarters'
import { KIND_WORDS } from './kindWords'

/** Print colours: a blue for counts, an orange for rates (neither a warning colour), a grey for what is not whole. */
const BLUE = '#2f6fb3'
const ORANGE = '#d9730d'
const GREY = '#9aa7b5'
const INK = '#333'
const RULE = '#c9d3de'

interface Area { x: number; y: number; w: number; h: number }

/** A round step for an axis of counts up to `max`, about five ticks. */
function step(max: number): number {
  const raw = Math.max(1, max) / 5
  const p = 10 ** Math.floor(Math.log10(raw))
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw)!
}

const pct = (n: number) => `${Number.isInteger(n) ? n : n.toFixed(1)}%`

/**
 * The review's two charts, side by side under the title: the eight quarters (cases accepted as
 * bars, success rate as a line on its own axis) and the ranking of the region's towns (or
 * communities) by success rate against the target. Drawn as vectors with the PDF's own font, so
 * they print sharp and carry no image.
 */
export function reviewCharts(doc: PDFKit.PDFDocument, v: ReviewView, area: Area, label: (kind: 'category', code: string) => string): void {
  const gap = 24
  const half = (area.w - gap) / 2
  trendChart(doc, v, { x: area.x, y: area.y, w: half, h: area.h })
  // A ranking needs places with enough cases (a town's villages often have too few): else the categories.
  if (ranked(v).length) rankingChart(doc, v, { x: area.x + half + gap, y: area.y, w: half, h: area.h })
  else categoryChart(doc, v, { x: area.x + half + gap, y: area.y, w: half, h: area.h }, label)
}

function title(doc: PDFKit.PDFDocument, text: string, a: Area) {
  doc.fontSize(11).fillColor(INK).text(text, a.x, a.y, { width: a.w, lineBreak: false })
}

/** Eight quarters: accepted (bars, left axis) and success rate (line, right axis from near its lowest value). Partial quarters are lighter and marked. */
function trendChart(doc: PDFKit.PDFDocument, v: ReviewView, a: Area) {
  title(doc, `近八个季度${KIND_WORDS[v.kind]}受理数与化解成功率`, a)
  const plot = { x: a.x + 34, y: a.y + 34, w: a.w - 34 - 40, h: a.h - 34 - 34 }
  const counts = v.trend.map((q) => q.block.accepted)
  const s = step(Math.max(...counts))
  const top = Math.ceil(Math.max(1, ...counts) / s) * s
  const rates = v.trend.map((q) => (q.partial ? null : q.block.successRate))
  const rateMin = rateAxisMin(rates)
  const yCount = (n: number) => plot.y + plot.h - (n / top) * plot.h
  const yRate = (r: number) => plot.y + plot.h - ((r - rateMin) / (100 - rateMin)) * plot.h
  doc.fontSize(7)
  for (let n = 0; n <= top; n += s) {
    doc.moveTo(plot.x, yCount(n)).lineTo(plot.x + plot.w, yCount(n)).lineWidth(0.5).strokeColor(RULE).stroke()
    doc.fillColor(BLUE).text(String(n), a.x, yCount(n) - 4, { width: 30, align: 'right', lineBreak: false })
  }
  for (let r = rateMin; r <= 100; r += (100 - rateMin) / 4) doc.fillColor(ORANGE).text(pct(r), plot.x + plot.w + 4, yRate(r) - 4, { width: 36, lineBreak: false })
  doc.fillColor(BLUE).text('件', a.x, plot.y - 16, { width: 30, align: 'right', lineBreak: false })
  doc.fillColor(ORANGE).text('成功率', plot.x + plot.w + 4, plot.y - 16, { width: 40, lineBreak: false })
  const slot = plot.w / v.trend.length
  const points: [number, number][] = []
  v.trend.forEach((q, i) => {
    const x = plot.x + slot * i
    const bar = slot * 0.56
    const y = yCount(q.block.accepted)
    doc.rect(x + (slot - bar) / 2, y, bar, plot.y + plot.h - y).fill(q.partial ? GREY : BLUE)
    // The count inside the bar's top (clear of the rate line above), or over a bar too short for it.
    const inside = plot.y + plot.h - y > 14
    doc.fontSize(7).fillColor(inside ? '#fff' : INK).text(String(q.block.accepted), x, inside ? y + 3 : y - 10, { width: slot, align: 'center', lineBreak: false })
    const [year, n] = [q.quarter.slice(0, 4), q.quarter.slice(5)]
    doc.fillColor(INK).text(`${year.slice(2)}年Q${n}`, x, plot.y + plot.h + 4, { width: slot, align: 'center', lineBreak: false })
    if (q.partial) doc.fillColor(GREY).text(q.quarter === v.quarter && v.current ? '（至今）' : '（不完整）', x, plot.y + plot.h + 14, { width: slot, align: 'center', lineBreak: false })
    const r = rates[i]
    if (r !== null && r !== undefined) points.push([x + slot / 2, yRate(r)])
  })
  if (points.length) {
    doc.moveTo(...points[0]!)
    for (const p of points.slice(1)) doc.lineTo(...p)
    doc.lineWidth(1.6).strokeColor(ORANGE).stroke()
    for (const [x, y] of points) doc.circle(x, y, 2.2).fill(ORANGE)
  }
  doc.moveTo(plot.x, plot.y + plot.h).lineTo(plot.x + plot.w, plot.y + plot.h).lineWidth(0.8).strokeColor(INK).stroke()
  doc.fillColor('#000')
}

const ranked = (v: ReviewView) => v.children.filter((c) => c.block.accepted >= MIN_SAMPLE && c.block.successRate !== null).sort((x, y) => y.block.successRate! - x.block.successRate! || y.block.accepted - x.block.accepted)

/** The region's towns (or communities) by success rate, those with MIN_SAMPLE cases or more; the target as a dashed line, those under it in orange. */
function rankingChart(doc: PDFKit.PDFDocument, v: ReviewView, a: Area) {
  const rows = ranked(v)
  const small = v.children.length - rows.length
  title(doc, `${v.region.level === 'town' ? '各村（社区）' : v.region.level === 'county' ? '各乡镇（街道）' : '各地'}${KIND_WORDS[v.kind]}化解成功率（受理 ${MIN_SAMPLE} 件以上）`, a)
  const shown = rows.slice(0, 12)
  const nameW = 92
  const plot = { x: a.x + nameW, y: a.y + 22, w: a.w - nameW - 44, h: a.h - 22 - 30 }
  const min = rateAxisMin(shown.map((c) => c.block.successRate))
  const xOf = (r: number) => plot.x + ((Math.max(min, r) - min) / (100 - min)) * plot.w
  const row = Math.min(18, plot.h / Math.max(1, shown.length))
  doc.fontSize(7)
  for (let r = min; r <= 100; r += (100 - min) / 4) {
    doc.moveTo(xOf(r), plot.y).lineTo(xOf(r), plot.y + row * shown.length).lineWidth(0.5).strokeColor(RULE).stroke()
    doc.fillColor(INK).text(pct(r), xOf(r) - 18, plot.y + row * shown.length + 3, { width: 36, align: 'center', lineBreak: false })
  }
  shown.forEach((c, i) => {
    const y = plot.y + i * row
    const r = c.block.successRate!
    doc.fontSize(8).fillColor(INK).text(c.name, a.x, y + (row - 9) / 2, { width: nameW - 6, align: 'right', lineBreak: false, ellipsis: true, height: row })
    doc.rect(plot.x, y + row * 0.18, Math.max(1, xOf(r) - plot.x), row * 0.64).fill(r < v.successTarget ? ORANGE : BLUE)
    doc.fontSize(7).fillColor(INK).text(`${r.toFixed(2)}%`, xOf(r) + 3, y + (row - 8) / 2, { width: 40, lineBreak: false })
  })
  if (v.successTarget >= min && shown.length) {
    const x = xOf(v.successTarget)
    doc.moveTo(x, plot.y - 4).lineTo(x, plot.y + row * shown.length).lineWidth(1).dash(3, { space: 2 }).strokeColor('#c0392b').stroke().undash()
    doc.fontSize(7).fillColor('#c0392b').text(`目标 ${pct(v.successTarget)}`, x - 30, plot.y - 13, { width: 60, align: 'center', lineBreak: false })
  }
  const notes = [`轴自 ${pct(min)} 起`, `橙色：低于目标 ${pct(v.successTarget)}`, ...(rows.length > shown.length ? [`另有 ${rows.length - shown.length} 个见下表`] : []), ...(small ? [`${small} 个受理不足 ${MIN_SAMPLE} 件，样本少，不排名`] : [])]
  doc.fontSize(7).fillColor(GREY).text(notes.join('；'), a.x, a.y + a.h - 10, { width: a.w, lineBreak: false })
  doc.fillColor('#000')
}

/** A community has no children to rank: its case categories instead. */
function categoryChart(doc: PDFKit.PDFDocument, v: ReviewView, a: Area, label: (kind: 'category', code: string) => string) {
  title(doc, `${quarterLabel(v.quarter)}${KIND_WORDS[v.kind]}类别`, a)
  const rows = Object.entries(v.byCategory).sort((x, y) => y[1] - x[1]).slice(0, 10)
  const max = Math.max(1, ...rows.map(([, n]) => n))
  const nameW = 80
  const row = Math.min(18, (a.h - 30) / Math.max(1, rows.length))
  rows.forEach(([code, n], i) => {
    const y = a.y + 22 + i * row
    doc.fontSize(8).fillColor(INK).text(label('category', code), a.x, y + (row - 9) / 2, { width: nameW - 6, align: 'right', lineBreak: false, ellipsis: true, height: row })
    const w = ((a.w - nameW - 40) * n) / max
    doc.rect(a.x + nameW, y + row * 0.18, Math.max(1, w), row * 0.64).fill(BLUE)
    doc.fontSize(7).fillColor(INK).text(String(n), a.x + nameW + w + 3, y + (row - 8) / 2, { width: 36, lineBreak: false })
  })
  doc.fillColor('#000')
}
