import { describe, expect, it } from 'vitest'
import type { WarningRules } from '../../../server/contract'
import { caseColour, DEFAULT_WARNING_RULES as R, lastBoundary, nextChangeAt, regionColour, sameReasons, windowStart, type ColourInputs } from '../../../server/domain/warnings'

const at = (s: string) => new Date(`${s}+08:00`)
// An ordinary (7-day) case accepted 20 Nov 09:00: its window opens 24 Nov 09:00, it is due 27 Nov 09:00.
const c: ColourInputs = {
  status: 'accepted', reportedAt: at('2026-11-20T08:30:00'), acceptedAt: at('2026-11-20T09:00:00'), deadlineAt: at('2026-11-27T09:00:00'),
  scale: 'individual', peopleInvolved: 1, riskLevel: 'low', supervisionLevel: 0, failedMediations: 0, repeatVisits: 0,
}
const colourAt = (x: ColourInputs, t: string, rules: WarningRules = R) => caseColour(x, at(t), rules)

describe('case colour: time', () => {
  it('is green until the warning window, yellow from exactly its opening', () => {
    expect(colourAt(c, '2026-11-24T08:59:59')).toEqual({ colour: 'green', reasons: [{ code: 'on_track', deadline: '2026-11-27T09:00:00+08:00' }] })
    expect(colourAt(c, '2026-11-24T09:00:00')).toEqual({ colour: 'yellow', reasons: [{ code: 'due_soon', deadline: '2026-11-27T09:00:00+08:00' }] })
  })

  it('turns red at the deadline: yellow one second before, red at it and one second after', () => {
    expect(colourAt(c, '2026-11-27T08:59:59').colour).toBe('yellow')
    expect(colourAt(c, '2026-11-27T09:00:00').colour).toBe('red')
    expect(colourAt(c, '2026-11-27T09:00:01')).toEqual({ colour: 'red', reasons: [{ code: 'overdue', deadline: '2026-11-27T09:00:00+08:00' }] })
  })

  it('opens the window at 3 days or a third of the limit, whichever comes first', () => {
    const month = { ...c, deadlineAt: at('2026-12-20T09:00:00') } // 30 days: a third is 10 days
    expect(windowStart(month, R)).toEqual(at('2026-12-10T09:00:00'))
    const day = { ...c, deadlineAt: at('2026-11-21T09:00:00') } // 1 day: inside 3 days from the start
    expect(colourAt(day, '2026-11-20T09:00:00').colour).toBe('yellow')
    expect(windowStart(c, { ...R, warnDays: 1 })).toEqual(at('2026-11-25T01:00:00')) // 7/3 days = 56 hours before
  })

  it('is green once closed, whatever else holds (转绿)', () => {
    expect(colourAt({ ...c, status: 'resolved', scale: 'major_group', riskLevel: 'high' }, '2026-12-30T00:00:00')).toEqual({ colour: 'green', reasons: [{ code: 'closed' }] })
  })
})

