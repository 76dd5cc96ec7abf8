import { Router } from 'express'
import { ActivityCreate } from '../contract'
import type { AppContext } from '../context'
import { activitySummary } from '../realtime/hub'
import { parse } from '../validate'

export function activitiesRouter({ stores, hub }: AppContext) {
  const r = Router()
  r.post('/volunteer-activities', async (req, res) => {
    const { created, row, change } = await stores.activities.record(parse(ActivityCreate, req.body))
    if (change) hub.activity(change)
    res.status(created ? 201 : 200).json(activitySummary(row))
  })
  return r
}
