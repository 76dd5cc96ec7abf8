import { Router } from 'express'
import { RegionsQuery } from '../contract'
import type { AppContext } from '../context'
import { badRequest, unprocessable } from '../errors'
import { parse } from '../validate'
import { readScope } from './scope'

export function regionsRouter({ registry, boundaries }: AppContext) {
  const r = Router()
  r.get('/codes', (_req, res) => {
    res.json(registry.allCodes())
  })
  r.get('/regions', (req, res) => {
    const q = parse(RegionsQuery, req.query)
    const rows = registry
      .regions()
      .filter((x) => (!q.level || x.level === q.level) && (!q.parent || x.parentCode === q.parent))
      .sort((a, b) => a.code.localeCompare(b.code))
    res.json(rows)
  })
  /** The caller's own region: where a wall opened without `?region=` starts. */
  r.get('/regions/home', (_req, res) => {
    const region = readScope(registry, res, undefined)
    res.json({ code: region.code, name: region.name, level: region.level })
  })
  /** Boundaries for the maps: a county's or town's communities, a city's counties, a province's cities. */
  r.get('/geo/:code', (req, res) => {
    const code = String(req.params.code)
    if (!/^\d{12}$/.test(code)) throw badRequest('code', 'must be a 12-digit division code')
    const geo = boundaries.of(code)
    if (!geo) throw unprocessable('code', `no province, city, county or town with code ${code}`)
    res.set('cache-control', 'max-age=3600').json(geo)
  })
  return r
}
