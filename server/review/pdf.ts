import { KIND_WORDS } from './kindWords'
import { existsSync } from 'node:fs'
import PDFDocument from 'pdfkit'
import type { ReviewView } from '../contract'
import { HttpError } from '../errors'
import type { Registry } from '../store/registry'
import { reviewCharts } from './pdfCharts'
import { reviewTables, type Cell, type ReviewTable } from './tables'

/** A font file and, for a TTC collection, the face in it. */
export interface PdfFont {
  file: string
  family?: string
  /** The family name other renderers (the charts' resvg) know the face by. */
  familyName?: string
}

/** Debian's CJK fonts, tried when no font is configured (PDF_FONT). */
const SYSTEM_FONTS: PdfFont[] = [
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular', familyName: 'Noto Sans CJK SC' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei', familyName: 'WenQuanYi Micro Hei' },
]

/** The CJK font the PDF embeds (as a subset). */
export function pdfFont(configured?: PdfFont): PdfFont {
  const found = [...(configured ? [configured] : []), ...SYSTEM_FONTS].find((f) => existsSync(f.file))
  if (!found) throw new HttpError(503, 'pdf_font_missing', 'no Chinese font for the PDF: apt-get install fonts-noto-cjk, or set PDF_FONT to a TTF/OTF/TTC file', [{ field: 'PDF_FONT', reason: 'no CJK font found' }])
  return found
}

const W = 842 // A4 landscape, points
const H = 595
const M = 40
const ROW = 18
/** The charts' band under the title. */
const CHARTS = 220

const text = (c: Cell, percent: boolean) => (c === null ? '—' : typeof c === 'number' ? (percent ? `${c.toFixed(2)}%` : String(c)) : c)

/** The review as a print-ready A4 landscape PDF: county, quarter and generation time on every page, page numbers. */
export function reviewPdf(v: ReviewView, registry: Registry, font?: PdfFont): Promise<Buffer> {
  const { file, family } = pdfFont(font)
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margins: { top: M + 24, bottom: M + 20, left: M, right: M }, bufferPages: true, info: { Title: `${v.region.name} ${v.label}${KIND_WORDS[v.kind]}研判`, Author: 'govscreen' } })
  doc.registerFont('cjk', file, family)
  doc.font('cjk')
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))

  doc.fontSize(20).text(`${v.region.name} ${v.label}${KIND_WORDS[v.kind]}研判`, { align: 'center' })
  doc.moveDown(0.3).fontSize(11).fillColor('#555').text(`统计区间 ${v.from} 至 ${v.to}${v.current ? '（本季度截至今日）' : ''}`, { align: 'center' }).fillColor('#000')
  doc.moveDown(0.8)
  const top = doc.y
  reviewCharts(doc, v, { x: M, y: top, w: W - 2 * M, h: CHARTS }, (kind, code) => registry.code(kind, code)?.zh ?? code)
  doc.x = M
  doc.y = top + CHARTS + 14
  for (const t of reviewTables(v, registry)) table(doc, t)

  const range = doc.bufferedPageRange()
  const generated = v.generatedAt.replace('T', ' ').slice(0, 19)
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i)
    // Header and footer sit in the margins: keep pdfkit from starting a new page for them.
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc.fontSize(9).fillColor('#555')
    doc.text(`${v.region.name} · ${v.label} · ${KIND_WORDS[v.kind]} · 季度研判`, M, M - 10, { width: W - 2 * M, align: 'left', lineBreak: false })
    doc.text(`生成时间 ${generated}`, M, M - 10, { width: W - 2 * M, align: 'right', lineBreak: false })
    doc.text(`第 ${i + 1} 页 / 共 ${range.count} 页`, M, H - M, { width: W - 2 * M, align: 'center', lineBreak: false })
    doc.page.margins.bottom = bottom
    doc.fillColor('#000')
  }
  doc.end()
  return done
}

