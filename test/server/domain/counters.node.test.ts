import { describe, expect, it } from 'vitest'
import { caseDeltas, rate, type CaseCounterFields } from '../../../server/domain/counters'
import { dayOf, quarterEnd, quarterStart } from '../../../server/domain/time'

const base: CaseCounterFields = {
  communityCode: '140825400012', acceptedAt: new Date('2026-03-31T23:30:00+08:00'), resolvedAt: null,
  deadlineAt: new Date('2026-04-07T23:30:00+08:00'), outcome: null, closingLevel: null, category: 'family', source: 'visit', kind: 'dispute',
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
    expect(created.daily).toEqual([{ communityCode: base.communityCode, day: '2026-03-31', field: 'accepted', n: 1 }])
    const resolved = caseDeltas(base, { ...base, resolvedAt: new Date('2026-04-02T10:00:00+08:00'), outcome: 'success', closingLevel: 'town' })
    expect(resolved.daily).toEqual(
      expect.arrayContaining([
        { communityCode: base.communityCode, day: '2026-04-02', field: 'resolved', n: 1 },
        { communityCode: base.communityCode, day: '2026-03-31', field: 'successful', n: 1 },
        { communityCode: base.communityCode, day: '2026-03-31', field: 'onTime', n: 1 },
      ]),
    )
    // Accepted was already counted: a transition does not count it again.
    expect(resolved.daily.find((d) => d.field === 'accepted')).toBeUndefined()
    expect(resolved.dims).toEqual([{ communityCode: base.communityCode, day: '2026-04-02', dim: 'level', value: 'town', n: 1 }])
  })

  it('a case resolved after its deadline is resolved but not on time', () => {
    const d = caseDeltas(base, { ...base, resolvedAt: new Date('2026-04-08T00:00:00+08:00'), outcome: 'success', closingLevel: 'village' })
    expect(d.daily.map((x) => x.field).sort()).toEqual(['resolved', 'resolvedCohort', 'successful'])
  })

  it('rates are percentages with two decimals, and undefined (null) with nothing accepted', () => {
    expect(rate(738, 765)).toBe(96.47)
    expect(rate(2, 3)).toBe(66.67)
    expect(rate(0, 0)).toBeNull()
  })
})
