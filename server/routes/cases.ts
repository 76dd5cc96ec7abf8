import { Router } from 'express'
import { CaseBatch, CaseCreate, CaseListQuery, CaseTransition } from '../contract'
import { prefixOf } from '../domain/regions'
import { actorOf, authorize, inRegion, mayHaveBack, WRITERS } from '../auth/principal'
import { forbidden, HttpError, notFound } from '../errors'
import { readCase, readScope } from './scope'
import { toDetail, toSummary } from '../live/summary'
import type { AppContext } from '../context'
import { parse, parseId, validationError } from '../validate'

export function casesRouter({ stores, registry, rules }: AppContext) {
  const r = Router()

  r.post('/cases', async (req, res) => {
    const p = authorize(res, WRITERS.feed)
    const input = parse(CaseCreate, req.body)
    inRegion(p, input.regionCode)
    if (p.role === 'ingest' && input.source !== p.name) throw forbidden('source', `this key writes as source '${p.name}'`)
    const { created, row } = await stores.cases.create(input)
    if (!created) mayHaveBack(p, row)
    res.status(created ? 201 : 200).json(toSummary(row))
  })

  /**
   * Many reports at once (a hotline or ledger sync): one transaction, one answer per report in
   * order, each with the status a single POST would have had.
   */
  r.post(/^\/cases:batch$/, async (req, res) => {
    const p = authorize(res, WRITERS.feed)
    const { cases } = parse(CaseBatch, req.body)
    const checked = cases.map((raw) => {
      try {
        const r = CaseCreate.safeParse(raw)
        if (!r.success) throw validationError(r.error)
        inRegion(p, r.data.regionCode)
        if (p.role === 'ingest' && r.data.source !== p.name) throw forbidden('source', `this key writes as source '${p.name}'`)
        return { input: r.data }
      } catch (e) {
        if (e instanceof HttpError) return { error: e }
        throw e
      }
    })
    const inputs = checked.flatMap((c) => (c.input ? [c.input] : []))
    const stored = await stores.cases.createMany(inputs)
    let next = 0
    const results = checked.map((c, index) => {
      let r = c.input ? stored[next++]! : { ok: false as const, error: c.error! }
      if (r.ok && !r.created) {
        try {
          mayHaveBack(p, r.row)
        } catch (e) {
          r = { ok: false as const, error: e as HttpError }
        }
      }
      return r.ok ? { index, status: r.created ? 201 : 200, case: toSummary(r.row) } : { index, status: r.error.status, error: r.error.code, message: r.error.message, issues: r.error.issues }
    })
    const count = (f: (s: number) => boolean) => results.filter((r) => f(r.status)).length
    res.json({ created: count((s) => s === 201), existing: count((s) => s === 200), failed: count((s) => s >= 400), results })
  })

  r.post('/cases/:id/transitions', async (req, res) => {
    const p = authorize(res, WRITERS.feed)
    const id = parseId(req.params.id)
    const t = parse(CaseTransition, req.body)
    const current = await stores.cases.get(id)
    if (!current) throw notFound(`case ${id}`)
    inRegion(p, current.row.communityCode)
    // An outside system moves only the cases it reported.
    if (p.role === 'ingest' && current.row.source !== p.name) throw forbidden('source', `this key acts on cases of source '${p.name}' only`)
    const change = await stores.cases.transition(id, t, actorOf(p))
    res.json(toSummary(change.after))
  })

  r.get('/cases', async (req, res) => {
    const q = parse(CaseListQuery, req.query)
    const region = readScope(registry, res, q.region, { allowGrid: true })
    const rows = await stores.cases.list({ prefix: prefixOf(region.code), open: q.open === undefined ? undefined : q.open === 'true', limit: q.limit })
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
