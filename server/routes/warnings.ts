import { Router } from 'express'
import { RegionQuery, TrendsQuery, WarningRules } from '../contract'
import { startOfDay } from '../domain/time'
import type { AppContext } from '../context'
import { actorOf, authorize, inRegion, READERS, WRITERS } from '../auth/principal'
import { badRequest } from '../errors'
import { readScope } from './scope'
import { toSummary } from '../live/summary'
import { parse } from '../validate'

/** The warning rules in force, and the colours they give regions and cases. */
export function warningsRouter({ rules, warnings, trends, model, registry, clock, rootCode }: AppContext) {
  const r = Router()

  /** 趋势预警: the region's open trend flags (places and categories, counts: a wall reads them too); `since` a day: those cleared since then as well. */
  r.get('/trends', async (req, res) => {
    const q = parse(TrendsQuery, req.query)
    const region = readScope(registry, res, q.region)
    res.json(await trends.list(region.code, q.since ? startOfDay(q.since) : undefined))
  })

  r.get('/warning-rules', (_req, res) => {
    authorize(res, READERS)
    res.json(rules.current)
  })

  /** Any subset of the rules; the result must be a valid whole. Applied to every open case at once. */
  r.put('/warning-rules', async (req, res) => {
    const p = authorize(res, WRITERS.rules)
    inRegion(p, rootCode)
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) throw badRequest('(body)', 'expected an object of rule fields')
    const next = parse(WarningRules, { ...rules.current, ...req.body })
    await rules.save(next, { ...actorOf(p), address: req.ip }, clock.now(), rootCode)
    await warnings.reconfigure()
    res.json(rules.current)
  })


  /** The region's colour and its children's, with the counts behind each. */
  r.get('/warnings/regions', (req, res) => {
    const region = readScope(registry, res, parse(RegionQuery, req.query).region)
    const codes = [region.code, ...registry.regions().filter((x) => x.parentCode === region.code && x.level !== 'grid').map((x) => x.code)]
    res.json(codes.map((c) => model.regionColour(c, rules.current)))
  })

  /** Open red cases, the most recently turned red first. */
  r.get('/warnings/red', (req, res) => {
    const region = readScope(registry, res, parse(RegionQuery, req.query).region)
    res.json(model.redFlags(region.code).map(toSummary))
  })

  return r
}
