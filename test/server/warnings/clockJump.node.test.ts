import { afterAll, describe, expect, it } from 'vitest'
import type { CaseDetail } from '../../../server/contract'
import { wallClock } from '../../../server/domain/clock'
import { api, COMMUNITY, newCase, startTestApp, type TestApp } from '../../helpers/app'
import { recordEvents, until } from '../../helpers/events'

const HOUR = 3600_000
let offset = 0
// The operating system's clock, which an administrator (or NTP) can set while the server runs.
const clock = wallClock(() => Date.now() + offset)
let t: TestApp
afterAll(() => t?.close())

describe('the wall clock set while the server runs', () => {
  it('an hour forward: what fell due in the skipped hour changes at once, stamped when it fell due; an hour back: nothing reverts or fires twice', async () => {
    t = await startTestApp({ clock, rulesPollMs: 0 })
    const events = await recordEvents(t.url, COMMUNITY)
    const start = clock.now().getTime()
    const iso = (ms: number) => new Date(ms).toISOString()
    const deadline = Math.ceil((start + 30 * 60_000) / 1000) * 1000 // the API gives whole seconds
    const created = await api(t.url, 'POST', '/api/v1/cases', newCase({ reportedAt: iso(start - HOUR), acceptedAt: iso(start - HOUR), deadlineAt: iso(deadline) }))
    expect(created.body.colour).toBe('yellow')
    await t.app.settle()

    offset += HOUR
    const jumped = Date.now()
    await until(() => events.of('redflag:raised').some((e) => e.case.id === created.body.id), 5_000)
    expect(Date.now() - jumped).toBeLessThan(2_500)
    const red = (await api<CaseDetail>(t.url, 'GET', `/api/v1/cases/${created.body.id}`)).body
    expect(red.colour).toBe('red')
    expect(Date.parse(red.colourSince)).toBe(deadline)

    // Back an hour: the clock holds, so a write now keeps the case red and raises nothing again.
    offset -= HOUR
    const noted = await api(t.url, 'POST', `/api/v1/cases/${created.body.id}/transitions`, { action: 'note', note: '时钟回拨后的备注' })
    expect(noted.status).toBe(200)
    expect(noted.body.colour).toBe('red')
    await t.app.settle()
    await new Promise((r) => setTimeout(r, 1_500))
    const changes = events.of('warning:changed').filter((e) => e.caseId === created.body.id).map((e) => `${e.from}→${e.to}`)
    // It was reported yellow (in case:created); then exactly one change, on time.
    expect(changes).toEqual(['yellow→red'])
    expect(events.of('redflag:raised').filter((e) => e.case.id === created.body.id)).toHaveLength(1)
    events.close()
  })
})
