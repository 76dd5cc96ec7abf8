import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { parseCsv } from '../domain/csv'
import type { Cell } from './ledger'

/** The most rows a ledger may have (a county's years of cases are tens of thousands). */
export const MAX_ROWS = 200_000

export interface Sheet {
  headers: string[]
  /** `line`: the row's number as the spreadsheet shows it (the header is row 1 of a CSV). */
  rows: { line: number; cells: Cell[] }[]
}

export class FileError extends Error {}

const isXlsx = (b: Buffer) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04

/** A ledger file, .xlsx (its first sheet) or .csv (UTF-8, or GBK as a Chinese Excel saves it), as a header row and rows. */
export async function readSheet(content: Buffer): Promise<Sheet> {
  const sheet = isXlsx(content) ? await readXlsx(content) : readCsv(content)
  if (!sheet.headers.some((h) => h.trim())) throw new FileError('文件第一行应为表头')
  if (sheet.rows.length > MAX_ROWS) throw new FileError(`最多 ${MAX_ROWS} 行，此文件有 ${sheet.rows.length} 行`)
  return sheet
}

function readCsv(content: Buffer): Sheet {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content)
  } catch {
    text = new TextDecoder('gbk').decode(content)
  }
  const [head, ...rest] = parseCsv(text)
  if (!head) throw new FileError('文件是空的')
  return { headers: head.fields.map((h) => h.trim()), rows: rest.map((r) => ({ line: r.line, cells: r.fields })) }
}

/** A cell's value as the ledger means it: a formula is kept as its text (=…), so that the checks refuse it. */
function cellOf(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null
  if (v instanceof Date || typeof v === 'string' || typeof v === 'number') return v
  if (typeof v === 'boolean') return String(v)
  if (typeof v === 'object') {
    if ('formula' in v || 'sharedFormula' in v) return `=${(v as { formula?: string }).formula ?? ''}`
    if ('richText' in v) return v.richText.map((t) => t.text).join('')
    if ('text' in v) return String((v as { text: unknown }).text)
    if ('error' in v) return String((v as { error: unknown }).error)
  }
  return String(v)
}

async function readXlsx(content: Buffer): Promise<Sheet> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(content), { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' })
  let headers: string[] | null = null
  const rows: Sheet['rows'] = []
  try {
    for await (const ws of reader) {
      for await (const row of ws as unknown as AsyncIterable<ExcelJS.Row>) {
        const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellOf)
        if (!headers) {
          if (values.some((x) => x !== null && String(x).trim())) headers = values.map((x) => (x === null ? '' : String(x).trim()))
          continue
        }
        if (values.every((x) => x === null || (typeof x === 'string' && !x.trim()))) continue
        rows.push({ line: row.number, cells: values })
        if (rows.length > MAX_ROWS) break
      }
      break // the first sheet only
    }
  } catch (e) {
    throw new FileError(`读不了这个 .xlsx 文件：${e instanceof Error ? e.message : String(e)}`)
  }
  if (!headers) throw new FileError('文件是空的')
  return { headers, rows }
}
