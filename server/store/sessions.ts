import { and, desc, eq, gt, inArray, lt, or } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { sessions, users, type User } from '../../db/schema'
import { newToken, tokenHash } from '../auth/secrets'
import { appendLog } from '../log/append'
import { remember } from './accounts'

/** A session ends 12 hours after login (a shift), or after 4 hours without a request. */
export const SESSION_TTL_MS = 12 * 3600_000
export const SESSION_IDLE_MS = 4 * 3600_000
/** At most this many sessions per person: a new login ends the oldest. */
export const SESSIONS_PER_USER = 5
/** Last use is written at most this often per session (a write per request would be waste). */
const TOUCH_EVERY_MS = 5 * 60_000

/** Login sessions: the browser holds a random token in an httpOnly cookie; the table holds its hash. */
export class SessionStore {
  /** Sessions by token hash, filled on first use and emptied by the change log (logout, a disabled user, in any process). */
  private cache = new Map<string, { user: User; csrfToken: string; expiresAt: Date; lastSeenAt: Date }>()

  constructor(private db: Db) {}

  async create(userId: number, now: Date, address?: string): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
    const token = newToken('gsu')
    const csrfToken = newToken('gsu').slice(4)
    const expiresAt = new Date(+now + SESSION_TTL_MS)
    await this.db.transaction(async (tx) => {
      await tx.insert(sessions).values({ tokenHash: tokenHash(token), userId, csrfToken, createdAt: now, lastSeenAt: now, expiresAt, address })
      // Past the cap, the oldest of this person's sessions end (and their sockets close).
      const mine = await tx.select({ id: sessions.id, tokenHash: sessions.tokenHash }).from(sessions).where(eq(sessions.userId, userId)).orderBy(desc(sessions.createdAt), desc(sessions.id))
      const over = mine.slice(SESSIONS_PER_USER)
      if (over.length) {
        await tx.delete(sessions).where(inArray(sessions.id, over.map((o) => o.id)))
        await appendLog(tx, over.map((o) => ({ kind: 'session_ended' as const, tokenHash: o.tokenHash })))
      }
    })
    // Expired and idle sessions are swept as new ones are made: the table stays the size of the staff.
    await this.db.delete(sessions).where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(+now - SESSION_IDLE_MS))))
    return { token, csrfToken, expiresAt }
  }

  /** The live session of `token`, or null (unknown, ended, expired, idle too long, user disabled). Counts as use. */
  async lookup(token: string, now: Date): Promise<{ user: User; csrfToken: string } | null> {
    const hash = tokenHash(token)
    let s = this.cache.get(hash)
    if (!s || s.expiresAt <= now) {
      const [row] = await this.db
        .select({ user: users, csrfToken: sessions.csrfToken, expiresAt: sessions.expiresAt, lastSeenAt: sessions.lastSeenAt })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(and(eq(sessions.tokenHash, hash), gt(sessions.expiresAt, now)))
      if (!row || row.user.disabledAt) return null
      s = row
      remember(this.cache, hash, s)
    }
    if (+now - +s.lastSeenAt > SESSION_IDLE_MS) {
      this.cache.delete(hash)
      return null
    }
    if (+now - +s.lastSeenAt > TOUCH_EVERY_MS) {
      s.lastSeenAt = now
      // Best effort: a database away does not end a session in use.
      this.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, hash)).catch(() => {})
    }
    return s
  }

  /** A session ended (the change log says so). */
  forget(hash: string) {
    this.cache.delete(hash)
  }

  /** A user was disabled: every session of theirs ends here too. */
  forgetUser(userId: number) {
    for (const [hash, s] of this.cache) if (s.user.id === userId) this.cache.delete(hash)
  }

  /** Ends a session; the change log closes its sockets on every node. */
  async end(token: string) {
    const hash = tokenHash(token)
    this.forget(hash)
    await this.db.transaction(async (tx) => {
      await tx.delete(sessions).where(eq(sessions.tokenHash, hash))
      await appendLog(tx, [{ kind: 'session_ended', tokenHash: hash }])
    })
  }

  /** Ends every session of a person (a password change, a disabled user): their sockets close on every node. */
  async endAllFor(userId: number) {
    await this.db.transaction(async (tx) => {
      const ended = await tx.delete(sessions).where(eq(sessions.userId, userId)).returning({ tokenHash: sessions.tokenHash })
      if (ended.length) await appendLog(tx, ended.map((e) => ({ kind: 'session_ended' as const, tokenHash: e.tokenHash })))
    })
    this.forgetUser(userId)
  }
}
