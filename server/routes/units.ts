import { Router } from 'express'
import { z } from 'zod'
import { asAdmin, authorize, inRegion } from '../auth/principal'
import { UnitCreate, UnitPatch, UnitsQuery } from '../contract'
import type { AppContext } from '../context'
import { parseCsv } from '../domain/csv'
import { within } from '../domain/regions'
import { badRequest, notFound } from '../errors'
import type { UnitImportRow } from '../store/units'
import { parse, parseId } from '../validate'

/** People who dispatch, supervise, review or administer read the directory; machines do not. */
const READ = ['admin', 'leader', 'duty'] as const

/** What a units CSV's header may call each column, in Chinese or English. */
const COLUMNS: Record<keyof Omit<UnitImportRow, 'line'>, string[]> = {
  name: ['名称', '单位名称', '承办单位', 'name', 'unit'],
  region: ['所属地区', '地区', '区划代码', 'region', 'regioncode'],
  parent: ['上级单位', '上级', 'parent'],
  contactName: ['联系人', 'contact', 'contactname'],
  contactPhone: ['联系电话', '电话', 'phone', 'contactphone'],
}

export const UnitImport = z.object({ csv: z.string().max(4 * 2 ** 20, 'at most 4 MB of text'), dryRun: z.boolean().default(false) }).strict()

/** The rows of a units CSV by column meaning; a 400 naming what the header lacks. */
export function unitRows(csv: string): UnitImportRow[] {
  const [head, ...rest] = parseCsv(csv)
  if (!head) throw badRequest('csv', 'the file is empty')
  const names = head.fields.map((f) => f.trim().toLowerCase().replace(/[\s_（）()]/g, ''))
  const at = Object.fromEntries(Object.entries(COLUMNS).map(([k, aliases]) => [k, names.findIndex((n) => aliases.includes(n))])) as Record<keyof typeof COLUMNS, number>
  if (at.name < 0) throw badRequest('csv', `no column 名称 (unit name) in the header: ${head.fields.join(', ')}`)
  if (at.region < 0) throw badRequest('csv', `no column 所属地区 (the unit's county, town or community, by name or code) in the header: ${head.fields.join(', ')}`)
  if (rest.length > 20_000) throw badRequest('csv', `${rest.length} rows: at most 20,000 units in one file`)
  const get = (f: string[], i: number) => (i < 0 ? '' : (f[i] ?? ''))
  return rest.map((r) => ({ line: r.line, name: get(r.fields, at.name), region: get(r.fields, at.region), parent: get(r.fields, at.parent), contactName: get(r.fields, at.contactName), contactPhone: get(r.fields, at.contactPhone) }))
}

/**
 * 承办单位: the units directory. Read by people for dispatch and review (their region's units
 * and those above it that serve it); written by admins within their region, audited.
 */
export function unitsRouter({ units }: AppContext) {
  const r = Router()
  const admin = asAdmin
  const own = async (region: string, id: number) => {
    const u = await units.byId(id)
    if (!u || !within(u.regionCode, region)) throw notFound(`unit ${id}`)
    return u
  }

  /** For dispatch: `for` a case's community, the units that may take it (its own, then those above). */
  r.get('/units', async (req, res) => {
    const p = authorize(res, READ)
    const q = parse(UnitsQuery, req.query)
    if (q.for) inRegion(p, q.for)
    const rows = await units.list({ reader: p.region, withAbove: true, forCode: q.for, q: q.q, disabled: q.disabled, limit: q.limit })
    res.json(await units.views(rows))
  })

  r.get('/admin/units', async (req, res) => {
    const { p } = admin(req, res)
    const q = parse(UnitsQuery, { limit: '5000', ...req.query })
    const rows = await units.list({ reader: p.region, q: q.q, disabled: q.disabled ?? true, limit: q.limit, order: 'tree' })
    res.json(await units.views(rows))
  })

  r.post('/admin/units', async (req, res) => {
    const { p, by } = admin(req, res)
    const body = parse(UnitCreate, req.body)
    inRegion(p, body.regionCode)
    const u = await units.create(body, by)
    res.status(201).json((await units.views([u]))[0])
  })

  r.patch('/admin/units/:id', async (req, res) => {
    const { p, by } = admin(req, res)
    const u = await own(p.region, parseId(req.params.id))
    const body = parse(UnitPatch, req.body)
    res.json((await units.views([await units.update(u.id, body, by)]))[0])
  })

  for (const [path, disabled] of [['disable', true], ['enable', false]] as const) {
    r.post(`/admin/units/:id/${path}`, async (req, res) => {
      const { p, by } = admin(req, res)
      const u = await own(p.region, parseId(req.params.id))
      res.json((await units.views([await units.setDisabled(u.id, disabled, by)]))[0])
    })
  }

  /**
   * Imports a CSV (UTF-8; the page decodes GBK files before sending): every row checked first;
   * any problem and nothing is stored (422 with the list); `dryRun` only checks.
   */
  r.post('/admin/units/import', async (req, res) => {
    const { p, by } = admin(req, res)
    const body = parse(UnitImport, req.body)
    const result = await units.importRows(unitRows(body.csv), p.region, body.dryRun, by)
    res.status(result.problems.length ? 422 : 200).json(result)
  })
  return r
}
