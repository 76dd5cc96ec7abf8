import type { CaseEventRow, CaseRow, SupervisionNotice, VisitRow, VolunteerActivity, Wish } from '../../db/schema'
import type { ActivitySummary, CaseDetail, CaseSummary, NoticeView, VisitSummary, WarningReason, WarningRules, WishSummary } from '../contract'
import { isOpen } from '../domain/lifecycle'
import { hoursOf, isoLocal } from '../domain/time'

/** An optional instant in the county's time, or null. */
export const iso = (d: Date | null) => (d ? isoLocal(d) : null)

/** The public view of a case. The description (citizen text) is only in the detail view. */
/** A case recorded this long after it was reported (a ledger import, a late sync) is history, not news: it stays out of the feed of latest cases. */
export const LATE_RECORD_MS = 7 * 86_400_000
export const isLateRecord = (row: Pick<CaseRow, 'createdAt' | 'reportedAt'>) => +row.createdAt - +row.reportedAt > LATE_RECORD_MS

export function toSummary(row: CaseRow): CaseSummary {
  const open = isOpen(row.status)
  // Rows closed before colours were stored carry no reasons; their colour is green by rule.
  const reasons: WarningReason[] = row.colourReasons.length ? row.colourReasons : open ? [] : [{ code: 'closed' }]
  return {
    id: row.id,
    externalId: row.externalId,
    source: row.source,
    kind: row.kind,
    category: row.category,
    regionCode: row.regionCode,
    communityCode: row.communityCode,
    townCode: row.townCode,
    title: row.title,
    peopleInvolved: row.peopleInvolved,
    scale: row.scale,
    riskLevel: row.riskLevel,
    status: row.status,
    open,
    reportedAt: isoLocal(row.reportedAt),
    acceptedAt: iso(row.acceptedAt),
    deadlineAt: iso(row.deadlineAt),
    resolvedAt: iso(row.resolvedAt),
    outcome: row.outcome,
    closingLevel: row.closingLevel,
    escalatedLevel: row.escalatedLevel,
    assignedUnit: row.assignedUnit,
    assignedUnitId: row.assignedUnitId,
    supervisionLevel: row.supervisionLevel,
    complexity: row.complexity,
    version: row.version,
    colour: open ? row.colour : 'green',
    reasons,
    colourSince: isoLocal(row.colourSince),
    acknowledgedAt: iso(row.acknowledgedAt),
    acknowledgedBy: row.acknowledgedBy,
    unacknowledged: open && row.colour === 'red' && (!row.acknowledgedAt || row.acknowledgedAt < row.colourSince),
    late: isLateRecord(row),
  }
}

export function toNotice(n: SupervisionNotice, rules: WarningRules): NoticeView {
  const step = rules.ladder[Math.min(n.step, rules.ladder.length) - 1]!
  return {
    id: n.id,
    caseId: n.caseId,
    unit: n.unit,
    unitId: n.unitId,
    step: n.step,
    stepName: { zh: step.zh, en: step.en },
    status: n.status,
    issuedAt: isoLocal(n.issuedAt),
    issuedBy: n.issuedBy,
    dueAt: isoLocal(n.dueAt),
    note: n.note,
    answeredAt: iso(n.answeredAt),
    answeredBy: n.answeredBy,
    answer: n.answer,
    escalations: n.escalations,
  }
}

export function toDetail(row: CaseRow, timeline: CaseEventRow[], notices: SupervisionNotice[], rules: WarningRules): CaseDetail {
  return {
    ...toSummary(row),
    description: row.description,
    satisfaction: row.satisfaction,
    failedMediations: row.failedMediations,
    repeatVisits: row.repeatVisits,
    timeline: timeline.map((e) => ({ id: e.id, at: isoLocal(e.at), actor: e.actor, action: e.action, fromStatus: e.fromStatus, toStatus: e.toStatus, data: e.data })),
    notices: notices.map((n) => toNotice(n, rules)),
  }
}

export function activitySummary(a: VolunteerActivity): ActivitySummary {
  return {
    id: a.id, team: a.team, kind: a.kind, title: a.title, communityCode: a.communityCode, lat: a.lat, lng: a.lng,
    startedAt: isoLocal(a.startedAt), hours: hoursOf(a.minutes), peopleServed: a.peopleServed,
  }
}

export function visitSummary(v: VisitRow): VisitSummary {
  return { id: v.id, communityCode: v.communityCode, visitedAt: isoLocal(v.visitedAt), people: v.people, caseId: v.caseId, matterVisits: v.matterVisits, repeat: v.repeat }
}

export function wishSummary(w: Wish): WishSummary {
  return { id: w.id, communityCode: w.communityCode, title: w.title, status: w.status, collectedAt: isoLocal(w.collectedAt) }
}
