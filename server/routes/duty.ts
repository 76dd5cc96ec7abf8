import { Router } from 'express'
import { DUTY_QUEUE_LIMIT, RegionQuery } from '../contract'
import type { AppContext } from '../context'
import { prefixOf } from '../domain/regions'
import { byUrgency } from '../domain/urgency'
import { toSummary } from '../live/summary'
import { parse } from '../validate'
import { readScope } from './scope'

/** 值班台: the open red and yellow cases of the reader's region, most urgent first. */
export function dutyRouter({ stores, registry }: AppContext) {
  const r = Router()
  r.get('/duty/queue', async (req, res) => {
    const region = readScope(registry, res, parse(RegionQuery, req.query).region)
    const rows = await stores.cases.warned(prefixOf(region.code), DUTY_QUEUE_LIMIT + 1)
    const queue = rows.slice(0, DUTY_QUEUE_LIMIT).map(toSummary).sort(byUrgency)
    res.json({ region: region.code, cases: queue, truncated: rows.length > DUTY_QUEUE_LIMIT })
  })
  return r
}
