import { and, desc, eq, ilike, isNotNull, isNull, like, or } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { apiKeys, sessions, users, type ApiKey, type User } from '../../db/schema'
import { appendLog } from '../log/append'
import { hashPassword, newPassword, newToken, tokenHash, verifyPassword } from '../auth/secrets'
import { badRequest, conflict, unprocessable } from '../errors'
import { text, username as usernameField } from '../contract/fields'
import type { Registry } from './registry'
import { audit, SYSTEM, type AuditActor } from './audit'
import { prefixOf } from '../domain/regions'

/** What the audit log keeps of a person: never the password hash. */
const userFacts = (u: User) => ({ username: u.username, displayName: u.displayName, role: u.role, regionCode: u.regionCode })
/** What the audit log keeps of a key: never the hash. */
const keyFacts = (k: ApiKey) => ({ kind: k.kind, name: k.name, label: k.label, regionCode: k.regionCode, prefix: k.prefix })
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

export type UserRole = User['role']
export type KeyKind = ApiKey['kind']

/** Users and machine keys. Secrets are returned once, when made, and stored only as hashes. */
export class AccountStore {
  /**
   * Live keys by hash, filled on first use and emptied by the change log (a key revoked in any
   * process): a request needs no query for a known key, and walls reconnect while the
   * database is away.
   */
  private keys = new Map<string, ApiKey>()

  constructor(private db: Db, private registry: Registry) {}

  private checkRegion(code: string) {
    const r = this.registry.region(code)
    if (!r || r.level === 'grid') throw unprocessable('regionCode', `no region (province, city, county, town or community) with code ${code}`)
  }

