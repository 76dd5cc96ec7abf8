import type { CaseEventRow, CaseRow } from '../../db/schema'
import type { CaseDetail, CaseSummary, Colour } from '../contract'
import { isOpen } from '../domain/lifecycle'
import { isoLocal } from '../domain/time'

const iso = (d: Date | null) => (d ? isoLocal(d) : null)

/** The public view of a case. The description (citizen text) is only in the detail view. */
export function toSummary(row: CaseRow, colour: { colour: Colour; reasons: string[] }): CaseSummary {
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
    open: isOpen(row.status),
    reportedAt: isoLocal(row.reportedAt),
    acceptedAt: iso(row.acceptedAt),
    deadlineAt: iso(row.deadlineAt),
    resolvedAt: iso(row.resolvedAt),
    outcome: row.outcome,
    closingLevel: row.closingLevel,
    assignedUnit: row.assignedUnit,
    supervisionLevel: row.supervisionLevel,
    version: row.version,
    colour: colour.colour,
    reasons: colour.reasons,
  }
}

export function toDetail(row: CaseRow, colour: { colour: Colour; reasons: string[] }, timeline: CaseEventRow[]): CaseDetail {
  return {
    ...toSummary(row, colour),
    description: row.description,
    satisfaction: row.satisfaction,
    timeline: timeline.map((e) => ({ id: e.id, at: isoLocal(e.at), actor: e.actor, action: e.action, fromStatus: e.fromStatus, toStatus: e.toStatus, data: e.data })),
  }
}
