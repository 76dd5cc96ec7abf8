import { Router } from 'express'
import { IndicatorsQuery, RegionQuery } from '../contract'
import type { AppContext } from '../context'
import { dayOf, isoLocal } from '../domain/time'
import { readScope } from './scope'
import { parse } from '../validate'

export function indicatorsRouter({ registry, stores, hub, model, clock }: AppContext) {
  const r = Router()

  r.get('/indicators', async (req, res) => {
    const q = parse(IndicatorsQuery, req.query)
    readScope(registry, res, q.region)
    const block = await stores.indicators.period(q.region, q.from, q.to, q.kind)
    res.json({ region: q.region, from: q.from, to: q.to, kind: q.kind, ...block, open: model.openCountsOf(q.region) })
  })

  /** The last twelve months, this one included: the wall's trend. */
  r.get('/indicators/trend', async (req, res) => {
    const q = parse(RegionQuery, req.query)
    const region = readScope(registry, res, q.region)
    const today = dayOf(clock.now())
    const first = addMonths(`${today.slice(0, 7)}-01`, -11)
    res.json({ region: region.code, asOf: isoLocal(clock.now()), months: await stores.indicators.months(region.code, first, today) })
  })

  r.get('/snapshot', (req, res) => {
    const q = parse(RegionQuery, req.query)
    res.json(hub.snapshot(readScope(registry, res, q.region).code))
  })
  return r
}

/** The first of the month `n` months from `first` (a YYYY-MM-01). */
function addMonths(first: string, n: number) {
  const total = +first.slice(0, 4) * 12 + (+first.slice(5, 7) - 1) + n
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-01`
}
