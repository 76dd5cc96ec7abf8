import type { CaseTransition } from '../contract'
import { handlingLevel, levelRank } from './levels'

/** 受理 → 分流 → 办理 → 办结 → 回访 → 归档; `reported` is a case not yet accepted. */
export type CaseStatus = 'reported' | 'accepted' | 'dispatched' | 'in_progress' | 'resolved' | 'visited' | 'archived'

export const OPEN_STATUSES: readonly CaseStatus[] = ['reported', 'accepted', 'dispatched', 'in_progress']
export const isOpen = (status: string) => (OPEN_STATUSES as readonly string[]).includes(status)

const allowedFrom: Record<CaseTransition['action'], readonly CaseStatus[]> = {
  accept: ['reported'],
  dispatch: ['accepted', 'in_progress', 'dispatched'],
  start: ['accepted', 'dispatched'],
  resolve: ['accepted', 'dispatched', 'in_progress'],
  visit: ['resolved'],
  archive: ['resolved', 'visited'],
  fail: OPEN_STATUSES,
  revisit: OPEN_STATUSES,
  ack: OPEN_STATUSES,
  report_up: ['accepted', 'dispatched', 'in_progress'],
  reopen: ['resolved', 'visited'],
  note: ['reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'visited', 'archived'],
}

/** Whether a case in this status can take this action (the desk greys out the others; the server decides anyway). */
export const canApply = (action: CaseTransition['action'], status: string) => (allowedFrom[action] as readonly string[]).includes(status)

/** Actions that put something on the record without moving the case along. */
const STAY = new Set<CaseTransition['action']>(['fail', 'revisit', 'ack', 'note', 'report_up'])

const target: Record<Exclude<CaseTransition['action'], 'fail' | 'revisit' | 'ack' | 'note' | 'report_up'>, CaseStatus> = {
  accept: 'accepted',
  dispatch: 'dispatched',
  start: 'in_progress',
  resolve: 'resolved',
  visit: 'visited',
  archive: 'archived',
  reopen: 'in_progress',
}

export interface LifecycleFields {
  status: string
  acceptedAt: Date | null
  deadlineAt: Date | null
  resolvedAt: Date | null
  outcome: string | null
  closingLevel: string | null
  escalatedLevel: string | null
  assignedUnit: string | null
  satisfaction: string | null
  failedMediations: number
  repeatVisits: number
  acknowledgedAt: Date | null
  acknowledgedBy: string | null
}

export class TransitionError extends Error {
  constructor(message: string, readonly field = 'action') {
    super(message)
  }
}

/**
 * The new lifecycle fields after an action, or a TransitionError (HTTP 409) when the action is
 * not allowed from the current status. `defaultDeadline` supplies the time limit on acceptance.
 */
export function applyTransition(
  c: LifecycleFields & { reportedAt: Date; regionCode: string },
  t: CaseTransition & { at: string },
  defaultDeadline: (acceptedAt: Date) => Date,
): LifecycleFields {
  if (!allowedFrom[t.action].includes(c.status as CaseStatus)) {
    throw new TransitionError(`cannot ${t.action} a case in status ${c.status}`)
  }
  const at = new Date(t.at)
  if (at < c.reportedAt) throw new TransitionError('must not be before the case was reported', 'at')
  const next: LifecycleFields = {
    status: STAY.has(t.action) ? c.status : target[t.action as keyof typeof target],
    acceptedAt: c.acceptedAt,
    deadlineAt: c.deadlineAt,
    resolvedAt: c.resolvedAt,
    outcome: c.outcome,
    closingLevel: c.closingLevel,
    escalatedLevel: c.escalatedLevel,
    assignedUnit: c.assignedUnit,
    satisfaction: c.satisfaction,
    failedMediations: c.failedMediations,
    repeatVisits: c.repeatVisits,
    acknowledgedAt: c.acknowledgedAt,
    acknowledgedBy: c.acknowledgedBy,
  }
  switch (t.action) {
    case 'accept':
      next.acceptedAt = at
      next.deadlineAt = t.deadlineAt ? new Date(t.deadlineAt) : (c.deadlineAt ?? defaultDeadline(at))
      break
    case 'dispatch':
      next.assignedUnit = t.unit ?? c.assignedUnit
      if (t.deadlineAt) next.deadlineAt = new Date(t.deadlineAt)
      break
    case 'resolve':
      if (c.acceptedAt && at < c.acceptedAt) throw new TransitionError('must not be before the case was accepted', 'at')
      // Closed where it was escalated to, or higher: a case the town took is not closed by the village.
      if (levelRank(t.level) < levelRank(c.escalatedLevel)) throw new TransitionError(`must not be below the level the case was escalated to (${c.escalatedLevel})`, 'level')
      next.resolvedAt = at
      next.outcome = t.outcome
      next.closingLevel = t.level
      if (t.outcome === 'failed') next.failedMediations = c.failedMediations + 1
      break
    case 'visit':
      next.satisfaction = t.satisfaction
      break
    case 'report_up': {
      const from = handlingLevel(c)
      if (levelRank(t.to) <= levelRank(from)) throw new TransitionError(`must be above the level the case is handled at (${from})`, 'to')
      next.escalatedLevel = t.to
      break
    }
    case 'fail':
      next.failedMediations = c.failedMediations + 1
      break
    case 'revisit':
      next.repeatVisits = c.repeatVisits + 1
      break
    case 'reopen':
      next.resolvedAt = null
      next.outcome = null
      next.closingLevel = null
      next.satisfaction = null
      break
    case 'ack':
      next.acknowledgedAt = at
      next.acknowledgedBy = t.actor
      break
    case 'start':
    case 'archive':
    case 'note':
      break
  }
  return next
}
