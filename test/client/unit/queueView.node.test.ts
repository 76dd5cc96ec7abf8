import { describe, expect, it } from 'vitest'
import type { CaseSummary } from '../../../server/contract'
import { emptyFilter, filtering, queueView, type QueueFilter } from '../../../client/duty/queueView'

const NOW = Date.parse('2026-11-26T10:00:00+08:00')
const H = 3_600_000
const PLACES: Record<string, string> = { '140825100001': '东街社区', '140825100002': '西街社区', '140825101001': '三泉村' }
const place = (code: string) => PLACES[code] ?? code

let next = 1
function kase(p: Partial<CaseSummary>): CaseSummary {
  const id = next++
  return {
    id, externalId: `HL-${id}`, source: 'hotline', kind: 'dispute', category: 'neighbour', regionCode: '140825100001', communityCode: '140825100001', townCode: '140825100000',
    title: `案件${id}`, peopleInvolved: 1, scale: 'individual', riskLevel: 'low', status: 'accepted', open: true, reportedAt: new Date(NOW - 50 * H).toISOString(),
    acceptedAt: null, deadlineAt: null, resolvedAt: null, outcome: null, closingLevel: null, escalatedLevel: null, assignedUnit: null, assignedUnitId: null, supervisionLevel: 0,
    complexity: 'simple', version: 1, colour: 'yellow', reasons: [], colourSince: new Date(NOW - 10 * H).toISOString(), acknowledgedAt: null, acknowledgedBy: null, unacknowledged: false, late: false, ...p,
  }
}

const list = [
  kase({ title: '物业费纠纷', colour: 'red', unacknowledged: true, deadlineAt: new Date(NOW - 2 * H).toISOString(), colourSince: new Date(NOW - 5 * H).toISOString() }),
  kase({ title: '邻里噪音', colour: 'yellow', communityCode: '140825100002', assignedUnit: '西街社区调委会', deadlineAt: new Date(NOW + 20 * H).toISOString() }),
  kase({ title: '宅基地界址', colour: 'red', communityCode: '140825101001', townCode: '140825101000', assignedUnit: '三泉镇司法所', colourSince: new Date(NOW - 1 * H).toISOString(), scale: 'group', peopleInvolved: 12 }),
  kase({ title: '欠薪', colour: 'yellow', externalId: 'WG-2026-0042', deadlineAt: new Date(NOW - 30 * H).toISOString() }),
]
const ids = (f: Partial<QueueFilter>) => queueView(list, { ...emptyFilter(), ...f }, NOW, place).map((c) => c.id)
const [a, b, c, d] = list.map((x) => x.id) as [number, number, number, number]

describe("the desk's queue view", () => {
  it('without a filter shows every case, most urgent first (red, then the earliest deadline)', () => {
    expect(ids({})).toEqual([a, c, d, b])
    expect(filtering(emptyFilter())).toBe(false)
  })
  it('filters by colour, town, not taken, not dispatched and overdue, and says it filters', () => {
    expect(ids({ colour: 'red' })).toEqual([a, c])
    expect(ids({ town: '140825101000' })).toEqual([c])
    expect(ids({ unack: true })).toEqual([a])
    expect(ids({ undispatched: true })).toEqual([a, d])
    expect(ids({ overdue: true })).toEqual([a, d])
    expect(ids({ colour: 'yellow', overdue: true })).toEqual([d])
    expect(filtering({ ...emptyFilter(), overdue: true })).toBe(true)
  })
  it('finds a case by part of its title, its place, its number (with or without #) or the outside id', () => {
    expect(ids({ q: '噪音' })).toEqual([b])
    expect(ids({ q: '三泉' })).toEqual([c])
    expect(ids({ q: `#${c}` })).toEqual([c])
    expect(ids({ q: String(d) })).toEqual([d])
    expect(ids({ q: 'wg-2026' })).toEqual([d])
    expect(ids({ q: '  ' })).toHaveLength(4)
    expect(ids({ q: '没有这个' })).toEqual([])
  })
  it('sorts by newest warning, by deadline (none last) and by place', () => {
    // Red for 1 h, 5 h, then two for 10 h: the later case first.
    expect(ids({ sort: 'newest' })).toEqual([c, a, d, b])
    expect(ids({ sort: 'deadline' })).toEqual([d, a, b, c])
    expect(ids({ sort: 'place' }).map((id) => place(list.find((x) => x.id === id)!.communityCode))).toEqual([...list.map((x) => place(x.communityCode))].sort((x, y) => x.localeCompare(y, 'zh-CN')))
  })
  it('leaves the list it was given as it was', () => {
    const before = list.map((x) => x.id)
    ids({ sort: 'deadline' })
    expect(list.map((x) => x.id)).toEqual(before)
  })
})
