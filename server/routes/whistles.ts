import { Router } from 'express'
import { actorOf, authorize, inRegion, WRITERS } from '../auth/principal'
import { WhistleCreate, WhistleStep, WhistlesQuery } from '../contract'
import type { AppContext } from '../context'
import { parse, parseId } from '../validate'
import { readScope } from './scope'

/** People who supervise, review or administer read the whistles; the funnel's counts a wall reads too. */
const READ = ['admin', 'leader', 'duty'] as const

/**
 * 吹哨派单 → 接单. The desk (duty, admin) whistles a community's need to its paired unit and
 * records the unit's 接单 and 办结; a unit's own system may record them with an ingest key
 * (`answer` writers). 点名哨 comes from the clock.
 */
export function whistlesRouter({ whistles, registry }: AppContext) {
  const r = Router()
  const by = (p: ReturnType<typeof authorize>, address: string | undefined) => ({ ...actorOf(p), address })

  r.post('/whistles', async (req, res) => {
    const p = authorize(res, WRITERS.supervise)
    const body = parse(WhistleCreate, req.body)
    inRegion(p, body.communityCode)
    res.status(201).json(await whistles.create(body, p.region, by(p, req.ip)))
  })

  for (const action of ['take', 'done'] as const) {
    r.post(`/whistles/:id/${action}`, async (req, res) => {
      const p = authorize(res, WRITERS.answer)
      res.json(await whistles.step(parseId(req.params.id), action, parse(WhistleStep, req.body), p.region, by(p, req.ip)))
    })
  }

  /** A region's whistles (a unit's board: `organisation`), newest first. */
  r.get('/whistles', async (req, res) => {
    const q = parse(WhistlesQuery, req.query)
    const region = readScope(registry, res, q.region, { roles: READ })
    res.json(await whistles.list({ region: region.code, status: q.status, organisation: q.organisation, limit: q.limit }))
  })

  r.get('/whistles/funnel', async (req, res) => {
    const region = readScope(registry, res, typeof req.query.region === 'string' ? req.query.region : undefined, { roles: [...READ, 'screen'] })
    res.json(await whistles.funnel(region.code))
  })
  return r
}
