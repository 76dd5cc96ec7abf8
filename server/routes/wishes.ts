import { Router } from 'express'
import { WishCreate, WishTransition } from '../contract'
import type { AppContext } from '../context'
import { wishSummary } from '../live/summary'
import { authorize, inRegion, mayHaveBack, WRITERS, writerOf } from '../auth/principal'
import { forbidden, notFound } from '../errors'
import { parse, parseId } from '../validate'

export function wishesRouter({ stores, clock }: AppContext) {
  const r = Router()
  r.post('/wishes', async (req, res) => {
    const p = authorize(res, WRITERS.feed)
    const input = parse(WishCreate, req.body)
    inRegion(p, input.communityCode)
    const { created, row } = await stores.wishes.create(input, writerOf(p), clock.now())
    if (!created) mayHaveBack(p, row)
    res.status(created ? 201 : 200).json(wishSummary(row))
  })
  r.post('/wishes/:id/transitions', async (req, res) => {
    const p = authorize(res, WRITERS.feed)
    const id = parseId(req.params.id)
    const t = parse(WishTransition, req.body)
    const wish = await stores.wishes.get(id)
    if (!wish) throw notFound(`wish ${id}`)
    inRegion(p, wish.communityCode)
    // An outside system moves only the wishes it reported.
    if (p.role === 'ingest' && wish.writer !== writerOf(p)) throw forbidden('writer', 'this key acts on the wishes it reported only')
    const change = await stores.wishes.transition(id, t, clock.now())
    res.json(wishSummary(change.after))
  })
  return r
}
