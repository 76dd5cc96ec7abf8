import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Briefing, CaseDetail, ReviewView } from '../../../server/contract'
import { manualClock } from '../../../server/domain/clock'
import { api, COMMUNITY, GRID, newCase, startTestApp, type TestApp } from '../../helpers/app'

// The closing-level ladder worked out by hand (docs/INDICATORS.md, 化解层级). Eight cases resolved
// in 2026Q4, one left open. 环境卫生 (sanitation) is a simple category (小事); 邻里纠纷 and 欠薪欠费
// are not (大事).
//
//   case  category    reported in  escalated            closed at  peak     小事/大事  stays
//   A     sanitation  grid         —                    grid       grid     小事       in the grid
//   B     sanitation  grid         → village            village    village  小事       —
//   C     sanitation  community    —                    village    village  小事       —
//   D     neighbour   grid         → village → town     town       town     大事       —
//   E     neighbour   community    —                    village    village  大事       in the community
//   F     wages       community    → county             county     county   大事       —
//   G     wages       community    —                    town       town     大事       —
//   H     neighbour   grid         —                    grid       grid     大事       in the community
//   I     sanitation  grid         → town (still open)  —          —        not counted
//
// 小事不出小区率 = A / (A, B, C) = 1 / 3 = 33.33 %; 大事不出社区率 = (E, H) / (D, E, F, G, H) = 2 / 5 = 40 %.
// Closed: grid 2 (A, H), village 3 (B, C, E), town 2 (D, G), county 1 (F).
// Past the grid 6 (all but A, H); past the village 3 (D, F, G); past the town 1 (F).
let t: TestApp
const clock = manualClock('2026-11-20T10:00:00+08:00')
const ids: Record<string, number> = {}
beforeAll(async () => {
  t = await startTestApp({ clock })
})
afterAll(() => t?.close())

const act = (name: string, body: Record<string, unknown>) => api(t.url, 'POST', `/api/v1/cases/${ids[name]}/transitions`, body)
async function kase(name: string, category: string, regionCode: string, steps: Record<string, unknown>[]) {
  const res = await api(t.url, 'POST', '/api/v1/cases', newCase({ externalId: `L-${name}`, category, regionCode, reportedAt: '2026-11-02T09:00:00+08:00', acceptedAt: '2026-11-02T09:05:00+08:00' }))
  expect(res.status, name).toBe(201)
  ids[name] = res.body.id
  for (const [i, s] of steps.entries()) expect((await act(name, { at: `2026-11-0${3 + i}T10:00:00+08:00`, ...s })).status, `${name} ${s.action}`).toBe(200)
}
const up = (to: string) => ({ action: 'report_up', to })
const close = (level: string) => ({ action: 'resolve', outcome: 'success', level })

