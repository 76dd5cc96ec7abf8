import { describe, expect, it } from 'vitest'
import type { CaseTransition } from '../../../server/contract'
import { caseColour } from '../../../server/domain/colour'
import { applyTransition, TransitionError, type LifecycleFields } from '../../../server/domain/lifecycle'

const c: LifecycleFields & { reportedAt: Date } = {
  status: 'accepted', reportedAt: new Date('2026-11-20T08:00:00+08:00'), acceptedAt: new Date('2026-11-20T09:00:00+08:00'),
  deadlineAt: new Date('2026-11-27T09:00:00+08:00'), resolvedAt: null, outcome: null, closingLevel: null, assignedUnit: null,
  satisfaction: null, failedMediations: 0,
}
const limit = () => new Date(0)

describe('case life cycle', () => {
  it('受理 → 分流 → 办理 → 办结 → 回访 → 归档', () => {
    const steps: CaseTransition[] = [
      { action: 'dispatch', at: '2026-11-20T10:00:00+08:00', actor: 'a', unit: '县住建局' },
      { action: 'start', at: '2026-11-20T11:00:00+08:00', actor: 'a' },
      { action: 'resolve', at: '2026-11-21T10:00:00+08:00', actor: 'a', outcome: 'success', level: 'town' },
      { action: 'visit', at: '2026-11-22T10:00:00+08:00', actor: 'a', satisfaction: 'satisfied' },
      { action: 'archive', at: '2026-11-23T10:00:00+08:00', actor: 'a' },
    ]
    let s = { ...c }
    const seen = []
    for (const t of steps) {
      s = { ...s, ...applyTransition(s, t, limit) }
      seen.push(s.status)
    }
    expect(seen).toEqual(['dispatched', 'in_progress', 'resolved', 'visited', 'archived'])
    expect(s).toMatchObject({ assignedUnit: '县住建局', outcome: 'success', closingLevel: 'town', satisfaction: 'satisfied' })
  })

  it('refuses moves the status does not allow', () => {
    expect(() => applyTransition(c, { action: 'archive', at: '2026-11-21T00:00:00+08:00', actor: 'a' }, limit)).toThrow(TransitionError)
    expect(() => applyTransition({ ...c, status: 'archived' }, { action: 'resolve', at: '2026-11-21T00:00:00+08:00', actor: 'a', outcome: 'success', level: 'town' }, limit)).toThrow(/cannot resolve/)
  })

  it('counts a failed mediation', () => {
    const s = applyTransition(c, { action: 'resolve', at: '2026-11-21T00:00:00+08:00', actor: 'a', outcome: 'failed', level: 'village' }, limit)
    expect(s.failedMediations).toBe(1)
  })
})

describe('case colour at a moment', () => {
  const open = { status: 'accepted', reportedAt: c.reportedAt, acceptedAt: c.acceptedAt, deadlineAt: c.deadlineAt, scale: 'individual', peopleInvolved: 1, riskLevel: 'low', supervisionLevel: 0 }
  it('is green within its limit, yellow near the deadline, red once past it', () => {
    expect(caseColour(open, new Date('2026-11-21T09:00:00+08:00')).colour).toBe('green')
    expect(caseColour(open, new Date('2026-11-24T09:00:00+08:00'))).toEqual({ colour: 'yellow', reasons: ['临期72小时'] })
    expect(caseColour(open, new Date('2026-11-27T08:59:59+08:00')).colour).toBe('yellow')
    expect(caseColour(open, new Date('2026-11-29T09:00:00+08:00'))).toEqual({ colour: 'red', reasons: ['超期2天'] })
  })
  it('is red for a group matter and green once closed', () => {
    expect(caseColour({ ...open, scale: 'group', peopleInvolved: 12 }, new Date('2026-11-21T09:00:00+08:00'))).toEqual({ colour: 'red', reasons: ['群体性, 12人'] })
    expect(caseColour({ ...open, status: 'resolved' }, new Date('2026-12-21T09:00:00+08:00')).colour).toBe('green')
  })
})
