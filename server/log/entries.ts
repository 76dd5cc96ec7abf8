import { getTableColumns } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import { cases, supervisionNotices, visits, volunteerActivities, wishes, type CaseRow, type SupervisionNotice, type VisitRow, type VolunteerActivity, type Wish } from '../../db/schema'
import type { Deltas } from '../domain/counters'
import type { TrendFlagView } from '../contract'

/** What the log keeps of a case before a change: enough to tell what changed for the screens. */
export type CaseBefore = Pick<CaseRow, 'status' | 'colour' | 'communityCode' | 'version'>

export interface CaseChange {
  type: 'case'
  before: CaseBefore | null
  after: CaseRow
  deltas: Deltas
}

export interface NoticeChange {
  kind: 'issued' | 'escalated' | 'answered'
  notice: SupervisionNotice
  /** The step before an escalation. */
  from: number
  case: CaseChange
}

/**
 * A batch of imported ledger cases in one community, as one entry: their summed rollup deltas,
 * and in full only the cases a screen or the engine must hold (still open, or recent enough for
 * the feed). A ledger of 100,000 old cases is some hundred entries, not 100,000.
 */
export interface ImportChange {
  type: 'import'
  import: number
  community: string
  count: number
  deltas: Deltas
  rows: CaseRow[]
}

/** A visit registered at the window (来访登记), without its visitor's hashes. */
export interface VisitChange {
  type: 'visit'
  row: VisitRow
}

export interface ActivityChange {
  type: 'activity'
  row: VolunteerActivity
}

export interface WishChange {
  type: 'wish'
  before: Pick<Wish, 'status'> | null
  after: Wish
}

/** 趋势预警: a place's flag raised (or its figures moved) or cleared. */
export interface TrendChange {
  type: 'trend'
  flag: TrendFlagView
}

/**
 * One entry of the change log, as written in a transaction and as read back by every node.
 * Region entries go on the streams of their community (and its town and county); system entries
 * (community null) change what every node holds: rules, keys, sessions, users.
 */
export type LogEntry =
  | { kind: 'case'; change: CaseChange }
  | { kind: 'notice'; change: NoticeChange }
  | { kind: 'activity'; change: ActivityChange }
  | { kind: 'import'; change: ImportChange }
  | { kind: 'visit'; change: VisitChange }
  | { kind: 'wish'; change: WishChange }
  | { kind: 'trend'; change: TrendChange }
  | { kind: 'rules' }
  | { kind: 'key_revoked'; keyId: number }
  | { kind: 'session_ended'; tokenHash: string }
  | { kind: 'user_disabled'; userId: number }
  /** A user's account changed (password, must-change flag): sessions re-read it. */
  | { kind: 'user_changed'; userId: number }

/** An entry as read from the log: its id is its position in commit order. */
export type LogRecord = LogEntry & { id: number; at: Date }

/** The community whose streams carry an entry, or null for a system entry. */
export function communityOf(e: LogEntry): string | null {
  switch (e.kind) {
    case 'case':
      return e.change.after.communityCode
    case 'notice':
      return e.change.case.after.communityCode
    case 'activity':
      return e.change.row.communityCode
    case 'import':
      return e.change.community
    case 'visit':
      return e.change.row.communityCode
    case 'wish':
      return e.change.after.communityCode
    // A town's flag goes on the town's streams and above (its code is the town's).
    case 'trend':
      return e.change.flag.regionCode
    default:
      return null
  }
}

export function beforeOf(row: CaseRow | null): CaseBefore | null {
  return row && { status: row.status, colour: row.colour, communityCode: row.communityCode, version: row.version }
}

/** jsonb keeps instants as ISO text: the columns that are dates become Dates again. */
function reviver(table: PgTable) {
  const dates = Object.entries(getTableColumns(table)).filter(([, c]) => c.dataType === 'date').map(([k]) => k)
  return <T>(row: T): T => {
    const r = row as Record<string, unknown>
    for (const k of dates) if (typeof r[k] === 'string') r[k] = new Date(r[k] as string)
    return row
  }
}
const reviveDates = reviver(cases)
const caseColumns = Object.entries(getTableColumns(cases))

/** A case row as PostgreSQL's to_jsonb writes it (column names) into the row drizzle gives (keys, Dates). */
export function caseFromDb(o: Record<string, unknown>): CaseRow {
  return reviveDates(Object.fromEntries(caseColumns.map(([k, c]) => [k, o[c.name] ?? null])) as CaseRow)
}

/** A case row in a log entry: written by the app (keys) or by one statement in SQL (column names). */
const reviveCase = (row: CaseRow): CaseRow => ('community_code' in row ? caseFromDb(row as unknown as Record<string, unknown>) : reviveDates(row))
const reviveNotice = reviver(supervisionNotices)
const reviveActivity = reviver(volunteerActivities)
const reviveWish = reviver(wishes)
const reviveVisit = reviver(visits)

/** A stored entry (kind + payload) back into a record with real Dates. */
export function revive(id: number, at: Date, kind: string, payload: unknown): LogRecord {
  const e = { ...(payload as object), kind, id, at } as LogRecord
  if (e.kind === 'case') e.change.after = reviveCase(e.change.after)
  else if (e.kind === 'notice') {
    reviveNotice(e.change.notice)
    e.change.case.after = reviveCase(e.change.case.after)
  } else if (e.kind === 'import') e.change.rows = e.change.rows.map(reviveCase)
  else if (e.kind === 'activity') reviveActivity(e.change.row)
  else if (e.kind === 'wish') reviveWish(e.change.after)
  else if (e.kind === 'visit') reviveVisit(e.change.row)
  return e
}
