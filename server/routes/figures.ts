import { Router } from 'express'
import { authorize, inRegion } from '../auth/principal'
import { PublishedFigureCreate, ReconciliationQuery } from '../contract'
import type { AppContext } from '../context'
import { figureDef } from '../domain/reconcile'
import { badRequest } from '../errors'
import { ReconcileStore } from '../store/reconcile'
import { parse, parseId } from '../validate'
import { readScope } from './scope'

/** People who review read the reconciliation; the centre's admins and leaders record what they published. */
const READ = ['admin', 'leader', 'duty'] as const
const WRITE = ['admin', 'leader'] as const

/** 口径对账: published figures beside what the records give, and why they differ. */
export function figuresRouter({ db, registry, points, clock }: AppContext) {
  const r = Router()
  const store = new ReconcileStore(db, registry, points)

  r.get('/reconciliation', async (req, res) => {
    const region = readScope(registry, res, parse(ReconciliationQuery, req.query).region, { roles: READ })
    res.json({ region: { code: region.code, name: region.name, level: region.level }, rows: await store.list(region.code) })
  })

  r.post('/published-figures', async (req, res) => {
    const p = authorize(res, WRITE)
    const body = parse(PublishedFigureCreate, req.body)
    const region = registry.region(body.regionCode)
    if (!region || region.level === 'grid') throw badRequest('regionCode', `no region with code ${body.regionCode}`)
    inRegion(p, body.regionCode)
    if (body.category !== undefined) {
      if (!figureDef(body.indicator)!.cases) throw badRequest('category', 'only a case indicator is counted by category')
      if (!registry.has('category', body.category)) throw badRequest('category', `unknown category '${body.category}'`)
    }
    if (figureDef(body.indicator)!.kind === 'rate' && body.value > 100) throw badRequest('value', 'a rate is at most 100 (per cent)')
    res.status(201).json(await store.create(body, p.name, clock.now()))
  })

  r.delete('/published-figures/:id', async (req, res) => {
    const p = authorize(res, WRITE)
    await store.remove(parseId(req.params.id), p.region)
    res.status(204).end()
  })
  return r
}
