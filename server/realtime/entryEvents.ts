import { RED_FLAG_LIMIT, type CaseSummary, type Colour, type LiveAggregates, type StreamBatch, type StreamEventName } from '../contract'
import type { CaseRow } from '../../db/schema'
import { isOpen } from '../domain/lifecycle'
import { isoLocal } from '../domain/time'
import { toSummary } from '../live/summary'
import type { CaseBefore, CaseChange } from '../log/entries'

/** One event of a log entry, before it is numbered on a stream. */
export type Emit = { event: StreamEventName; payload: Record<string, unknown> }

/** A case's colour as a screen sees it: a closed case is green. */
const effective = (row: CaseBefore | CaseRow | null): Colour | null => (row ? (isOpen(row.status) ? row.colour : 'green') : null)

/**
 * A log entry's events as a stream carries them (live and in a replay): `seq`, `prev`, `part`
 * without the stream's region and epoch (the batch's), and a later part about part 0's case
 * without the case (the follower takes part 0's).
 */
export function compactEvents(events: Emit[], seq: number, prev: number): StreamBatch['events'] {
  const first = events[0]?.payload.case as { id: number } | undefined
  return events.map((e, part) => {
    const { case: c, ...rest } = e.payload as { case?: { id: number } }
    const same = part > 0 && c !== undefined && c.id === first?.id
    return { event: e.event, data: { seq, prev, part, ...(same ? rest : e.payload) } }
  })
}

/** How many of an import's recent cases an event carries: a screen's feed holds no more. */
export const IMPORT_FEED_CASES = 30

/**
 * Of imported cases, those a screen can show from an event: the newest reported that join a feed
 * (not late), and the newest red ones still open, as many as a wall's red flags hold. The rest
 * are counted (`omitted`): a desk reads its queue again for them.
 */
export function forScreens(cases: CaseSummary[]): { cases: CaseSummary[]; omitted: number } {
  const feed = cases.filter((c) => !c.late).sort((a, b) => b.reportedAt.localeCompare(a.reportedAt)).slice(0, IMPORT_FEED_CASES)
  const red = cases.filter((c) => c.open && c.colour === 'red').sort((a, b) => b.colourSince.localeCompare(a.colourSince)).slice(0, RED_FLAG_LIMIT)
  const ids = new Set([...feed, ...red].map((c) => c.id))
  const kept = cases.filter((c) => ids.has(c.id))
  return { cases: kept, omitted: cases.length - kept.length }
}

type ImportData = { seq: number; prev: number; part: number; import: number; count: number; cases: CaseSummary[]; omitted: number }

/**
 * Appends an entry's compact events to a frame's (or a compact replay's). An import that follows
 * an import on the stream merges into it: one event, the later one's `seq` and the earlier one's
 * `prev`, the counts summed and the cases cut to what a screen shows. A 100,000-row ledger
 * reaches a wall as a few events a second, each no larger than its feed and red flags.
 */
export function appendCompact(out: StreamBatch['events'], events: StreamBatch['events']) {
  const last = out.at(-1)
  const next = events[0]
  if (events.length === 1 && next!.event === 'cases:imported' && last?.event === 'cases:imported' && (next!.data as ImportData).prev === (last.data as ImportData).seq) {
    const a = last.data as ImportData
    const b = next!.data as ImportData
    const kept = forScreens([...a.cases, ...b.cases])
    out[out.length - 1] = { event: 'cases:imported', data: { ...a, seq: b.seq, import: b.import, count: a.count + b.count, cases: kept.cases, omitted: a.omitted + b.omitted + kept.omitted } }
    return
  }
  out.push(...events)
}

/** The top-level parts of `next` that differ from `prev` (a block of counts, a breakdown …), whole. */
export function changedParts(prev: LiveAggregates, next: LiveAggregates): Partial<LiveAggregates> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(next)) if (JSON.stringify(v) !== JSON.stringify((prev as unknown as Record<string, unknown>)[k])) out[k] = v
  return out as Partial<LiveAggregates>
}

export function caseEvents(ch: CaseChange): Emit[] {
  const summary = toSummary(ch.after)
  const out: Emit[] = [{ event: ch.before ? 'case:updated' : 'case:created', payload: { case: summary } }]
  const from = effective(ch.before)
  const to = effective(ch.after)!
  // A new case is one event (its colour is in it), and a second only when it is red at once.
  if (!ch.before) {
    if (to === 'red') out.push({ event: 'redflag:raised', payload: { case: summary, at: isoLocal(ch.after.colourSince) } })
    return out
  }
  if (from !== to) {
    const at = isoLocal(ch.after.colourSince)
    out.push({ event: 'warning:changed', payload: { caseId: ch.after.id, from, to, reasons: summary.reasons, at, case: summary } })
    if (to === 'red') out.push({ event: 'redflag:raised', payload: { case: summary, at } })
  }
  return out
}
