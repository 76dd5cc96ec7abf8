import { describe, expect, it } from 'vitest'
import type { CaseTransition } from '../../../server/contract'
import { applyTransition, TransitionError, type LifecycleFields } from '../../../server/domain/lifecycle'

const c: LifecycleFields & { reportedAt: Date; regionCode: string } = {
  status: 'accepted', regionCode: '140825400012001', reportedAt: new Date('2026-11-20T08:00:00+08:00'), acceptedAt: new Date('2026-11-20T09:00:00+08:00'),
  deadlineAt: new Date('2026-11-27T09:00:00+08:00'), resolvedAt: null, outcome: null, closingLevel: null, escalatedLevel: null, assignedUnit: null,
  satisfaction: null, failedMediations: 0, repeatVisits: 0, acknowledgedAt: null, acknowledgedBy: null,
}
const limit = () => new Date(0)

describe('case life cycle', () => {
  it('受理 → 分流 → 办理 → 办结 → 回访 → 归档', () => {
    const steps: (CaseTransition & { at: string })[] = [
      { action: 'dispatch', at: '2026-11-20T10:00:00+08:00', actor: 'a', unit: '新绛县住建局' },
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
    expect(s).toMatchObject({ assignedUnit: '新绛县住建局', outcome: 'success', closingLevel: 'town', satisfaction: 'satisfied' })
  })

  it('refuses moves the status does not allow', () => {
    expect(() => applyTransition(c, { action: 'archive', at: '2026-11-21T00:00:00+08:00', actor: 'a' }, limit)).toThrow(TransitionError)
    expect(() => applyTransition({ ...c, status: 'archived' }, { action: 'resolve', at: '2026-11-21T00:00:00+08:00', actor: 'a', outcome: 'success', level: 'town' }, limit)).toThrow(/cannot resolve/)
  })

  it('counts a failed mediation', () => {
    const s = applyTransition(c, { action: 'resolve', at: '2026-11-21T00:00:00+08:00', actor: 'a', outcome: 'failed', level: 'village' }, limit)
    expect(s.failedMediations).toBe(1)
  })

  it('records a failed mediation or a repeat visit without closing the case', () => {
    const f = applyTransition({ ...c, status: 'dispatched' }, { action: 'fail', at: '2026-11-21T00:00:00+08:00', actor: 'a' }, limit)
    expect(f).toMatchObject({ status: 'dispatched', failedMediations: 1, resolvedAt: null })
    const v = applyTransition(c, { action: 'revisit', at: '2026-11-21T00:00:00+08:00', actor: 'a' }, limit)
    expect(v).toMatchObject({ status: 'accepted', repeatVisits: 1 })
    expect(() => applyTransition({ ...c, status: 'resolved' }, { action: 'revisit', at: '2026-11-21T00:00:00+08:00', actor: 'a' }, limit)).toThrow(TransitionError)
  })

  it('上报: climbs the ladder one way, keeps the case open, and closes it no lower than it climbed', () => {
    const at = (h: number) => `2026-11-21T${String(h).padStart(2, '0')}:00:00+08:00`
    // Reported in a grid: handled there first, so the village is a step up.
    const up = applyTransition(c, { action: 'report_up', at: at(8), actor: 'a', to: 'village' }, limit)
    expect(up).toMatchObject({ status: 'accepted', escalatedLevel: 'village' })
    const town = applyTransition({ ...c, ...up }, { action: 'report_up', at: at(9), actor: 'a', to: 'town' }, limit)
    expect(town.escalatedLevel).toBe('town')
    // Not sideways, not down.
    expect(() => applyTransition({ ...c, ...town }, { action: 'report_up', at: at(10), actor: 'a', to: 'town' }, limit)).toThrow(/above the level the case is handled at \(town\)/)
    expect(() => applyTransition({ ...c, ...town }, { action: 'report_up', at: at(10), actor: 'a', to: 'village' }, limit)).toThrow(TransitionError)
    // A case reported at its community starts there: escalating it "to the village" is no step.
    expect(() => applyTransition({ ...c, regionCode: '140825400012' }, { action: 'report_up', at: at(10), actor: 'a', to: 'village' }, limit)).toThrow(/\(village\)/)
    // Closed at the town or above, not below it.
    expect(() => applyTransition({ ...c, ...town }, { action: 'resolve', at: at(11), actor: 'a', outcome: 'success', level: 'village' }, limit)).toThrow(/escalated to \(town\)/)
    expect(applyTransition({ ...c, ...town }, { action: 'resolve', at: at(11), actor: 'a', outcome: 'success', level: 'county' }, limit)).toMatchObject({ status: 'resolved', closingLevel: 'county', escalatedLevel: 'town' })
    // A closed case is not escalated.
    expect(() => applyTransition({ ...c, status: 'resolved' }, { action: 'report_up', at: at(12), actor: 'a', to: 'county' }, limit)).toThrow(/cannot report_up/)
  })
})
