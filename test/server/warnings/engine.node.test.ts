import { sql } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import type { CaseDetail, NoticeView } from '../../../server/contract'
import { manualClock, type ManualClock } from '../../../server/domain/clock'
import { api, COMMUNITY, newCase, startTestApp, type TestApp } from '../../helpers/app'
import { freshDb } from '../../helpers/db'
import { recordEvents, until } from '../../helpers/events'

const at = (s: string) => `${s}+08:00`
// An ordinary case accepted 24 Nov 09:05 and due 1 Dec 09:05: its window opens 28 Nov 09:05.
const ACCEPTED = at('2026-11-24T09:05:00')
const WINDOW = at('2026-11-28T09:05:00')
const DEADLINE = at('2026-12-01T09:05:00')

let t: TestApp
let clock: ManualClock
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function start(opts: Parameters<typeof startTestApp>[0] = {}) {
  clock = opts.clock as ManualClock ?? manualClock(at('2026-11-24T10:00:00'))
  t = await startTestApp({ ...opts, clock })
  cleanups.push(() => t.close())
  return t
}
/** Moves the clock (once the engine has seen every change so far) and waits for it to finish what fell due. */
async function moveTo(time: string) {
  await t.app.settle()
  clock.set(time)
  await t.app.settle()
}
const detail = async (id: number) => (await api<CaseDetail>(t.url, 'GET', `/api/v1/cases/${id}`)).body
async function create(over: Record<string, unknown> = {}) {
  const r = await api(t.url, 'POST', '/api/v1/cases', newCase({ acceptedAt: ACCEPTED, ...over }))
  expect(r.status).toBe(201)
  return r.body.id as number
}

describe('warning engine: time-driven transitions', () => {
  it('turns a case yellow exactly when its window opens and red at its deadline, with no request', async () => {
    await start()
    const events = await recordEvents(t.url, COMMUNITY)
    cleanups.push(events.close)
    const id = await create()
    expect((await detail(id)).deadlineAt).toBe(DEADLINE)

    await moveTo(at('2026-11-28T09:04:59'))
    expect((await detail(id)).colour).toBe('green')
    await moveTo(WINDOW)
    expect(await detail(id)).toMatchObject({ colour: 'yellow', reasons: [{ code: 'due_soon', deadline: DEADLINE }], colourSince: WINDOW })

    await moveTo(at('2026-12-01T09:04:59'))
    expect((await detail(id)).colour).toBe('yellow')
    await moveTo(at('2026-12-01T09:05:01'))
    const red = await detail(id)
    expect(red).toMatchObject({ colour: 'red', reasons: [{ code: 'overdue', deadline: DEADLINE }], colourSince: DEADLINE })
    // Each change is on the ledger at the moment the rule fired.
    expect(red.timeline.filter((e) => e.action === 'warning').map((e) => [e.at, e.data.from, e.data.to])).toEqual([
      [WINDOW, 'green', 'yellow'],
      [DEADLINE, 'yellow', 'red'],
    ])
    await until(() => events.of('redflag:raised').length === 1)
    // A new case's colour comes with it (case:created); every change after that is a warning:changed.
    expect(events.of('case:created').filter((e) => e.case.id === id).map((e) => e.case.colour)).toEqual(['green'])
    expect(events.of('warning:changed').map((e) => [e.caseId, e.from, e.to])).toEqual([[id, 'green', 'yellow'], [id, 'yellow', 'red']])
    expect(events.of('redflag:raised')[0]).toMatchObject({ case: { id, colour: 'red' }, at: DEADLINE })
  })

  it('leaves a case closed at the moment it would turn red green, and forgets it', async () => {
    await start()
    const id = await create()
    await moveTo(at('2026-12-01T09:04:59'))
    const scheduled = t.app.ctx.warnings.scheduled
    const r = await api(t.url, 'POST', `/api/v1/cases/${id}/transitions`, { action: 'resolve', at: at('2026-12-01T09:04:59'), outcome: 'success', level: 'village' })
    expect(r.body).toMatchObject({ colour: 'green', reasons: [{ code: 'closed' }] })
    await t.app.settle()
    expect(t.app.ctx.warnings.scheduled).toBe(scheduled - 1)
    await moveTo(at('2026-12-01T09:05:00'))
    const d = await detail(id)
    expect(d.colour).toBe('green')
    expect(d.timeline.some((e) => e.action === 'warning' && e.data.to === 'red')).toBe(false)
  })

  it('applies changed thresholds to open cases at once, through the API or a direct table edit', async () => {
    await start({ rulesPollMs: 30_000 })
    const four = await create({ peopleInvolved: 4 })
    const ordinary = await create()
    expect((await detail(four)).colour).toBe('green')

    const r = await api(t.url, 'PUT', '/api/v1/warning-rules', { groupSize: 4 })
    expect(r.status).toBe(200)
    expect(r.body.groupSize).toBe(4)
    expect(await detail(four)).toMatchObject({ colour: 'red', reasons: [{ code: 'group', people: 4 }] })
    expect((await detail(ordinary)).colour).toBe('green')

    // A county admin edits the settings table by hand: picked up on the next poll.
    await t.app.ctx.db.execute(sql`update settings set value = jsonb_set(value, '{warnDays}', '7'), updated_at = now() where key = 'warning_rules'`)
    clock.advance(30_000)
    await until(() => t.app.ctx.rules.current.warnDays === 7)
    await t.app.settle()
    expect((await detail(ordinary)).colour).toBe('yellow')
  })

  it('refuses invalid rules with the field and the reason, and keeps the rules in force', async () => {
    await start()
    const before = (await api(t.url, 'GET', '/api/v1/warning-rules')).body
    for (const [body, field] of [[{ warnFraction: 2 }, 'warnFraction'], [{ groupSize: 'many' }, 'groupSize'], [{ colour: 'red' }, 'colour'], [{ redFromStep: 5 }, 'redFromStep']] as const) {
      const r = await api(t.url, 'PUT', '/api/v1/warning-rules', body)
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect(r.body.issues.map((i: { field: string }) => i.field).join()).toContain(field)
    }
    expect((await api(t.url, 'GET', '/api/v1/warning-rules')).body).toEqual(before)
  })

  it('takes a default deadline from the complexity, or the category when none is given', async () => {
    await start()
    const simple = await create({ complexity: 'simple' })
    expect((await detail(simple)).deadlineAt).toBe(at('2026-11-25T09:05:00'))
    const family = await create({ category: 'family' })
    expect(await detail(family)).toMatchObject({ complexity: 'mediation', deadlineAt: at('2026-12-24T09:05:00') })
    const own = await create({ deadlineAt: at('2026-11-30T18:00:00') })
    expect((await detail(own)).deadlineAt).toBe(at('2026-11-30T18:00:00'))
  })

  it('turns a case red after repeated failure, recorded as transitions', async () => {
    await start()
    const id = await create()
    const step = (action: string) => api(t.url, 'POST', `/api/v1/cases/${id}/transitions`, { action, at: at('2026-11-24T10:00:00') })
    await step('fail')
    expect((await detail(id)).colour).toBe('green')
    expect((await step('fail')).body).toMatchObject({ colour: 'red', reasons: [{ code: 'failed_mediations', n: 2 }] })
  })
})

