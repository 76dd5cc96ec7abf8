import { describe, expect, it } from 'vitest'
import { caseDeltas, rate, type CaseCounterFields } from '../../../server/domain/counters'
import { dayOf, quarterEnd, quarterStart } from '../../../server/domain/time'

const base: CaseCounterFields = {
  communityCode: '140825400012', acceptedAt: new Date('2026-03-31T23:30:00+08:00'), resolvedAt: null,
  deadlineAt: new Date('2026-04-07T23:30:00+08:00'), outcome: null, closingLevel: null, category: 'family', source: 'visit', kind: 'dispute', satisfaction: null,
}

describe('counters', () => {
  it('cuts days in Asia/Shanghai, whatever the machine zone', () => {
    expect(dayOf(new Date('2026-03-31T16:00:00Z'))).toBe('2026-04-01')
    expect(dayOf(new Date('2026-03-31T15:59:59Z'))).toBe('2026-03-31')
    expect(quarterStart('2026-05-20')).toBe('2026-04-01')
    expect(quarterEnd('2026-11-24')).toBe('2026-12-31')
  })

  it('files a case accepted late on 31 March under the first quarter, its success too when resolved in April', () => {
    const created = caseDeltas(null, base)
    expect(created.daily).toEqual([{ communityCode: base.communityCode, day: '2026-03-31', kind: 'dispute', field: 'accepted', n: 1 }])
    const resolved = caseDeltas(base, { ...base, resolvedAt: new Date('2026-04-02T10:00:00+08:00'), outcome: 'success', closingLevel: 'town' })
    expect(resolved.daily).toEqual(
      expect.arrayContaining([
        { communityCode: base.communityCode, day: '2026-04-02', kind: 'dispute', field: 'resolved', n: 1 },
        { communityCode: base.communityCode, day: '2026-03-31', kind: 'dispute', field: 'successful', n: 1 },
        { communityCode: base.communityCode, day: '2026-03-31', kind: 'dispute', field: 'onTime', n: 1 },
      ]),
    )
    // Accepted was already counted: a transition does not count it again.
    expect(resolved.daily.find((d) => d.field === 'accepted')).toBeUndefined()
    // The closing level, and the ladder's key: family, closed at the town, peak the town (rank 2), not a 小事.
    expect(resolved.dims).toEqual([
      { communityCode: base.communityCode, day: '2026-04-02', kind: 'dispute', dim: 'level', value: 'town', n: 1 },
      { communityCode: base.communityCode, day: '2026-04-02', kind: 'dispute', dim: 'ladder', value: 'family|town|2|0', n: 1 },
    ])
  })

  it("keys a resolved case on the ladder by how far it rose, and moves it out again when it is reopened", () => {
    const simple = { ...base, complexity: 'simple', escalatedLevel: 'county' }
    const closed = caseDeltas(simple, { ...simple, resolvedAt: new Date('2026-04-02T10:00:00+08:00'), outcome: 'success', closingLevel: 'county' })
    expect(closed.dims.find((d) => d.dim === 'ladder')).toMatchObject({ value: 'family|county|3|1', n: 1 })
    // Escalated to the county, closed there; reopened: the key goes.
    const reopened = caseDeltas({ ...simple, resolvedAt: new Date('2026-04-02T10:00:00+08:00'), outcome: 'success', closingLevel: 'county' }, simple)
    expect(reopened.dims.find((d) => d.dim === 'ladder')).toMatchObject({ value: 'family|county|3|1', n: -1 })
    // Never escalated, closed in its grid: peak 0.
    const grid = caseDeltas(base, { ...base, complexity: 'simple', resolvedAt: new Date('2026-04-02T10:00:00+08:00'), outcome: 'success', closingLevel: 'grid' })
    expect(grid.dims.find((d) => d.dim === 'ladder')).toMatchObject({ value: 'family|grid|0|1' })
  })

  it('a case resolved after its deadline is resolved but not on time', () => {
    const d = caseDeltas(base, { ...base, resolvedAt: new Date('2026-04-08T00:00:00+08:00'), outcome: 'success', closingLevel: 'village' })
    expect(d.daily.map((x) => x.field).sort()).toEqual(['handlingMinutes', 'levelVillage', 'resolved', 'resolvedCohort', 'successful'])
    // 7 days and 30 minutes from acceptance to resolution.
    expect(d.daily.find((x) => x.field === 'handlingMinutes')!.n).toBe(7 * 1440 + 30)
  })

  it('counts a visit back under the acceptance day, satisfied for 满意 and 基本满意 only, and takes all of it back on reopening', () => {
    const resolved = { ...base, resolvedAt: new Date('2026-04-01T11:30:00+08:00'), outcome: 'success', closingLevel: 'village' }
    const fields = (d: ReturnType<typeof caseDeltas>) => Object.fromEntries(d.daily.map((x) => [`${x.day} ${x.field}`, x.n]))
    expect(fields(caseDeltas(resolved, { ...resolved, satisfaction: 'neutral' }))).toEqual({ '2026-03-31 visited': 1, '2026-03-31 satisfied': 1 })
    expect(fields(caseDeltas(resolved, { ...resolved, satisfaction: 'unsatisfied' }))).toEqual({ '2026-03-31 visited': 1 })
    // Reopened: the resolution, its success, its handling time and its visit no longer count.
    const visited = { ...resolved, satisfaction: 'satisfied' }
    expect(fields(caseDeltas(visited, { ...visited, resolvedAt: null, outcome: null, closingLevel: null, satisfaction: null }))).toEqual({
      '2026-04-01 resolved': -1, '2026-04-01 levelVillage': -1, '2026-03-31 resolvedCohort': -1, '2026-03-31 successful': -1, '2026-03-31 onTime': -1,
      '2026-03-31 handlingMinutes': -720, '2026-03-31 visited': -1, '2026-03-31 satisfied': -1,
    })
  })

  it('rates are percentages with two decimals, and undefined (null) with nothing accepted', () => {
    expect(rate(738, 765)).toBe(96.47)
    expect(rate(2, 3)).toBe(66.67)
    expect(rate(0, 0)).toBeNull()
  })
})
