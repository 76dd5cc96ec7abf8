import { Router, type Response } from 'express'
import { ReviewCasesQuery, ReviewQuery, type ReviewCases, type ReviewView } from '../contract'
import { KIND_WORDS } from '../review/kindWords'
import type { AppContext } from '../context'
import { quarterId, quarterRange } from '../domain/quarters'
import { dayOf } from '../domain/time'
import { toSummary } from '../live/summary'
import { reviewPdf } from '../review/pdf'
import { reviewView } from '../review/view'
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
  const fileName = (v: { region: { name: string }; quarter: string; kind: ReviewView['kind'] }, ext: string) => `${v.region.name}-${v.quarter}-${KIND_WORDS[v.kind]}-季度研判.${ext}`
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
  return r
}