/**
 * Column widths from what the columns hold: each as wide as its widest cell, a header allowed two
 * lines; if the table is wider than the page the text columns (names) give up the difference
 * (their cells then end in …), numbers never do; if narrower, the first text column takes the rest.
 */
function columns(doc: PDFKit.PDFDocument, t: ReviewTable, cells: string[][], width: number): number[] {
  doc.fontSize(9)
  const pad = 10
  const numeric = t.headers.map((_, i) => cells.every((r) => numericCell(r[i] ?? '')))
  const natural = t.headers.map((h, i) => Math.max(doc.widthOfString(h) / 2 + pad, ...cells.map((r) => doc.widthOfString(r[i] ?? '') + pad)))
  const total = natural.reduce((a, b) => a + b, 0)
  const text = natural.map((_, i) => i).filter((i) => !numeric[i])
  if (total > width && text.length) {
    const over = total - width
    const textTotal = text.reduce((a, i) => a + natural[i]!, 0)
    for (const i of text) natural[i] = Math.max(40, natural[i]! - (over * natural[i]!) / textTotal)
  } else if (total < width) {
    // Room to spare: first so that headers fit on one line, then to the first text column.
    const need = t.headers.map((h, i) => Math.max(0, doc.widthOfString(h) + pad - natural[i]!))
    const needed = need.reduce((a, b) => a + b, 0)
    const share = Math.min(1, (width - total) / (needed || 1))
    need.forEach((n, i) => (natural[i] = natural[i]! + n * share))
    natural[text[0] ?? 0] = natural[text[0] ?? 0]! + Math.max(0, width - total - needed)
  }
  return natural
}

function table(doc: PDFKit.PDFDocument, t: ReviewTable) {
  const width = W - 2 * M
  const cells = t.rows.map((row) => row.map((c, i) => text(c, !!t.percent?.includes(i) || /%/.test(t.headers[i] ?? ''))))
  const ws = columns(doc, t, cells, width)
  // Names left, numbers right, headers over them the same way.
  const align = t.headers.map((_, i) => (cells.every((r) => numericCell(r[i] ?? '')) ? 'right' : 'left') as 'left' | 'right')
  const xs = ws.map((_, i) => M + ws.slice(0, i).reduce((a, b) => a + b, 0))
  const limit = H - doc.page.margins.bottom
  // A header that does not fit its column takes two lines: the header row is as tall as that.
  doc.fontSize(9)
  const headRow = t.headers.some((h, i) => doc.widthOfString(h) > ws[i]! - 8) ? ROW * 1.8 : ROW
  const header = () => {
    doc.rect(M, doc.y, width, headRow).fill('#dce6f2').fillColor('#000')
    const y = doc.y + 4
    doc.fontSize(9)
    t.headers.forEach((h, i) => doc.text(h, xs[i]! + 4, y, { width: ws[i]! - 8, height: headRow - 4, align: align[i], ellipsis: true }))
    doc.x = M
    doc.y = y - 4 + headRow
  }
  if (doc.y + headRow + ROW * 3 > limit) doc.addPage()
  doc.fontSize(13).text(t.title, M, doc.y)
  doc.moveDown(0.3)
  header()
  cells.forEach((row, r) => {
    if (doc.y + ROW > limit) {
      doc.addPage()
      header()
    }
    if (r % 2) doc.rect(M, doc.y, width, ROW).fill('#f4f7fb').fillColor('#000')
    const y = doc.y + 4
    doc.fontSize(9)
    // One line a row, always: a long name ends in … rather than running into the next row.
    row.forEach((c, i) => doc.text(c, xs[i]! + 4, y, { width: ws[i]! - 8, height: ROW - 4, align: align[i], lineBreak: false, ellipsis: true }))
    doc.x = M
    doc.y = y - 4 + ROW
  })
  doc.moveDown(1)
}

const numericCell = (c: string) => /^[−+\-±]?[\d.,%—]*(个百分点)?$/.test(c)
