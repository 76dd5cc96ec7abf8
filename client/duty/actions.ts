import type { CaseDetail } from '../../server/contract'
import { canApply } from '../../server/domain/lifecycle'
import { handlingLevel, LEVELS, levelRank } from '../../server/domain/levels'
import type { DutyKey } from '../i18n/duty'

export type ActionName = 'ack' | 'dispatch' | 'supervise' | 'note' | 'report_up' | 'resolve' | 'visit'

/** The desk's actions, their keys, and when the case's status allows them (the lifecycle's own table; the server decides anyway). */
export const ACTIONS: { name: ActionName; key: string; label: (c: CaseDetail) => DutyKey; allowed: (c: CaseDetail) => boolean; form: boolean }[] = [
  { name: 'ack', key: 'a', label: () => 'ack', allowed: (c) => canApply('ack', c.status), form: false },
  { name: 'dispatch', key: 'd', label: () => 'dispatch', allowed: (c) => canApply('dispatch', c.status), form: true },
  { name: 'supervise', key: 's', label: (c) => (c.notices.some((n) => n.status === 'open') ? 'escalate' : 'supervise'), allowed: (c) => c.open, form: true },
  { name: 'note', key: 'n', label: () => 'note', allowed: () => true, form: true },
  // 上报: up the closing-level ladder, while there is a level above the one it is handled at.
  { name: 'report_up', key: 'u', label: () => 'reportUp', allowed: (c) => canApply('report_up', c.status) && levelRank(handlingLevel(c)) < LEVELS.length - 1, form: true },
  { name: 'resolve', key: 'r', label: () => 'resolve', allowed: (c) => canApply('resolve', c.status), form: true },
  { name: 'visit', key: 'v', label: () => 'visit', allowed: (c) => canApply('visit', c.status), form: true },
]

/** A `datetime-local` value is the county's wall-clock time: send it with the county's offset. */
export const countyTime = (local: string) => (local ? `${local.length === 16 ? `${local}:00` : local}+08:00` : undefined)
