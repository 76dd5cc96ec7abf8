import type { CaseSummary } from '../../server/contract'
import { byUrgency } from '../../server/domain/urgency'

/** What the desk's queue shows: a search and filters over the warned cases, in one order. */
export interface QueueFilter {
  /** Part of the title, the place's name, the case number or the outside system's id. */
  q: string
  colour: '' | 'red' | 'yellow'
  /** A town's code: only its cases. */
  town: string
  /** Only red flags nobody has taken (签收) since they turned red. */
  unack: boolean
  /** Only cases not yet dispatched to a unit. */
  undispatched: boolean
  /** Only cases past their deadline now. */
  overdue: boolean
  sort: QueueSort
}

export type QueueSort = 'urgency' | 'newest' | 'deadline' | 'place'

export const emptyFilter = (): QueueFilter => ({ q: '', colour: '', town: '', unack: false, undispatched: false, overdue: false, sort: 'urgency' })

/** Whether any filter narrows the queue (the page says so, with the count it hides). */
export const filtering = (f: QueueFilter) => !!(f.q.trim() || f.colour || f.town || f.unack || f.undispatched || f.overdue)

const overdueAt = (c: CaseSummary, now: number) => !!c.deadlineAt && Date.parse(c.deadlineAt) < now

const ORDERS: Record<QueueSort, (place: (code: string) => string) => (a: CaseSummary, b: CaseSummary) => number> = {
  urgency: () => byUrgency,
  // The most recently warned first: what has just happened.
  newest: () => (a, b) => Date.parse(b.colourSince) - Date.parse(a.colourSince) || b.id - a.id,
  deadline: () => (a, b) => (a.deadlineAt ? Date.parse(a.deadlineAt) : Infinity) - (b.deadlineAt ? Date.parse(b.deadlineAt) : Infinity) || byUrgency(a, b),
  place: (place) => (a, b) => place(a.communityCode).localeCompare(place(b.communityCode), 'zh-CN') || byUrgency(a, b),
}

/** The queue as filtered and sorted; `place` names a community (for search and the place order). */
export function queueView(list: readonly CaseSummary[], f: QueueFilter, now: number, place: (code: string) => string): CaseSummary[] {
  const q = f.q.trim().toLowerCase()
  const number = q.replace(/^#/, '')
  return list
    .filter(
      (c) =>
        (!f.colour || c.colour === f.colour) &&
        (!f.town || c.townCode === f.town) &&
        (!f.unack || c.unacknowledged) &&
        (!f.undispatched || !c.assignedUnit) &&
        (!f.overdue || overdueAt(c, now)) &&
        (!q || c.title.toLowerCase().includes(q) || place(c.communityCode).includes(q) || String(c.id) === number || c.externalId.toLowerCase().includes(q)),
    )
    .sort(ORDERS[f.sort](place))
}
