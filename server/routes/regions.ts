import { Router } from 'express'
import { RegionsQuery } from '../contract'
import type { AppContext } from '../context'
import { parse } from '../validate'

export function regionsRouter({ registry }: AppContext) {
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
  return r
}
