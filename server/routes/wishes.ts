import { Router } from 'express'
import { WishCreate, WishTransition } from '../contract'
import type { AppContext } from '../context'
import { wishSummary } from '../realtime/hub'
import { parse, parseId } from '../validate'

export function wishesRouter({ stores, hub }: AppContext) {
  const r = Router()
  r.post('/wishes', async (req, res) => {
    const { created, row, change } = await stores.wishes.create(parse(WishCreate, req.body))
    if (change) hub.wish(change)
    res.status(created ? 201 : 200).json(wishSummary(row))
  })
  r.post('/wishes/:id/transitions', async (req, res) => {
    const id = parseId(req.params.id)
    const change = await stores.wishes.transition(id, parse(WishTransition, req.body))
    hub.wish(change)
    res.json(wishSummary(change.after))
  })
  return r
}
