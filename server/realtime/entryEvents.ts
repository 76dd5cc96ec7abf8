import type { Colour, LiveAggregates, StreamBatch, StreamEventName } from '../contract'
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