describe('case colour: what the case is', () => {
  const t = '2026-11-21T09:00:00'
  it('is red for a group matter by scale or by head count, from the threshold up', () => {
    expect(colourAt({ ...c, scale: 'group', peopleInvolved: 12 }, t).reasons).toEqual([{ code: 'group', scale: 'group', people: 12 }])
    expect(colourAt({ ...c, peopleInvolved: 5 }, t).colour).toBe('red')
    expect(colourAt({ ...c, peopleInvolved: 4 }, t).colour).toBe('green')
    expect(colourAt({ ...c, peopleInvolved: 4 }, t, { ...R, groupSize: 4 }).colour).toBe('red')
  })

  it('is red for high risk and yellow for medium', () => {
    expect(colourAt({ ...c, riskLevel: 'high' }, t)).toEqual({ colour: 'red', reasons: [{ code: 'risk', level: 'high' }] })
    expect(colourAt({ ...c, riskLevel: 'medium' }, t)).toEqual({ colour: 'yellow', reasons: [{ code: 'risk', level: 'medium' }] })
  })

  it('is yellow under supervision and red from the red-card step', () => {
    expect(colourAt({ ...c, supervisionLevel: 1 }, t)).toEqual({ colour: 'yellow', reasons: [{ code: 'supervision', step: 1, zh: '督办', en: 'Supervision' }] })
    expect(colourAt({ ...c, supervisionLevel: 2 }, t).reasons[0]).toMatchObject({ step: 2, zh: '黄牌督办' })
    expect(colourAt({ ...c, supervisionLevel: 2 }, t).colour).toBe('yellow')
    expect(colourAt({ ...c, supervisionLevel: 3 }, t)).toMatchObject({ colour: 'red', reasons: [{ code: 'supervision', step: 3, zh: '红牌督办' }] })
    expect(colourAt({ ...c, supervisionLevel: 2 }, t, { ...R, redFromStep: 2 }).colour).toBe('red')
  })

  it('is red after repeated failure: two failed mediations or three repeat visits', () => {
    expect(colourAt({ ...c, failedMediations: 1 }, t).colour).toBe('green')
    expect(colourAt({ ...c, failedMediations: 2 }, t).reasons).toEqual([{ code: 'failed_mediations', n: 2 }])
    expect(colourAt({ ...c, repeatVisits: 2 }, t).colour).toBe('green')
    expect(colourAt({ ...c, repeatVisits: 3 }, t).reasons).toEqual([{ code: 'repeat_visits', n: 3 }])
  })

  it('keeps every reason, red ones first', () => {
    const r = colourAt({ ...c, riskLevel: 'medium', scale: 'group', peopleInvolved: 12 }, '2026-11-27T10:00:00')
    expect(r.colour).toBe('red')
    expect(r.reasons.map((x) => x.code)).toEqual(['overdue', 'group', 'risk'])
  })
})

describe('the next time-driven change', () => {
  it('is the window opening, then the deadline, then nothing', () => {
    expect(nextChangeAt(c, at('2026-11-21T00:00:00'), R)).toEqual(at('2026-11-24T09:00:00'))
    expect(nextChangeAt(c, at('2026-11-24T09:00:00'), R)).toEqual(at('2026-11-27T09:00:00'))
    expect(nextChangeAt(c, at('2026-11-27T09:00:00'), R)).toBeNull()
    expect(nextChangeAt({ ...c, status: 'resolved' }, at('2026-11-21T00:00:00'), R)).toBeNull()
    expect(nextChangeAt({ ...c, deadlineAt: null }, at('2026-11-21T00:00:00'), R)).toBeNull()
  })

  it('dates a change found late to the boundary that caused it', () => {
    expect(lastBoundary(c, at('2026-11-25T00:00:00'), R)).toEqual(at('2026-11-24T09:00:00'))
    expect(lastBoundary(c, at('2026-12-01T00:00:00'), R)).toEqual(at('2026-11-27T09:00:00'))
    expect(lastBoundary(c, at('2026-11-21T00:00:00'), R)).toBeNull()
  })
})

describe('region colour', () => {
  it('is red with any open red case, yellow with a yellow one or a rate under target, else green', () => {
    expect(regionColour('x', { red: 1, yellow: 3, green: 9 }, 99, R)).toMatchObject({ colour: 'red', reasons: ['open_red', 'open_yellow'] })
    expect(regionColour('x', { red: 0, yellow: 1, green: 9 }, 99, R).colour).toBe('yellow')
    expect(regionColour('x', { red: 0, yellow: 0, green: 9 }, 94.99, R)).toMatchObject({ colour: 'yellow', reasons: ['below_target'] })
    expect(regionColour('x', { red: 0, yellow: 0, green: 9 }, 95, R).colour).toBe('green')
    // No case accepted this quarter: no rate, so no judgement on it.
    expect(regionColour('x', { red: 0, yellow: 0, green: 0 }, null, R)).toMatchObject({ colour: 'green', successRate: null, reasons: [] })
  })
})

describe('reason comparison', () => {
  it('ignores key order (jsonb reorders keys) but not values', () => {
    const a = [{ code: 'supervision', step: 2, zh: '黄牌督办', en: 'Yellow-card supervision' }] as const
    const stored = JSON.parse('[{"en":"Yellow-card supervision","zh":"黄牌督办","code":"supervision","step":2}]')
    expect(sameReasons([...a], stored)).toBe(true)
    expect(sameReasons([...a], [{ ...stored[0], step: 3 }])).toBe(false)
    expect(sameReasons([...a], [])).toBe(false)
  })
})
