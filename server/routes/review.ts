import { Router, type Response } from 'express'
import { ReviewCasesQuery, ReviewQuery, type ReviewCases, type ReviewView } from '../contract'
import { KIND_WORDS } from '../review/kindWords'
import type { AppContext } from '../context'
import { quarterId, quarterRange } from '../domain/quarters'
import { dayOf } from '../domain/time'
import { toSummary } from '../live/summary'
import { buildBriefing } from '../review/briefing'
import { briefingDocx } from '../review/briefingDocx'
import { briefingPdf } from '../review/briefingPdf'
import { reviewPdf } from '../review/pdf'
import { reviewBefore, reviewView } from '../review/view'
import { reviewWorkbook } from '../review/xlsx'
import { ReviewStore } from '../store/review'
import { parse } from '../validate'
import { readScope } from './scope'

/** People review; walls and machines do not. */
const REVIEWERS = ['admin', 'leader', 'duty'] as const

/** 季度研判: indicators, comparison, ranking, the cases behind a number, and exports. */
export function reviewRouter({ db, registry, clock, pdfFont, rules, trends }: AppContext) {
  const r = Router()
  const store = new ReviewStore(db)

  const scope = (res: Response, code: string | undefined) => readScope(registry, res, code, { roles: REVIEWERS })
  const view = (res: Response, q: ReviewQuery) => reviewView(store, registry, scope(res, q.region), q.quarter, clock.now(), rules.current.successTarget, q.kind, (region, from, to) => trends.raisedIn(region, from, to))
  /** 研判报告: the quarter's review, and the quarter before as far as the briefing compares with it. */
  const briefing = async (res: Response, q: ReviewQuery) => {
    const v = await view(res, q)
    const before = await reviewBefore(store, registry, registry.region(v.region.code)!, v, clock.now())
    return { view: v, briefing: buildBriefing(v, before, (kind, code) => registry.code(kind, code)?.zh ?? code) }
  }
  const fileName = (v: { region: { name: string }; quarter: string; kind: ReviewView['kind'] }, ext: string, what = '季度研判') => `${v.region.name}-${v.quarter}-${KIND_WORDS[v.kind]}-${what}.${ext}`
  const attach = (res: Response, name: string, type: string) =>
    res.set({ 'content-type': type, 'content-disposition': `attachment; filename="review.${name.split('.').pop()}"; filename*=UTF-8''${encodeURIComponent(name)}` })

  r.get('/review', async (req, res) => {
    res.json(await view(res, parse(ReviewQuery, req.query)))
  })

  r.get('/review/cases', async (req, res) => {
    const q = parse(ReviewCasesQuery, req.query)
    const region = scope(res, q.region)
    const now = clock.now()
    const range = quarterRange(q.quarter ?? quarterId(dayOf(now)), now)
    const { total, rows } = await store.cases(region.code, q.set, range, now, q.limit, q.unit, q.kind)
    const body: ReviewCases = { set: q.set, total, cases: rows.map(toSummary) }
    res.json(body)
  })

  r.get('/review/export.xlsx', async (req, res) => {
    const v = await view(res, parse(ReviewQuery, req.query))
    attach(res, fileName(v, 'xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    res.send(await reviewWorkbook(v, registry))
  })

  r.get('/review/export.pdf', async (req, res) => {
    const v = await view(res, parse(ReviewQuery, req.query))
    attach(res, fileName(v, 'pdf'), 'application/pdf')
    res.send(await reviewPdf(v, registry, pdfFont))
  })

  r.get('/review/briefing', async (req, res) => {
    res.json((await briefing(res, parse(ReviewQuery, req.query))).briefing)
  })

  r.get('/review/briefing.pdf', async (req, res) => {
    const { view: v, briefing: b } = await briefing(res, parse(ReviewQuery, req.query))
    const pdf = await briefingPdf(b, v.to, pdfFont)
    attach(res, fileName(v, 'pdf', '研判报告'), 'application/pdf')
    res.send(pdf)
  })

  r.get('/review/briefing.docx', async (req, res) => {
    const { view: v, briefing: b } = await briefing(res, parse(ReviewQuery, req.query))
    const docx = await briefingDocx(b, v.to, pdfFont)
    attach(res, fileName(v, 'docx', '研判报告'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    res.send(docx)
  })
  return r
}