describe('warning engine: restart', () => {
  it('catches up on transitions that fell due while it was down, dated when they fell due', async () => {
    const db = await freshDb()
    cleanups.push(() => db.close())
    await start({ db, keepDb: true })
    const id = await create()
    const dispatched = await create({ externalId: 'R-2' })
    await api(t.url, 'POST', `/api/v1/cases/${dispatched}/transitions`, { action: 'dispatch', at: at('2026-11-24T10:00:00'), unit: '新绛县司法局' })
    const notice = (await api<NoticeView>(t.url, 'POST', `/api/v1/cases/${dispatched}/notices`, { issuedBy: '县综治中心' })).body
    expect(notice.dueAt).toBe(at('2026-11-27T10:00:00'))
    await t.close()
    cleanups.pop()

    // Down from 24 Nov to 2 Dec: the window, the deadline and two ladder steps all fell due.
    clock = manualClock(at('2026-12-02T08:00:00'))
    await start({ db, keepDb: true, clock })
    const d = await detail(id)
    expect(d).toMatchObject({ colour: 'red', colourSince: DEADLINE })
    expect(d.timeline.filter((e) => e.action === 'warning').map((e) => [e.at, e.data.to, e.data.late])).toEqual([[DEADLINE, 'red', true]])

    const s = await detail(dispatched)
    expect(s.notices[0]).toMatchObject({ step: 3, stepName: { zh: '红牌督办' }, escalations: 2, dueAt: at('2026-11-30T10:00:00') })
    expect(s.timeline.filter((e) => e.action === 'escalate').map((e) => [e.at, e.data.step])).toEqual([
      [at('2026-11-27T10:00:00'), 2],
      [at('2026-11-29T10:00:00'), 3],
    ])
    expect(s).toMatchObject({ colour: 'red', supervisionLevel: 3 })
  })
})

describe('warning engine: rules changed while down', () => {
  it('recomputes every open case at start, stamped with the start', async () => {
    const db = await freshDb()
    cleanups.push(() => db.close())
    await start({ db, keepDb: true })
    const id = await create({ peopleInvolved: 4 })
    await t.close()
    cleanups.pop()
    await db.db.execute(sql`insert into settings (key, value) values ('warning_rules', '{"groupSize": 4}') on conflict (key) do update set value = excluded.value`)

    clock = manualClock(at('2026-11-24T12:00:00'))
    await start({ db, keepDb: true, clock })
    expect(t.app.ctx.warnings.stats.fullRecompute).toBe(true)
    const d = await detail(id)
    expect(d).toMatchObject({ colour: 'red', colourSince: at('2026-11-24T12:00:00'), reasons: [{ code: 'group', people: 4 }] })
    expect(d.timeline.filter((e) => e.action === 'warning').map((e) => e.at)).toEqual([at('2026-11-24T12:00:00')])
  })
})

