import { existsSync } from 'node:fs'
import PDFDocument from 'pdfkit'
import type { ReviewView } from '../contract'
import { HttpError } from '../errors'
import type { Registry } from '../store/registry'
import { reviewTables, type Cell, type ReviewTable } from './tables'

/** A font file and, for a TTC collection, the face in it. */
export interface PdfFont {
  file: string
  family?: string
}

/** Debian's CJK fonts, tried when no font is configured (PDF_FONT). */
const SYSTEM_FONTS: PdfFont[] = [
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
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

const text = (c: Cell, percent: boolean) => (c === null ? '—' : typeof c === 'number' ? (percent ? `${c.toFixed(2)}%` : String(c)) : c)

/** The review as a print-ready A4 landscape PDF: county, quarter and generation time on every page, page numbers. */
export function reviewPdf(v: ReviewView, registry: Registry, font?: PdfFont): Promise<Buffer> {
  const { file, family } = pdfFont(font)
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margins: { top: M + 24, bottom: M + 20, left: M, right: M }, bufferPages: true, info: { Title: `${v.region.name} ${v.label}季度研判`, Author: 'govscreen' } })
  doc.registerFont('cjk', file, family)
  doc.font('cjk')
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))

  doc.fontSize(20).text(`${v.region.name} ${v.label}季度研判`, { align: 'center' })
  doc.moveDown(0.3).fontSize(11).fillColor('#555').text(`统计区间 ${v.from} 至 ${v.to}${v.current ? '（本季度截至今日）' : ''}`, { align: 'center' }).fillColor('#000')
  doc.moveDown(0.8)
  for (const t of reviewTables(v, registry)) table(doc, t)

  const range = doc.bufferedPageRange()
  const generated = v.generatedAt.replace('T', ' ').slice(0, 19)
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i)
    // Header and footer sit in the margins: keep pdfkit from starting a new page for them.
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc.fontSize(9).fillColor('#555')
    doc.text(`${v.region.name} · ${v.label} · 季度研判`, M, M - 10, { width: W - 2 * M, align: 'left', lineBreak: false })
    doc.text(`生成时间 ${generated}`, M, M - 10, { width: W - 2 * M, align: 'right', lineBreak: false })
    doc.text(`第 ${i + 1} 页 / 共 ${range.count} 页`, M, H - M, { width: W - 2 * M, align: 'center', lineBreak: false })
    doc.page.margins.bottom = bottom
    doc.fillColor('#000')
  }
  doc.end()
  return done
}

function table(doc: PDFKit.PDFDocument, t: ReviewTable) {
  const width = W - 2 * M
  const first = Math.min(200, width / t.headers.length + 60)
  const rest = (width - first) / (t.headers.length - 1)
  const xs = t.headers.map((_, i) => M + (i === 0 ? 0 : first + (i - 1) * rest))
  const ws = t.headers.map((_, i) => (i === 0 ? first : rest))
  const limit = H - doc.page.margins.bottom
  const header = () => {
    doc.rect(M, doc.y, width, ROW).fill('#dce6f2').fillColor('#000')
    const y = doc.y + 4
    doc.fontSize(9)
    t.headers.forEach((h, i) => doc.text(h, xs[i]! + 4, y, { width: ws[i]! - 8, align: i === 0 ? 'left' : 'right', lineBreak: false, ellipsis: true }))
    doc.x = M
    doc.y = y - 4 + ROW
  }
  if (doc.y + ROW * 4 > limit) doc.addPage()
  doc.fontSize(13).text(t.title, M, doc.y)
  doc.moveDown(0.3)
  header()
  t.rows.forEach((row, r) => {
    if (doc.y + ROW > limit) {
      doc.addPage()
      header()
    }
    if (r % 2) doc.rect(M, doc.y, width, ROW).fill('#f4f7fb').fillColor('#000')
    const y = doc.y + 4
    doc.fontSize(9)
    row.forEach((c, i) => doc.text(text(c, !!t.percent?.includes(i) || /%/.test(t.headers[i] ?? '')), xs[i]! + 4, y, { width: ws[i]! - 8, align: i === 0 ? 'left' : 'right', lineBreak: false, ellipsis: true }))
    doc.x = M
    doc.y = y - 4 + ROW
  })
  doc.moveDown(1)
}
