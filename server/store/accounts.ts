import { and, eq, isNull } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { apiKeys, sessions, users, type ApiKey, type User } from '../../db/schema'
import { appendLog } from '../log/append'
import { hashPassword, newPassword, newToken, tokenHash, verifyPassword } from '../auth/secrets'
import { badRequest, conflict, unprocessable } from '../errors'
import { text, username as usernameField } from '../contract/fields'
import type { Registry } from './registry'

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

  async createUser(input: { username: string; displayName: string; role: UserRole; regionCode: string; password?: string }): Promise<{ user: User; password: string }> {
    this.checkRegion(input.regionCode)
    const name = usernameField.safeParse(input.username)
    if (!name.success) throw badRequest('username', name.error.issues[0]!.message)
    const display = text(60).min(1).safeParse(input.displayName)
    if (!display.success) throw badRequest('displayName', display.error.issues[0]!.message)
    input = { ...input, displayName: display.data }
    const password = input.password ?? newPassword()
    const [user] = await this.db
      .insert(users)
      .values({ username: input.username, displayName: input.displayName, role: input.role, regionCode: input.regionCode, passwordHash: await hashPassword(password), mustChangePassword: !input.password })
      .onConflictDoNothing({ target: users.username })
      .returning()
    if (!user) throw conflict('username', `user ${input.username} exists`)
    return { user, password }
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

  async setPassword(userId: number, password: string) {
    const passwordHash = await hashPassword(password)
    await this.db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, userId))
      await appendLog(tx, [{ kind: 'user_changed', userId }])
    })
  }

  async listUsers() {
    return (await this.db.select().from(users).orderBy(users.id)).map(({ passwordHash: _, ...u }) => u)
  }

  /** `secret` is for the demo's documented kiosk token only; real keys are always random. */
  async createKey(input: { kind: KeyKind; name: string; regionCode: string }, secret = newToken(input.kind === 'ingest' ? 'gsk' : 'gss')): Promise<{ key: ApiKey; secret: string }> {
    this.checkRegion(input.regionCode)
    if (input.kind === 'ingest' && !this.registry.has('source', input.name)) throw unprocessable('source', `unknown source '${input.name}' (see GET /api/v1/codes)`)
    const [key] = await this.db.insert(apiKeys).values({ ...input, keyHash: tokenHash(secret), prefix: secret.slice(0, 10) }).returning()
    return { key: key!, secret }
  }

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
  async revokeKey(id: number, at: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.update(apiKeys).set({ revokedAt: at }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).returning({ id: apiKeys.id })
      if (rows.length) await appendLog(tx, [{ kind: 'key_revoked', keyId: id }])
      return rows.length > 0
    }).finally(() => this.forgetKey(id))
  }

  /** A disabled user can no longer log in; their sessions end and their sockets close on every node. */
  async disableUser(id: number, at: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.update(users).set({ disabledAt: at }).where(and(eq(users.id, id), isNull(users.disabledAt))).returning({ id: users.id })
      if (!rows.length) return false
      await tx.delete(sessions).where(eq(sessions.userId, id))
      await appendLog(tx, [{ kind: 'user_disabled', userId: id }])
      return true
    })
  }

  async listKeys() {
    return (await this.db.select().from(apiKeys).orderBy(apiKeys.id)).map(({ keyHash: _, ...k }) => k)
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
