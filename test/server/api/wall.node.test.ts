import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { manualClock } from '../../../server/domain/clock'
import { api, COMMUNITY, startTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ clock: manualClock('2026-11-24T12:00:00+08:00'), history: true })
})
afterAll(async () => {
  await t.close()
})

type Pt = [number, number]
const inside = ([x, y]: Pt, ring: Pt[]) => {
  let In = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!
    const [xj, yj] = ring[j]!
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) In = !In
  }
  return In
}

describe('what the wall reads besides the stream', () => {
  it('serves schematic community boundaries: one closed cell per community, holding its seat', async () => {
    const county = await api(t.url, 'GET', '/api/v1/geo/140825000000')
    expect(county.status).toBe(200)
    expect(county.body.schematic).toBe(true)
    expect(county.body.features).toHaveLength(164)
    for (const f of county.body.features) {
      const ring = f.geometry.coordinates[0] as Pt[]
      expect(ring[0]).toEqual(ring[ring.length - 1])
      expect(inside(f.properties.cp, ring), f.properties.name).toBe(true)
    }
    const town = await api(t.url, 'GET', '/api/v1/geo/140825400000')
    expect(town.body.features.map((f: { properties: { code: string } }) => f.properties.code).every((c: string) => c.startsWith('140825400'))).toBe(true)
    expect((await api(t.url, 'GET', `/api/v1/geo/${COMMUNITY}`)).status).toBe(422)
    expect((await api(t.url, 'GET', '/api/v1/geo/abc')).body.issues).toEqual([{ field: 'code', reason: 'must be a 12-digit division code' }])
  })

  it('gives twelve months of trend, the published first quarter among them', async () => {
    const r = await api(t.url, 'GET', '/api/v1/indicators/trend')
    expect(r.body.months.map((m: { month: string }) => m.month)).toEqual([
      '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11',
    ])
    const q1 = r.body.months.slice(1, 4)
    expect(q1.map((m: { accepted: number }) => m.accepted)).toEqual([240, 250, 275])
    expect(q1.reduce((s: number, m: { successful: number }) => s + m.successful, 0)).toBe(738)
  })

  it('places volunteer hours on the map and in the weekday × hour matrix', async () => {
    // Tuesday 24 Nov 2026, 09:00–11:00 in the county: 6 volunteers × 2 h = 12 hours.
    await api(t.url, 'POST', '/api/v1/volunteer-activities', {
      externalId: 'HEAT-1', team: 'green', kind: 'cleanup', title: '环境整治', communityCode: COMMUNITY,
      startedAt: '2026-11-24T09:00:00+08:00', endedAt: '2026-11-24T11:00:00+08:00', volunteers: 6, peopleServed: 10,
    })
    const before = (await api(t.url, 'GET', `/api/v1/volunteers/heat?region=${COMMUNITY}&days=1`)).body
    expect(before.matrix).toHaveLength(7)
    expect(before.matrix[1][9]).toBeGreaterThanOrEqual(12)
    const mapHours = before.points.reduce((s: number, p: number[]) => s + p[2]!, 0)
    const gridHours = before.matrix.flat().reduce((s: number, h: number) => s + h, 0)
    expect(Math.abs(mapHours - gridHours)).toBeLessThan(0.5)
    expect((await api(t.url, 'GET', '/api/v1/volunteers/heat?days=0')).status).toBe(400)
  })
})
