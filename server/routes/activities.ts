import { Router } from 'express'
import { ActivityCreate, HeatQuery, type VolunteerHeat } from '../contract'
import { prefixOf } from '../domain/regions'
import { isoLocal } from '../domain/time'
import { authorize, inRegion, mayHaveBack, WRITERS, writerOf } from '../auth/principal'
import { readScope } from './scope'
import { volunteerHeat } from '../store/heat'
import type { AppContext } from '../context'
import { activitySummary } from '../live/summary'
import { parse } from '../validate'

export function activitiesRouter({ stores, db, registry, clock }: AppContext) {
  const r = Router()
  r.post('/volunteer-activities', async (req, res) => {
    const p = authorize(res, WRITERS.feed)
    const input = parse(ActivityCreate, req.body)
    inRegion(p, input.communityCode)
    const { created, row } = await stores.activities.record(input, writerOf(p), clock.now())
    if (!created) mayHaveBack(p, row)
    res.status(created ? 201 : 200).json(activitySummary(row))
  })

  /** Heat of volunteer service over the last days: on the map and as a weekday × hour matrix. */
  r.get('/volunteers/heat', async (req, res) => {
    const q = parse(HeatQuery, req.query)
    const region = readScope(registry, res, q.region)
    const now = clock.now()
    const heat = await volunteerHeat(db, prefixOf(region.code), new Date(+now - q.days * 86_400_000))
    const body: VolunteerHeat = { region: region.code, days: q.days, asOf: isoLocal(now), ...heat }
    res.json(body)
  })
  return r
}
