import PDFDocument from 'pdfkit'
import type { Briefing, BriefingBlock } from '../contract'
import { startOfDay } from '../domain/time'
import { chartPngs } from './chartImage'
import { pdfFont, type PdfFont } from './pdf'

const W = 595.28 // A4 portrait, points
const H = 841.89
const M = 62
const WIDTH = W - 2 * M
const BODY = 11.5
const ROW = 17

type Table = Extract<BriefingBlock, { type: 'table' }>

/**
 * The briefing as an A4 portrait PDF: title, sections with first-line-indented paragraphs, the
 * charts as images, tables that carry their header onto the next page; the report's name and the
 * page number on every page. Its dates are the data's (the quarter's last day), never the clock's:
 * the same briefing gives the same bytes.
 */
export function briefingPdf(b: Briefing, dataTo: string, font?: PdfFont): Promise<Buffer> {
  const f = pdfFont(font)
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: M + 10, bottom: M, left: M, right: M },
    bufferPages: true,
    info: { Title: b.title, Author: 'govscreen', Creator: 'govscreen', Producer: 'govscreen', CreationDate: startOfDay(dataTo) },
  })
  doc.registerFont('cjk', f.file, f.family)
  doc.font('cjk')
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  const charts = b.sections.flatMap((s) => s.blocks.filter((x): x is Extract<BriefingBlock, { type: 'chart' }> => x.type === 'chart'))
  const pictures = chartPngs(charts, f)
  const limit = () => H - doc.page.margins.bottom
  const room = (h: number) => doc.y + h > limit() && doc.addPage()

  doc.fontSize(19).fillColor('#000').text(b.title, { align: 'center' })
  doc.moveDown(0.4).fontSize(10.5).fillColor('#555').text(b.subtitle, { align: 'center' }).fillColor('#000')
  doc.moveDown(1)
  for (const s of b.sections) {
    room(60)
    doc.fontSize(14).fillColor('#1f3864').text(s.heading, M, doc.y).fillColor('#000')
    doc.moveDown(0.4)
    for (const block of s.blocks) {
      if (block.type === 'p') doc.fontSize(BODY).text(block.text, M, doc.y, { width: WIDTH, indent: BODY * 2, lineGap: 5, align: 'justify', paragraphGap: 6 })
      else if (block.type === 'list')
        block.items.forEach((item, i) => {
          room(BODY * 2)
          doc.fontSize(BODY - 0.5).text(`（${i + 1}）${item}`, M + BODY, doc.y, { width: WIDTH - BODY, lineGap: 4, paragraphGap: 3 })
        })
      else if (block.type === 'chart') {
        const h = (WIDTH * block.height) / block.width
        room(h + 30)
        doc.image(pictures[charts.indexOf(block)]!, M, doc.y, { width: WIDTH, height: h })
        doc.y += h + 4
        doc.fontSize(9.5).fillColor('#555').text(block.caption, M, doc.y, { width: WIDTH, align: 'center' }).fillColor('#000')
        doc.moveDown(0.8)
      } else table(doc, block, limit)
    }
    doc.moveDown(0.6)
  }

  const range = doc.bufferedPageRange()
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i)
    // Header and footer sit in the margins: keep pdfkit from starting a new page for them.
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc.fontSize(8.5).fillColor('#777')
    doc.text(b.title, M, M - 26, { width: WIDTH, align: 'left', lineBreak: false })
    doc.moveTo(M, M - 12).lineTo(W - M, M - 12).lineWidth(0.5).strokeColor('#999').stroke()
    doc.text(`第 ${i + 1} 页 / 共 ${range.count} 页`, M, H - M + 20, { width: WIDTH, align: 'center', lineBreak: false })
    doc.page.margins.bottom = bottom
    doc.fillColor('#000')
  }
  doc.end()
  return done
}

/** Names take what the numbers leave; numbers are as wide as their widest cell. */
function widths(doc: PDFKit.PDFDocument, t: Table): number[] {
  doc.fontSize(9.5)
  const pad = 12
  const need = t.head.map((h, i) => Math.max(doc.widthOfString(h) + pad, ...t.rows.map((r) => doc.widthOfString(r[i] ?? '') + pad)))
  const fixed = need.reduce((a, w, i) => a + (t.numeric[i] ? w : 0), 0)
  const text = t.head.map((_, i) => i).filter((i) => !t.numeric[i])
  const textNeed = text.reduce((a, i) => a + need[i]!, 0)
  const spare = WIDTH - fixed
  if (fixed + textNeed <= WIDTH) {
    // Room over: the name columns get it all.
    return need.map((w, i) => (t.numeric[i] ? w : w + (WIDTH - fixed - textNeed) / text.length))
  }
  return need.map((w, i) => (t.numeric[i] ? w : Math.max(50, (spare * w) / textNeed)))
}

function table(doc: PDFKit.PDFDocument, t: Table, limit: () => number) {
  const ws = widths(doc, t)
  const scale = Math.min(1, WIDTH / ws.reduce((a, b) => a + b, 0))
  const cols = ws.map((w) => w * scale)
  const xs = cols.map((_, i) => M + cols.slice(0, i).reduce((a, b) => a + b, 0))
  const line = (cells: string[], fill: string | null) => {
    if (fill) doc.rect(M, doc.y, WIDTH, ROW).fill(fill).fillColor('#000')
    const y = doc.y + 4
    doc.fontSize(9.5)
    cells.forEach((c, i) => doc.text(c, xs[i]! + 5, y, { width: cols[i]! - 10, height: ROW - 4, align: t.numeric[i] ? 'right' : 'left', lineBreak: false, ellipsis: true }))
    doc.x = M
    doc.y = y - 4 + ROW
  }
  if (doc.y + ROW * 4 + 20 > limit()) doc.addPage()
  doc.fontSize(10.5).fillColor('#1f3864').text(t.caption, M, doc.y, { width: WIDTH }).fillColor('#000')
  doc.moveDown(0.3)
  line(t.head, '#dce6f2')
  t.rows.forEach((r, i) => {
    if (doc.y + ROW > limit()) {
      doc.addPage()
      line(t.head, '#dce6f2')
    }
    line(r, i % 2 ? '#f4f7fb' : null)
  })
  doc.moveTo(M, doc.y).lineTo(M + WIDTH, doc.y).lineWidth(0.5).strokeColor('#999').stroke()
  doc.moveDown(0.8)
}
