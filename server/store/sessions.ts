import { and, eq, gt, lt } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { sessions, users, type User } from '../../db/schema'
import { newToken, tokenHash } from '../auth/secrets'
import { appendLog } from '../log/append'
import { remember } from './accounts'

const TTL_MS = 12 * 3600_000

/** Login sessions: the browser holds a random token in an httpOnly cookie; the table holds its hash. */
export class SessionStore {
  /** Sessions by token hash, filled on first use and emptied by the change log (logout, a disabled user, in any process). */
  private cache = new Map<string, { user: User; csrfToken: string; expiresAt: Date }>()

  constructor(private db: Db) {}

  async create(userId: number, now: Date): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
    const token = newToken('gsu')
    const csrfToken = newToken('gsu').slice(4)
    const expiresAt = new Date(+now + TTL_MS)
    await this.db.insert(sessions).values({ tokenHash: tokenHash(token), userId, csrfToken, createdAt: now, expiresAt })
    // Expired sessions are swept as new ones are made: the table stays the size of the staff.
    await this.db.delete(sessions).where(lt(sessions.expiresAt, now))
    return { token, csrfToken, expiresAt }
  }

  async lookup(token: string, now: Date): Promise<{ user: User; csrfToken: string } | null> {
    const hash = tokenHash(token)
    const cached = this.cache.get(hash)
    if (cached && cached.expiresAt > now) return cached
    const [row] = await this.db
      .select({ user: users, csrfToken: sessions.csrfToken, expiresAt: sessions.expiresAt })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, hash), gt(sessions.expiresAt, now)))
    if (!row || row.user.disabledAt) return null
    remember(this.cache, hash, row)
    return row
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

  async endAllFor(userId: number) {
    await this.db.delete(sessions).where(eq(sessions.userId, userId))
  }
}
