import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReconciliationRow } from '../../../server/contract'
import { manualClock } from '../../../server/domain/clock'
import { seedFigures } from '../../../db/seed/figures'
import { api, startTestApp, type TestApp } from '../../helpers/app'

// The city demo with the histories of the three counties the seeds give figures for.
const CITY = '140800000000'
let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ scope: 'city', history: ['140825000000', '140826000000', '140828000000'], clock: manualClock('2026-11-24T09:00:00+08:00') })
}, 240_000)
afterAll(() => t?.close())

describe("口径对账 of the seeds' published figures", () => {
  it('holds every figure the seeds publish for the demo counties, and shows for each a difference of 0 or why', async () => {
    const { status, body } = await api<{ rows: ReconciliationRow[] }>(t.url, 'GET', `/api/v1/reconciliation?region=${CITY}`)
    expect(status).toBe(200)
    const rows = body.rows
    expect(rows).toHaveLength(seedFigures('2026-11-24').length)
    for (const r of rows) {
      const name = `${r.figure.regionName} ${r.figure.indicatorName} ${r.figure.value}`
      if (r.difference === 0) expect(r.status, name).toBe('match')
      else {
        expect(r.status, name).not.toBe('match')
        // The reason names a 口径, or which side holds more records, with the figures tried.
        expect(r.why, name).toMatch(/^(口径不同：发布数.+一致|本系统的记录(少|多) .+)/)
      }
    }
    // The headline figures agree exactly.
    const get = (region: string, indicator: string) => rows.find((r) => r.figure.regionCode === region && r.figure.indicator === indicator)!
    for (const [region, indicator, value] of [
      ['140825000000', 'disputes_accepted', 765], ['140825000000', 'success_rate', 96.47], ['140825000000', 'visitors', 472],
      ['140825000000', 'organisations_reported', 92], ['140825000000', 'members_reported', 1692], ['140825000000', 'whistles_done', 232],
      ['140826000000', 'team_disputes', 456], ['140826000000', 'team_disputes_closed_rate', 100],
      ['140828000000', 'organisations_reported', 82], ['140828000000', 'members_reported', 1546], ['140828000000', 'teams', 95],
      ['140828000000', 'volunteers', 2580], ['140828000000', 'needs_listed', 227], ['140828000000', 'team_sessions', 280], ['140828000000', 'people_served', 8420],
    ] as const) expect(get(region, indicator), `${region} ${indicator}`).toMatchObject({ computed: value, difference: 0, status: 'match' })
  })
})
