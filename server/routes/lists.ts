import { Router } from 'express'
import { actorOf, authorize, inRegion, WRITERS } from '../auth/principal'
import { CouncilQuery, ListClaim, ListItemCreate, ListsQuery, ProjectDone } from '../contract'
import type { AppContext } from '../context'
import { toCsv } from '../domain/csv'
import { parse, parseId } from '../validate'
import { readScope } from './scope'

/** People who supervise, review or administer read the lists; a unit's system (ingest) reads them to claim; the counts a wall reads too. */
const READ = ['admin', 'leader', 'duty', 'ingest'] as const

const SATISFACTION: Record<string, string> = { satisfied: '满意', neutral: '基本满意', unsatisfied: '不满意' }
const STATUS: Record<string, string> = { open: '待认领', claimed: '已认领', done: '已完成' }

/**
 * 三张清单 and 双向认领: the desk (or a community's or unit's system, with an ingest key) lists
 * needs and resources, records claims and reports projects done; the council's list for the 15th
 * is read as JSON or exported as CSV.
 */
export function listsRouter({ lists, registry }: AppContext) {
  const r = Router()
  const by = (p: ReturnType<typeof authorize>, address: string | undefined) => ({ ...actorOf(p), address })

  r.post('/lists', async (req, res) => {
    const p = authorize(res, WRITERS.feed)
    const body = parse(ListItemCreate, req.body)
    if (body.kind === 'need') inRegion(p, body.communityCode)
    res.status(201).json(await lists.create(body, p.region, by(p, req.ip)))
  })

  r.post('/lists/:id/claim', async (req, res) => {
    const p = authorize(res, WRITERS.answer)
    res.json(await lists.claim(parseId(req.params.id), parse(ListClaim, req.body), p.region, by(p, req.ip)))
  })

  r.post('/lists/:id/done', async (req, res) => {
    const p = authorize(res, WRITERS.answer)
    res.json(await lists.done(parseId(req.params.id), parse(ProjectDone, req.body), p.region, by(p, req.ip)))
  })

  r.get('/lists', async (req, res) => {
    const q = parse(ListsQuery, req.query)
    const region = readScope(registry, res, q.region, { roles: READ })
    res.json(await lists.list({ region: region.code, kind: q.kind, status: q.status, organisation: q.organisation, limit: q.limit }))
  })

  r.get('/lists/summary', async (req, res) => {
    const region = readScope(registry, res, typeof req.query.region === 'string' ? req.query.region : undefined, { roles: [...READ, 'screen'] })
    res.json(await lists.summary(region.code))
  })

  /** 萤火议事会: a community's list for the meeting (the 15th), as JSON or a CSV to print. */
  r.get('/lists/council', async (req, res) => {
    const q = parse(CouncilQuery, req.query)
    const p = authorize(res, READ)
    inRegion(p, q.community)
    const agenda = await lists.council(q.community, q.date, p.region)
    if (q.format === 'json') return void res.json(agenda)
    const head = ['议题', '清单', '编号', '事项', '说明', '社区', '单位', '状态', '登记时间', '认领时间', '完成时间', '服务人数', '群众评价']
    const KIND: Record<string, string> = { need: '需求', resource: '资源', project: '项目' }
    const sections = [
      ['待认领需求', agenda.openNeeds],
      ['可认领资源', agenda.openResources],
      ['推进中项目', agenda.projectsUnderWay],
      ['上次议事以来认领', agenda.claimedSince],
      ['上次议事以来完成', agenda.doneSince],
    ] as const
    const rows = sections.flatMap(([section, items]) =>
      items.map((i) => [section, KIND[i.kind]!, String(i.id), i.title, i.detail, i.communityName ?? '', i.organisationName ?? '', STATUS[i.status]!, i.createdAt, i.claimedAt ?? '', i.doneAt ?? '', i.peopleServed ? String(i.peopleServed) : '', i.satisfaction ? SATISFACTION[i.satisfaction]! : '']),
    )
    const title = [`${agenda.community.name} 萤火议事会议题清单（${agenda.date}，自 ${agenda.since} 起）`]
    const name = `${agenda.community.name}-${agenda.date}-议事清单.csv`
    res.set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="council-${agenda.date}.csv"; filename*=UTF-8''${encodeURIComponent(name)}` })
    res.send(toCsv([title, head, ...rows]))
  })
  return r
}
