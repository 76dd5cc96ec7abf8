import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, newCase, startTestApp, type TestApp } from '../../helpers/app'
import { recordEvents, until } from '../../helpers/events'

// The real clock: the deadline passes while the test only listens.
let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t.close()
})

const iso = (ms: number) => new Date(ms).toISOString()

describe('red flags on the real clock', () => {
  it('reach a subscriber within one second of the deadline, with no request in between', async () => {
    const county = await recordEvents(t.url, '140825000000')
    const now = Date.now()
    const deadline = Math.ceil((now + 2_000) / 1000) * 1000
    const created = await api(t.url, 'POST', '/api/v1/cases', newCase({ reportedAt: iso(now - 3 * 86_400_000), acceptedAt: iso(now - 3 * 86_400_000), deadlineAt: iso(deadline) }))
    expect(created.body.colour).toBe('yellow')
    let requests = 0
    t.app.http.on('request', () => requests++)

    await until(() => county.of('redflag:raised').length > 0, 5_000)
    const raised = county.events.find((e) => e.event === 'redflag:raised')!
    const lateBy = raised.at - deadline
    expect(lateBy).toBeGreaterThanOrEqual(0)
    expect(lateBy).toBeLessThan(1_000)
    expect(raised.payload.case).toMatchObject({ id: created.body.id, colour: 'red', reasons: [{ code: 'overdue' }] })
    expect(requests).toBe(0)

    // The county, its town and the community all turn red, pushed with the counts behind them.
    await until(() => county.of('region:recoloured').some((e) => e.colours.some((c: { code: string; colour: string }) => c.code === '140825000000' && c.colour === 'red')), 2_000)
    const codes = county.of('region:recoloured').flatMap((e) => e.colours as { code: string; colour: string }[]).filter((c) => c.colour === 'red').map((c) => c.code)
    expect(codes).toEqual(expect.arrayContaining(['140825400012', '140825400000', '140825000000']))
    county.close()
  })
})
