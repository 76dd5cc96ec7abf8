/**
 * The duty queue's order (most urgent first): red before yellow, then the longest overdue (the
 * earliest deadline; none last), then the larger scale and more people. Pure, so the server's
 * list and the desk's live re-sorting agree.
 */
export interface UrgencyFields {
  id: number
  colour: string
  deadlineAt: string | null
  scale: string
  peopleInvolved: number
}

const SCALE_RANK: Record<string, number> = { major_group: 2, group: 1 }

export function byUrgency(a: UrgencyFields, b: UrgencyFields): number {
  return (
    rank(b.colour) - rank(a.colour) ||
    deadline(a) - deadline(b) ||
    (SCALE_RANK[b.scale] ?? 0) - (SCALE_RANK[a.scale] ?? 0) ||
    b.peopleInvolved - a.peopleInvolved ||
    a.id - b.id
  )
}

const rank = (colour: string) => (colour === 'red' ? 2 : colour === 'yellow' ? 1 : 0)
const deadline = (c: UrgencyFields) => (c.deadlineAt ? Date.parse(c.deadlineAt) : Number.MAX_SAFE_INTEGER)

/** What the queue holds: open red and yellow cases. */
export const inQueue = (c: { open: boolean; colour: string }) => c.open && (c.colour === 'red' || c.colour === 'yellow')
