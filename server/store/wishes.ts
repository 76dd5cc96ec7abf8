import { and, eq, sql } from 'drizzle-orm'
import { aheadOfClock, isoLocal } from '../domain/time'
import type { Db } from '../../db/client'
import { appendLog } from '../log/append'
import type { WishChange } from '../log/entries'
import { organisations, wishes, type Wish } from '../../db/schema'
import type { WishCreate, WishTransition } from '../contract'
import { badRequest, conflict, notFound, unprocessable } from '../errors'
import type { Registry } from './registry'

export type { WishChange } from '../log/entries'

const NEXT: Record<WishTransition['action'], { from: string; to: string }> = {
  claim: { from: 'collected', to: 'claimed' },
  fulfil: { from: 'claimed', to: 'fulfilled' },
  feedback: { from: 'fulfilled', to: 'feedback' },
}

export class WishStore {
  constructor(private db: Db, private registry: Registry) {}

  /** Idempotent on (writer, externalId): each outside system's ids are its own. */
  async create(input: WishCreate, writer: string, now: Date): Promise<{ created: boolean; row: Wish; change?: WishChange }> {
    const ahead = aheadOfClock(new Date(input.collectedAt), now)
    if (ahead) throw badRequest('collectedAt', ahead)
    if (!this.registry.has('wishChannel', input.channel)) throw badRequest('channel', `unknown code '${input.channel}'`)
    const community = this.registry.region(input.communityCode)
    if (!community || community.level !== 'community') throw unprocessable('communityCode', `no community with code ${input.communityCode}`)
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(wishes)
        .values({ ...input, writer, status: 'collected', collectedAt: new Date(input.collectedAt) })
        .onConflictDoNothing({ target: [wishes.writer, wishes.externalId] })
        .returning()
      if (!row) {
        const [existing] = await tx.select().from(wishes).where(and(eq(wishes.writer, writer), eq(wishes.externalId, input.externalId)))
        return { created: false, row: existing! }
      }
      const change: WishChange = { type: 'wish', before: null, after: row }
      await appendLog(tx, [{ kind: 'wish', change }])
      return { created: true, row, change }
    })
  }

  async get(id: number) {
    const [w] = await this.db.select().from(wishes).where(eq(wishes.id, id))
    return w ?? null
  }

  /** The next step, at a time in order: not ahead of `now`, not before the step before it. */
  async transition(id: number, t: WishTransition, now: Date): Promise<WishChange> {
    const ahead = aheadOfClock(new Date(t.at), now)
    if (ahead) throw badRequest('at', ahead)
    return this.db.transaction(async (tx) => {
      const [before] = await tx.select().from(wishes).where(eq(wishes.id, id)).for('update')
      if (!before) throw notFound(`wish ${id}`)
      const step = NEXT[t.action]
      if (before.status !== step.from) throw conflict('action', `cannot ${t.action} a wish in status ${before.status}`)
      const at = new Date(t.at)
      const previous = before.fulfilledAt ?? before.claimedAt ?? before.collectedAt
      if (at < previous) throw badRequest('at', `must not be before the wish's previous step (${isoLocal(previous)})`)
      const patch: Partial<Wish> = { status: step.to }
      if (t.action === 'claim') {
        // A claiming unit that is not yet known is registered as a paired unit (包联单位) of the wish's county.
        const [org] = await tx
          .insert(organisations)
          .values({ name: t.organisation, kind: 'paired_unit', regionCode: `${before.communityCode.slice(0, 6)}000000` })
          .onConflictDoUpdate({ target: [organisations.regionCode, organisations.name], set: { name: sql`excluded.name` } })
          .returning()
        patch.claimedBy = org!.id
        patch.claimedAt = at
      } else if (t.action === 'fulfil') patch.fulfilledAt = at
      else {
        patch.feedbackAt = at
        patch.feedback = t.feedback
      }
      const [after] = await tx.update(wishes).set({ ...patch, version: sql`${wishes.version} + 1` }).where(eq(wishes.id, id)).returning()
      const change: WishChange = { type: 'wish', before: { status: before.status }, after: after! }
      await appendLog(tx, [{ kind: 'wish', change }])
      return change
    })
  }
}
