import { Router } from 'express'
import ExcelJS from 'exceljs'
import { asAdmin } from '../auth/principal'
import { ImportUpload, ImportUploadQuery } from '../contract'
import type { AppContext } from '../context'
import { badRequest } from '../errors'
import { parse, parseId } from '../validate'

/**
 * 台账导入, for the centre's admins within their region: a ledger is checked (a dry run lists
 * every bad row and stores no case), then stored in the background with its progress; the
 * problems download as a workbook.
 */
export function importsRouter({ imports }: AppContext) {
  const r = Router()
  const admin = asAdmin

  r.post('/imports', async (req, res) => {
    const { p, by } = admin(req, res)
    const json = Buffer.isBuffer(req.body) ? null : parse(ImportUpload, req.body)
    const opts = json ?? parse(ImportUploadQuery, req.query)
    const content = json ? Buffer.from(json.file, 'base64') : (req.body as Buffer)
    if (!Buffer.isBuffer(content) || !content.length) throw badRequest('file', 'send the .xlsx or .csv file as the body, or as base64 in `file`')
    const checked = await imports.dryRun(content, opts.name, p.region, { mapping: opts.mapping, zone: opts.zone }, by)
    if (opts.dryRun) return res.json(checked)
    res.status(202).json(await imports.start(checked.id, p.region, by))
  })

  r.post('/imports/:id/start', async (req, res) => {
    const { p, by } = admin(req, res)
    res.status(202).json(await imports.start(parseId(req.params.id), p.region, by))
  })

  r.get('/imports', async (req, res) => {
    const { p } = admin(req, res)
    res.json(await imports.list(p.region))
  })

  r.get('/imports/:id', async (req, res) => {
    const { p } = admin(req, res)
    res.json(await imports.get(parseId(req.params.id), p.region))
  })

  /** The problems as a workbook: row, column, value, reason (values are cells of text, never formulas). */
  r.get('/imports/:id/problems.xlsx', async (req, res) => {
    const { p } = admin(req, res)
    const v = await imports.get(parseId(req.params.id), p.region)
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('问题行')
    ws.columns = [
      { header: '行号', key: 'row', width: 8 },
      { header: '列', key: 'column', width: 16 },
      { header: '内容', key: 'value', width: 40 },
      { header: '原因', key: 'reason', width: 50 },
    ]
    for (const x of v.problems) ws.addRow({ row: x.row, column: x.column, value: { richText: [{ text: x.value }] }, reason: x.reason })
    if (v.problemCount > v.problems.length) ws.addRow({ reason: `另有 ${v.problemCount - v.problems.length} 个问题未列出` })
    res.set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    res.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${v.fileName}-问题行.xlsx`)}`)
    res.send(Buffer.from(await wb.xlsx.writeBuffer()))
  })
  return r
}