describe('dual supervision (双重督办)', () => {
  it('issues, escalates up the ladder, and clears on an answer, every step on the timeline and pushed', async () => {
    await start()
    const events = await recordEvents(t.url, COMMUNITY)
    cleanups.push(events.close)
    const id = await create()
    const issued = await api<NoticeView>(t.url, 'POST', `/api/v1/cases/${id}/notices`, { issuedBy: '县综治中心', unit: '新绛县城市管理局', hours: 24, note: '请限期办结' })
    expect(issued.status).toBe(201)
    expect(issued.body).toMatchObject({ step: 1, stepName: { zh: '督办' }, unit: '新绛县城市管理局', status: 'open', dueAt: at('2026-11-25T10:00:00') })
    expect(await detail(id)).toMatchObject({ colour: 'yellow', supervisionLevel: 1, reasons: [{ code: 'supervision', step: 1, zh: '督办' }] })

    const up = await api<NoticeView>(t.url, 'POST', `/api/v1/notices/${issued.body.id}/escalate`, { by: '县综治中心' })
    expect(up.body).toMatchObject({ step: 2, stepName: { zh: '黄牌督办' } })
    // Unanswered within the yellow card's 48 hours: the engine climbs to the red card by itself.
    await moveTo(at('2026-11-26T10:00:01'))
    expect(await detail(id)).toMatchObject({ colour: 'red', supervisionLevel: 3, reasons: [{ code: 'supervision', step: 3, zh: '红牌督办' }] })
    const top = await api(t.url, 'POST', `/api/v1/notices/${issued.body.id}/escalate`, { by: '县综治中心' })
    expect(top.status).toBe(409)

    const answered = await api<NoticeView>(t.url, 'POST', `/api/v1/notices/${issued.body.id}/answer`, { answeredBy: '新绛县城市管理局', answer: '已清理完毕' })
    expect(answered.body).toMatchObject({ status: 'answered', answer: '已清理完毕' })
    const d = await detail(id)
    expect(d).toMatchObject({ colour: 'green', supervisionLevel: 0 })
    expect(d.timeline.map((e) => e.action).filter((a) => a !== 'warning')).toEqual(['create', 'supervise', 'escalate', 'escalate', 'supervision_answered'])
    await until(() => events.of('supervision:answered').length === 1)
    expect(events.of('supervision:escalated').map((e) => [e.from, e.notice.step])).toEqual([[1, 2], [2, 3]])
    expect(events.of('supervision:issued')).toHaveLength(1)
    expect((await api(t.url, 'POST', `/api/v1/notices/${issued.body.id}/answer`, { answeredBy: '新绛县城市管理局', answer: 'again' })).status).toBe(409)
  })

  it('issues a notice by itself when a dispatched case turns yellow, once', async () => {
    await start()
    const id = await create()
    await api(t.url, 'POST', `/api/v1/cases/${id}/transitions`, { action: 'dispatch', at: at('2026-11-24T10:00:00'), unit: '新绛县司法局' })
    await moveTo(WINDOW)
    await until(() => t.app.ctx.warnings.stats.autoNotices === 1)
    await t.app.settle()
    const d = await detail(id)
    expect(d.notices).toMatchObject([{ unit: '新绛县司法局', issuedBy: 'system', step: 1, dueAt: at('2026-12-01T09:05:00') }])
    expect(d.reasons.map((r) => r.code)).toEqual(['due_soon', 'supervision'])
    await moveTo(at('2026-11-29T09:05:00'))
    expect((await detail(id)).notices).toHaveLength(1)
  })

  it('refuses a notice with nobody to send it to, or on a closed case, and stores nothing', async () => {
    await start()
    const id = await create()
    const r = await api(t.url, 'POST', `/api/v1/cases/${id}/notices`, { issuedBy: '县综治中心' })
    expect(r).toMatchObject({ status: 409, body: { issues: [{ field: 'unit' }] } })
    expect((await api(t.url, 'POST', `/api/v1/cases/${id}/notices`, { note: '督'.repeat(2001) })).status).toBe(400)
    expect((await api(t.url, 'POST', '/api/v1/cases/999999/notices', { issuedBy: 'x', unit: 'y' })).status).toBe(404)
    await api(t.url, 'POST', `/api/v1/cases/${id}/transitions`, { action: 'resolve', at: at('2026-11-24T10:00:00'), outcome: 'success', level: 'village' })
    const closed = await api(t.url, 'POST', `/api/v1/cases/${id}/notices`, { issuedBy: '县综治中心', unit: '新绛县城市管理局' })
    expect(closed).toMatchObject({ status: 409, body: { issues: [{ field: 'caseId' }] } })
    expect((await detail(id)).notices).toEqual([])
  })
})
