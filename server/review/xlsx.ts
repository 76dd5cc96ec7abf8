import ExcelJS from 'exceljs'
import type { ReviewView } from '../contract'
import type { Registry } from '../store/registry'
import { reviewTables } from './tables'

/** The review as a workbook: one sheet per table, Chinese headers, numbers as numbers. */
export async function reviewWorkbook(v: ReviewView, registry: Registry): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'govscreen'
  wb.created = new Date(v.generatedAt)
  for (const t of reviewTables(v, registry)) {
    const ws = wb.addWorksheet(t.name.slice(0, 31))
    ws.addRow([t.title]).font = { bold: true, size: 14 }
    ws.addRow([`${v.from} 至 ${v.to}${v.current ? '（截至今日）' : ''} · 生成于 ${v.generatedAt.replace('T', ' ').slice(0, 19)}`])
    const head = ws.addRow(t.headers)
    head.font = { bold: true }
    head.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F2' } }))
    for (const row of t.rows) ws.addRow(row.map((c) => (c === null ? '—' : c)))
    ws.columns.forEach((col, i) => (col.width = i === 0 ? 22 : Math.max(12, (t.headers[i]?.length ?? 6) * 2 + 2)))
    ws.views = [{ state: 'frozen', ySplit: 3 }]
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
