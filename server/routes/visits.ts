import { Router } from 'express'
import { z } from 'zod'
import { authorize, inRegion } from '../auth/principal'
import { VisitCreate, VisitLookup } from '../contract'
import type { AppContext } from '../context'
import { parse } from '../validate'
import { readScope } from './scope'

/** Who meets visitors at the window, and who reads the register (names and phones masked, purposes as written). */
const DESK = ['duty', 'admin'] as const
const READ = ['duty', 'admin', 'leader'] as const
const VisitListQuery = z.object({ region: z.string().max(15).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict()

/** 来访登记 at the desk: register a visit on a new or an existing matter; find a visitor's earlier visits. */
export function visitsRouter({ visits, registry }: AppContext) {
  const r = Router()
  r.post('/visits', async (req, res) => {
    const p = authorize(res, DESK)
    const input = parse(VisitCreate, req.body)
    inRegion(p, input.communityCode)
    const { visit } = await visits.create(input, p.region, { name: p.name, userId: p.userId })
    res.status(201).json(visit)
  })
  r.post('/visits/lookup', async (req, res) => {
    const p = authorize(res, DESK)
    res.json(await visits.lookup(parse(VisitLookup, req.body), p.region))
  })
  r.get('/visits', async (req, res) => {
    const q = parse(VisitListQuery, req.query)
    const region = readScope(registry, res, q.region, { roles: READ })
    res.json(await visits.list(region.code, q.limit))
  })
  return r
}
