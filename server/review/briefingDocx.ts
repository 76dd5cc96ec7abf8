import { AlignmentType, BorderStyle, Document, Footer, Header, ImageRun, Packer, PageNumber, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType, type FileChild } from 'docx'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import type { Briefing, BriefingBlock } from '../contract'
import { startOfDay } from '../domain/time'
import { chartPngs } from './chartImage'
import { pdfFont, type PdfFont } from './pdf'

/** A4 in twips, 2.54 cm margins; the text is 15.92 cm wide (601 px at 96 dpi). */
const PAGE = { width: 11906, height: 16838, margin: 1440 }
const TEXT_TWIPS = PAGE.width - 2 * PAGE.margin
const TEXT_PX = 600
const BODY = 24 // half-points: 12 pt (小四)

const run = (text: string, o: { size?: number; bold?: boolean; color?: string; font?: string } = {}) =>
  new TextRun({ text, size: o.size ?? BODY, bold: o.bold, color: o.color, font: o.font ? { eastAsia: o.font, ascii: o.font, hAnsi: o.font } : undefined })

/**
 * The briefing as a Word document (.docx) a centre can edit and print: the same sections, words,
 * charts (as images) and tables as the PDF. Its zip entries' times, its core properties' dates
 * and its drawings' ids are the data's, not the clock's: the same briefing gives the same bytes.
 */
export async function briefingDocx(b: Briefing, dataTo: string, font?: PdfFont): Promise<Buffer> {
  const f = pdfFont(font)
  let drawing = 0
  const charts = b.sections.flatMap((s) => s.blocks.filter((x): x is Extract<BriefingBlock, { type: 'chart' }> => x.type === 'chart'))
  const pictures = chartPngs(charts, f)
  const picture = (block: Extract<BriefingBlock, { type: 'chart' }>) => pictures[charts.indexOf(block)]!
  const children: FileChild[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, children: [run(b.title, { size: 36, font: '黑体' })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 360 }, children: [run(b.subtitle, { size: 21, color: '555555' })] }),
  ]
  for (const s of b.sections) {
    children.push(new Paragraph({ keepNext: true, spacing: { before: 240, after: 120 }, children: [run(s.heading, { size: 28, font: '黑体', color: '1F3864' })] }))
    for (const block of s.blocks) children.push(...render(block, picture, () => ++drawing))
  }
  const doc = new Document({
    creator: 'govscreen',
    title: b.title,
    description: b.subtitle,
    styles: { default: { document: { run: { size: BODY, font: { eastAsia: '宋体', ascii: 'Times New Roman', hAnsi: 'Times New Roman' } } } } },
    sections: [
      {
        properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin } } },
        headers: { default: new Header({ children: [new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: '999999', space: 1 } }, children: [run(b.title, { size: 17, color: '777777' })] })] }) },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ size: 17, color: '777777', children: ['第 ', PageNumber.CURRENT, ' 页 / 共 ', PageNumber.TOTAL_PAGES, ' 页'] })] })],
          }),
        },
        children,
      },
    ],
  })
  return settle(await Packer.toBuffer(doc), startOfDay(dataTo))
}

function render(block: BriefingBlock, picture: (chart: Extract<BriefingBlock, { type: 'chart' }>) => Buffer, nextId: () => number): FileChild[] {
  if (block.type === 'p') return [new Paragraph({ indent: { firstLine: BODY * 20 }, spacing: { line: 360, after: 100 }, alignment: AlignmentType.JUSTIFIED, children: [run(block.text)] })]
  if (block.type === 'list') return block.items.map((item, i) => new Paragraph({ indent: { left: 240 }, spacing: { line: 360, after: 60 }, children: [run(`（${i + 1}）${item}`, { size: 22 })] }))
  if (block.type === 'chart') {
    const id = nextId()
    return [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        keepNext: true,
        children: [new ImageRun({ type: 'png', data: picture(block), transformation: { width: TEXT_PX, height: Math.round((TEXT_PX * block.height) / block.width) }, altText: { id: String(id), name: `图${id}`, description: block.caption, title: block.caption } })],
      }),
      new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [run(block.caption, { size: 19, color: '555555' })] }),
    ]
  }
  // Each column as wide as its longest text (a Chinese character counts two, a digit 1.3), the page's width shared out.
  const long = block.head.map((h, i) => Math.max(...[h, ...block.rows.map((r) => r[i] ?? '')].map((c) => [...c].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1.3), 0))) + 3)
  const widths = long.map((n) => Math.floor((TEXT_TWIPS * n) / long.reduce((a, b) => a + b, 0)))
  const cell = (text: string, i: number, head: boolean, shade: string | null) =>
    new TableCell({
      width: { size: widths[i]!, type: WidthType.DXA },
      shading: shade ? { type: ShadingType.CLEAR, color: 'auto', fill: shade } : undefined,
      margins: { left: 80, right: 80, top: 30, bottom: 30 },
      children: [new Paragraph({ alignment: block.numeric[i] ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [run(text, { size: 19, bold: head })] })],
    })
  return [
    new Paragraph({ keepNext: true, spacing: { before: 120, after: 80 }, children: [run(block.caption, { size: 21, font: '黑体', color: '1F3864' })] }),
    new Table({
      width: { size: TEXT_TWIPS, type: WidthType.DXA },
      columnWidths: widths,
      rows: [
        new TableRow({ tableHeader: true, children: block.head.map((h, i) => cell(h, i, true, 'DCE6F2')) }),
        ...block.rows.map((r, n) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, i, false, n % 2 ? 'F4F7FB' : null)) })),
      ],
    }),
    new Paragraph({ spacing: { after: 120 }, children: [] }),
  ]
}

/**
 * The package made repeatable: docx stamps the clock into docProps/core.xml and the zip's entries;
 * here both carry the data's date, and the zip is written again entry by entry in the same order.
 */
function settle(buffer: Buffer, date: Date): Buffer {
  const files = unzipSync(new Uint8Array(buffer))
  const core = files['docProps/core.xml']
  if (core) {
    const stamp = date.toISOString().replace(/\.\d{3}Z$/, 'Z')
    files['docProps/core.xml'] = strToU8(strFromU8(core).replace(/(<dcterms:(created|modified)[^>]*>)[^<]*/g, `$1${stamp}`))
  }
  return Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([path, data]) => [path, [data, { mtime: date }]])), { level: 6 }))
}
