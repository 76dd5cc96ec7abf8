import { Router } from 'express'
import { CaseCreate, CaseListQuery, CaseTransition } from '../contract'
import { prefixOf } from '../domain/regions'
import { authorize, inRegion, WRITERS } from '../auth/principal'
import { forbidden, notFound } from '../errors'
import { readCase, readScope } from './scope'
import { toDetail, toSummary } from '../live/summary'
import type { AppContext } from '../context'
import { parse, parseId } from '../validate'

export function casesRouter({ stores, registry, rules }: AppContext) {
  const r = Router()

  r.post('/cases', async (req, res) => {
    const p = authorize(res, WRITERS.feed)
    const input = parse(CaseCreate, req.body)
    inRegion(p, input.regionCode)
    if (p.role === 'ingest' && input.source !== p.name) throw forbidden('source', `this key writes as source '${p.name}'`)
    const { created, row } = await stores.cases.create(input)
    res.status(created ? 201 : 200).json(toSummary(row))
  })

  r.post('/cases/:id/transitions', async (req, res) => {
    const p = authorize(res, WRITERS.feed)
    const id = parseId(req.params.id)
    const t = parse(CaseTransition, req.body)
    const current = await stores.cases.get(id)
    if (!current) throw notFound(`case ${id}`)
    inRegion(p, current.row.communityCode)
    // A person's action is recorded under their name; a system says who acted in its own terms.
    if (p.kind === 'user') t.actor = p.name
    const change = await stores.cases.transition(id, t)
    res.json(toSummary(change.after))
  })

  r.get('/cases', async (req, res) => {
    const q = parse(CaseListQuery, req.query)
    const region = readScope(registry, res, q.region, { allowGrid: true })
    const rows = await stores.cases.list({ prefix: prefixOf(region.code), open: q.open === 'true', limit: q.limit })
    res.json(rows.map(toSummary))
  })

  r.get('/cases/:id', async (req, res) => {
    const id = parseId(req.params.id)
    const found = await stores.cases.get(id)
    if (!found) throw notFound('case')
    readCase(res, found.row.communityCode)
    res.json(toDetail(found.row, found.timeline, await stores.notices.ofCase(id), rules.current))
  })

  return r
}