describe('the closing-level ladder (化解层级)', () => {
  it('records every escalation, and measures 小事不出小区、大事不出社区 and the leaks by category', async () => {
    await kase('A', 'sanitation', GRID, [close('grid')])
    await kase('B', 'sanitation', GRID, [up('village'), close('village')])
    await kase('C', 'sanitation', COMMUNITY, [close('village')])
    await kase('D', 'neighbour', GRID, [up('village'), up('town'), close('town')])
    await kase('E', 'neighbour', COMMUNITY, [close('village')])
    await kase('F', 'wages', COMMUNITY, [up('county'), close('county')])
    await kase('G', 'wages', COMMUNITY, [close('town')])
    await kase('H', 'neighbour', GRID, [close('grid')])
    await kase('I', 'sanitation', GRID, [up('town')])

    // The ledger keeps each step, from which level to which.
    const d = (await api<CaseDetail>(t.url, 'GET', `/api/v1/cases/${ids.D}`)).body
    expect(d.timeline.filter((e) => e.action === 'report_up').map((e) => [e.data.from, e.data.to])).toEqual([['grid', 'village'], ['village', 'town']])
    expect(d).toMatchObject({ escalatedLevel: 'town', closingLevel: 'town' })

    const v = (await api<ReviewView>(t.url, 'GET', '/api/v1/review?region=140825000000&quarter=2026Q4')).body
    expect(v.indicators.ladder).toEqual({
      closed: { grid: 2, village: 3, town: 2, county: 1 },
      past: { grid: 6, village: 3, town: 1 },
      small: 3, smallInGrid: 1, smallStayRate: 33.33,
      big: 5, bigInCommunity: 2, bigStayRate: 40,
    })
    // 就地化解率 counts the grid within its village or community: (2 + 3) / 8.
    expect(v.indicators.levels).toEqual({ village: 5, town: 2, county: 1 })
    expect(v.indicators.localRate).toBe(62.5)
    expect(v.leaks).toEqual([
      { category: 'neighbour', resolved: 3, closed: { grid: 1, village: 1, town: 1, county: 0 }, past: { grid: 2, village: 1, town: 0 } },
      { category: 'sanitation', resolved: 3, closed: { grid: 1, village: 2, town: 0, county: 0 }, past: { grid: 2, village: 0, town: 0 } },
      { category: 'wages', resolved: 2, closed: { grid: 0, village: 0, town: 1, county: 1 }, past: { grid: 2, village: 2, town: 1 } },
    ])
    // The town of the cases sees the same; another town sees none of them.
    const town = (await api<ReviewView>(t.url, 'GET', '/api/v1/review?region=140825400000&quarter=2026Q4')).body
    expect(town.indicators.ladder.smallStayRate).toBe(33.33)
    const other = (await api<ReviewView>(t.url, 'GET', '/api/v1/review?region=140825100000&quarter=2026Q4')).body
    expect(other.indicators.ladder).toMatchObject({ small: 0, big: 0, smallStayRate: null, bigStayRate: null })
    expect(other.leaks).toEqual([])
    // The briefing says it in words.
    const said = (await api<Briefing>(t.url, 'GET', '/api/v1/review/briefing?region=140825000000&quarter=2026Q4')).body.sections[0]!.blocks[2]!
    expect(said.type === 'p' && said.text).toContain('网格（小区）化解2件、村（社区）3件、乡镇2件、县级1件，就地化解率62.50%；小事不出小区率33.33%，大事不出社区率40.00%；上报至乡镇及以上最多的类别是欠薪欠费（2件）。')
  })

  it('refuses a step sideways or down, a level off the ladder, and a close below the level escalated to, changing nothing', async () => {
    const before = (await api<CaseDetail>(t.url, 'GET', `/api/v1/cases/${ids.I}`)).body
    const at = '2026-11-10T10:00:00+08:00'
    const tries: [Record<string, unknown>, number, string][] = [
      [{ action: 'report_up', to: 'town', at }, 409, 'to'],
      [{ action: 'report_up', to: 'village', at }, 409, 'to'],
      [{ action: 'report_up', to: 'grid', at }, 409, 'to'],
      [{ action: 'report_up', to: 'province', at }, 400, 'to'],
      [{ action: 'report_up', to: '<b>县</b>', at }, 400, 'to'],
      [{ action: 'report_up', at }, 400, 'to'],
      [{ action: 'resolve', outcome: 'success', level: 'village', at }, 409, 'level'],
    ]
    for (const [body, status, field] of tries) {
      const res = await act('I', body)
      expect(res.status, JSON.stringify(body)).toBe(status)
      expect(JSON.stringify(res.body), JSON.stringify(body)).toContain(field)
    }
    const after = (await api<CaseDetail>(t.url, 'GET', `/api/v1/cases/${ids.I}`)).body
    expect(after).toMatchObject({ version: before.version, escalatedLevel: 'town', status: before.status })
    expect(after.timeline).toHaveLength(before.timeline.length)
    // A closed case is not escalated.
    expect((await act('A', { action: 'report_up', to: 'county', at })).status).toBe(409)
  })
})