  async createUser(input: { username: string; displayName: string; role: UserRole; regionCode: string; password?: string }, by: AuditActor = SYSTEM): Promise<{ user: User; password: string }> {
    this.checkRegion(input.regionCode)
    const name = usernameField.safeParse(input.username)
    if (!name.success) throw badRequest('username', name.error.issues[0]!.message)
    const display = text(60).min(1).safeParse(input.displayName)
    if (!display.success) throw badRequest('displayName', display.error.issues[0]!.message)
    input = { ...input, displayName: display.data }
    const password = input.password ?? newPassword()
    const passwordHash = await hashPassword(password)
    const user = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({ username: input.username, displayName: input.displayName, role: input.role, regionCode: input.regionCode, passwordHash, mustChangePassword: !input.password })
        .onConflictDoNothing({ target: users.username })
        .returning()
      if (row) await audit(tx, by, { action: 'user.create', target: `user:${row.id}`, regionCode: row.regionCode, after: userFacts(row) })
      return row
    })
    if (!user) throw conflict('username', `user ${input.username} exists`)
    return { user, password }
  }

  /**
   * Changes a person's name, role or region. A new role or region ends their sessions and closes
   * their screens on every node (they log in again into what they may now see).
   */
  async updateUser(id: number, patch: { displayName?: string; role?: UserRole; regionCode?: string }, by: AuditActor): Promise<User | null> {
    if (patch.regionCode) this.checkRegion(patch.regionCode)
    return this.db.transaction(async (tx) => {
      const [before] = await tx.select().from(users).where(eq(users.id, id)).for('update')
      if (!before) return null
      const [after] = await tx.update(users).set(patch).where(eq(users.id, id)).returning()
      const access = (patch.role && patch.role !== before.role) || (patch.regionCode && patch.regionCode !== before.regionCode)
      if (access) {
        await tx.delete(sessions).where(eq(sessions.userId, id))
        await appendLog(tx, [{ kind: 'user_changed', userId: id }])
      }
      await audit(tx, by, { action: 'user.update', target: `user:${id}`, regionCode: after!.regionCode, before: userFacts(before), after: userFacts(after!) })
      return after!
    })
  }

  /** A new one-time password (returned once), to be changed at the next login; their sessions end. */
  async resetPassword(id: number, by: AuditActor): Promise<{ user: User; password: string } | null> {
    const password = newPassword()
    const passwordHash = await hashPassword(password)
    const user = await this.db.transaction(async (tx) => {
      const [row] = await tx.update(users).set({ passwordHash, mustChangePassword: true }).where(eq(users.id, id)).returning()
      if (!row) return null
      await tx.delete(sessions).where(eq(sessions.userId, id))
      await appendLog(tx, [{ kind: 'user_changed', userId: id }])
      await audit(tx, by, { action: 'user.reset_password', target: `user:${id}`, regionCode: row.regionCode })
      return row
    })
    return user ? { user, password } : null
  }

  /** A disabled person may log in again. */
  async enableUser(id: number, by: AuditActor): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.update(users).set({ disabledAt: null }).where(and(eq(users.id, id), isNotNull(users.disabledAt))).returning()
      if (rows.length) await audit(tx, by, { action: 'user.enable', target: `user:${id}`, regionCode: rows[0]!.regionCode })
      return rows.length > 0
    })
  }

  /** A login: when and from where, on the person's record (`last login`), and in the audit log. */
  async noteLogin(user: User, address: string | undefined, at: Date) {
    await this.db.transaction(async (tx) => {
      await tx.update(users).set({ lastLoginAt: at, lastLoginAddress: address ?? null }).where(eq(users.id, user.id))
      await audit(tx, { name: user.displayName, userId: user.id, address }, { action: 'login.success', target: `user:${user.id}`, regionCode: user.regionCode }, at)
    })
  }

  /** A failed login, under the name tried (the region of that user when there is one). */
  async noteFailedLogin(username: string, address: string | undefined, at: Date, reason: string) {
    const u = await this.userByName(username)
    await audit(this.db, { name: username, address }, { action: 'login.failure', target: u ? `user:${u.id}` : `name:${username}`, regionCode: u?.regionCode ?? null, after: { reason } }, at)
  }

  async userById(id: number) {
    const [u] = await this.db.select().from(users).where(eq(users.id, id))
    return u ?? null
  }

  async userByName(username: string) {
    const [u] = await this.db.select().from(users).where(eq(users.username, username))
    return u ?? null
  }

  /** The user when the password matches and the account is enabled; null otherwise (same time either way). */
  async checkPassword(username: string, password: string): Promise<User | null> {
    const u = await this.userByName(username)
    // Verify against a real hash even for unknown users, so timing does not tell which names exist.
    const ok = await verifyPassword(password, u?.passwordHash ?? DUMMY_HASH)
    return ok && u && !u.disabledAt ? u : null
  }

  async setPassword(userId: number, password: string, by: AuditActor = SYSTEM) {
    const passwordHash = await hashPassword(password)
    await this.db.transaction(async (tx) => {
      const [u] = await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, userId)).returning()
      await appendLog(tx, [{ kind: 'user_changed', userId }])
      if (u) await audit(tx, by, { action: 'user.change_password', target: `user:${userId}`, regionCode: u.regionCode })
    })
  }

  async listUsers() {
    return (await this.db.select().from(users).orderBy(users.id)).map(({ passwordHash: _, ...u }) => u)
  }

  /** A region's people (and below), by name or username when `q` is given; no password hashes. */
  async usersWithin(region: string, q?: string) {
    const scope = like(users.regionCode, `${prefixOf(region)}%`)
    const search = q ? or(ilike(users.username, `%${escapeLike(q)}%`), ilike(users.displayName, `%${escapeLike(q)}%`)) : undefined
    return (await this.db.select().from(users).where(and(scope, search)).orderBy(users.id)).map(({ passwordHash: _, ...u }) => u)
  }

  /** `secret` is for the demo's documented kiosk token only; real keys are always random. */
  async createKey(input: { kind: KeyKind; name: string; regionCode: string; label?: string | null }, secret = newToken(input.kind === 'ingest' ? 'gsk' : 'gss'), by: AuditActor = SYSTEM): Promise<{ key: ApiKey; secret: string }> {
    this.checkRegion(input.regionCode)
    if (input.kind === 'ingest' && !this.registry.has('source', input.name)) throw unprocessable('source', `unknown source '${input.name}' (see GET /api/v1/codes)`)
    const key = await this.db.transaction(async (tx) => {
      const [row] = await tx.insert(apiKeys).values({ ...input, keyHash: tokenHash(secret), prefix: secret.slice(0, 10) }).returning()
      await audit(tx, by, { action: 'key.create', target: `key:${row!.id}`, regionCode: row!.regionCode, after: keyFacts(row!) })
      return row!
    })
    return { key, secret }
  }

  /** Notes a key's use (when, from where) at most once a minute per key: listings show it, requests do not wait for it. */
  touchKey(key: ApiKey, address: string | undefined, at: Date) {
    const last = this.touched.get(key.id) ?? 0
    if (+at - last < 60_000) return
    remember(this.touched, key.id, +at)
    this.db.update(apiKeys).set({ lastUsedAt: at, lastUsedAddress: address ?? null }).where(eq(apiKeys.id, key.id)).catch(() => this.touched.delete(key.id))
  }
  private touched = new Map<number, number>()

  /** The live key for a secret; revoked or unknown keys are null. */
  async keyFor(secret: string): Promise<ApiKey | null> {
    const hash = tokenHash(secret)
    const cached = this.keys.get(hash)
    if (cached) return cached
    const [k] = await this.db.select().from(apiKeys).where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)))
    if (k) remember(this.keys, hash, k)
    return k ?? null
  }

  /** A key was revoked (the change log says so): it is refused from now on. */
  forgetKey(id: number) {
    for (const [hash, k] of this.keys) if (k.id === id) this.keys.delete(hash)
  }

  /** Revoked at once in every process: the change log tells every node to close the key's sockets. */
  async revokeKey(id: number, at: Date, by: AuditActor = SYSTEM): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.update(apiKeys).set({ revokedAt: at }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).returning()
      if (rows.length) {
        await appendLog(tx, [{ kind: 'key_revoked', keyId: id }])
        await audit(tx, by, { action: 'key.revoke', target: `key:${id}`, regionCode: rows[0]!.regionCode, before: keyFacts(rows[0]!) }, at)
      }
      return rows.length > 0
    }).finally(() => this.forgetKey(id))
  }

  /** A disabled user can no longer log in; their sessions end and their sockets close on every node. */
  async disableUser(id: number, at: Date, by: AuditActor = SYSTEM): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.update(users).set({ disabledAt: at }).where(and(eq(users.id, id), isNull(users.disabledAt))).returning()
      if (!rows.length) return false
      await tx.delete(sessions).where(eq(sessions.userId, id))
      await appendLog(tx, [{ kind: 'user_disabled', userId: id }])
      await audit(tx, by, { action: 'user.disable', target: `user:${id}`, regionCode: rows[0]!.regionCode }, at)
      return true
    })
  }

  async listKeys() {
    return (await this.db.select().from(apiKeys).orderBy(apiKeys.id)).map(({ keyHash: _, ...k }) => k)
  }

  /** A region's keys (and below), newest first; no hashes. */
  async keysWithin(region: string) {
    return (await this.db.select().from(apiKeys).where(like(apiKeys.regionCode, `${prefixOf(region)}%`)).orderBy(desc(apiKeys.id))).map(({ keyHash: _, ...k }) => k)
  }

  async keyById(id: number) {
    const [k] = await this.db.select().from(apiKeys).where(eq(apiKeys.id, id))
    return k ?? null
  }
}

const CACHE_MAX = 10_000

/** Bounded: the oldest entry goes first (a Map keeps insertion order). */
export function remember<K, V>(map: Map<K, V>, key: K, value: V) {
  map.delete(key)
  map.set(key, value)
  if (map.size > CACHE_MAX) map.delete(map.keys().next().value!)
}

// A hash of a random password nobody knows: unknown users cost as much to check as known ones.
const DUMMY_HASH = 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA$ZHVtbXlkdW1teWR1bW15ZHVtbXlkdW1teWR1bW15ZA'
