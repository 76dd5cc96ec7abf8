import { Router } from 'express'
import { NoticeAnswer, NoticeCreate, NoticeEscalate, NoticeListQuery } from '../contract'
import type { AppContext } from '../context'
import { prefixOf } from '../domain/regions'
import { authorize, inRegion, WRITERS, type Principal } from '../auth/principal'
import { notFound } from '../errors'
import { readCase, readScope } from './scope'
import { toNotice } from '../live/summary'
import { parse, parseId } from '../validate'

/** 双重督办: supervision notices on a case, answered by the unit or escalated up the ladder. */
export function supervisionRouter({ stores, rules, registry }: AppContext) {
  const r = Router()
  const view = (n: Parameters<typeof toNotice>[0]) => toNotice(n, rules.current)

  /** The case behind a write must lie in the writer's region. */
  const caseInRegion = async (p: Principal, caseId: number) => {
    const found = await stores.cases.get(caseId)
    if (!found) throw notFound(`case ${caseId}`)
    inRegion(p, found.row.communityCode)
  }
  const noticeInRegion = async (p: Principal, noticeId: number) => {
    const n = await stores.notices.get(noticeId)
    if (!n) throw notFound(`notice ${noticeId}`)
    await caseInRegion(p, n.caseId)
  }

  r.post('/cases/:id/notices', async (req, res) => {
    const p = authorize(res, WRITERS.supervise)
    const id = parseId(req.params.id)
    const input = parse(NoticeCreate, req.body)
    await caseInRegion(p, id)
    const nc = (await stores.notices.issue(id, { ...input, issuedBy: p.name }))!
    res.status(201).json(view(nc.notice))
  })

  r.get('/cases/:id/notices', async (req, res) => {
    const id = parseId(req.params.id)
    const found = await stores.cases.get(id)
    if (!found) throw notFound(`case ${id}`)
    readCase(res, found.row.communityCode)
    res.json((await stores.notices.ofCase(id)).map(view))
  })

  r.get('/notices', async (req, res) => {
    const q = parse(NoticeListQuery, req.query)
    const region = readScope(registry, res, q.region)
    res.json((await stores.notices.list({ prefix: prefixOf(region.code), open: q.open === 'true', limit: q.limit })).map(view))
  })

  r.post('/notices/:id/answer', async (req, res) => {
    const p = authorize(res, WRITERS.answer)
    const id = parseId(req.params.id)
    const input = parse(NoticeAnswer, req.body)
    await noticeInRegion(p, id)
    // Recorded as the caller's answer, whatever name the body gives.
    const nc = await stores.notices.answer(id, p.name, input.answer)
    res.json(view(nc.notice))
  })

  r.post('/notices/:id/escalate', async (req, res) => {
    const p = authorize(res, WRITERS.supervise)
    const id = parseId(req.params.id)
    const input = parse(NoticeEscalate, req.body)
    await noticeInRegion(p, id)
    const nc = (await stores.notices.escalate(id, p.name, input.note))!
    res.json(view(nc.notice))
  })

  return r
}
