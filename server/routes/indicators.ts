import { Router } from 'express'
import { IndicatorsQuery, RegionQuery } from '../contract'
import type { AppContext } from '../context'
import { unprocessable } from '../errors'
import { parse } from '../validate'

export function indicatorsRouter({ registry, stores, hub, model, countyCode }: AppContext) {
  const r = Router()
  const regionOrFail = (code: string) => {
    const region = registry.region(code)
    if (!region || region.level === 'grid') throw unprocessable('region', `no county, town or community with code ${code}`)
    return region
  }

  r.get('/indicators', async (req, res) => {
    const q = parse(IndicatorsQuery, req.query)
    regionOrFail(q.region)
    const block = await stores.indicators.period(q.region, q.from, q.to)
    res.json({ region: q.region, from: q.from, to: q.to, ...block, open: model.openCountsOf(q.region) })
  })

  r.get('/snapshot', (req, res) => {
    const q = parse(RegionQuery, req.query)
    res.json(hub.snapshot(regionOrFail(q.region ?? countyCode).code))
  })
  return r
}
