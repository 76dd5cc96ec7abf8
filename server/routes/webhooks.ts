import { Router } from 'express'
import { asAdmin, inRegion } from '../auth/principal'
import { WebhookCreate } from '../contract'
import type { AppContext } from '../context'
import { parse, parseId } from '../validate'

/** Notices to phones: an admin's webhooks for the region, their tests and delivery logs; audited. */
export function webhooksRouter({ webhooks }: AppContext) {
  const r = Router()
  const admin = asAdmin
  r.get('/admin/webhooks', async (req, res) => {
    const { p } = admin(req, res)
    res.json(await webhooks.byRegion(p.region))
  })
  r.post('/admin/webhooks', async (req, res) => {
    const { p, by } = admin(req, res)
    const body = parse(WebhookCreate, req.body)
    inRegion(p, body.regionCode)
    res.status(201).json(await webhooks.create(body, by))
  })
  for (const action of ['disable', 'enable'] as const) {
    r.post(`/admin/webhooks/:id/${action}`, async (req, res) => {
      const { p, by } = admin(req, res)
      res.json(await webhooks.setDisabled(parseId(req.params.id), action === 'disable', p.region, by))
    })
  }
  r.post('/admin/webhooks/:id/test', async (req, res) => {
    const { p } = admin(req, res)
    await webhooks.test(parseId(req.params.id), p.region)
    res.status(202).json({ queued: true })
  })
  r.get('/admin/webhooks/:id/deliveries', async (req, res) => {
    const { p } = admin(req, res)
    res.json(await webhooks.deliveries(parseId(req.params.id), p.region))
  })
  return r
}
