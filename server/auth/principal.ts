import type { NextFunction, Request, Response } from 'express'
import { within } from '../domain/regions'
import { HttpError } from '../errors'
import type { AccountStore } from '../store/accounts'
import type { SessionStore } from '../store/sessions'
import type { Clock } from '../domain/clock'

export type Role = 'admin' | 'leader' | 'duty' | 'ingest' | 'screen'

/** Who is asking: a logged-in person, an outside system's ingest key, or a wall's screen token. */
export interface Principal {
  kind: 'user' | 'key'
  role: Role
  /** Sees and changes this region and below only. */
  region: string
  /** A user's display name, or the key's source / label: what the ledger records as the actor. */
  name: string
  userId?: number
  keyId?: number
  mustChangePassword?: boolean
}

export const SESSION_COOKIE = 'gs_session'
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

/** A cookie's value from a request, or from a Cookie header as a socket's handshake carries it. */
export function cookie(req: Request | { headers: Record<string, string | string[] | undefined> }, name: string): string | undefined {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=')
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim())
  }
  return undefined
}

/**
 * Identifies the caller, if any, into `res.locals.principal`. A bearer key is a machine; the
 * session cookie is a person, and a write made with it must carry the session's CSRF token
 * (`x-csrf-token`), so another site cannot write with a logged-in browser's cookie.
 */
export function identify(accounts: AccountStore, sessions: SessionStore, clock: Clock) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const bearer = /^Bearer (gs[ks]_[A-Za-z0-9_-]+)$/.exec(req.headers.authorization ?? '')?.[1]
    if (bearer) {
      const key = await accounts.keyFor(bearer)
      if (!key) throw new HttpError(401, 'unauthenticated', 'unknown or revoked key', [{ field: 'authorization', reason: 'unknown or revoked key' }])
      accounts.touchKey(key, req.ip, clock.now())
      res.locals.principal = { kind: 'key', role: key.kind, region: key.regionCode, name: key.name, keyId: key.id } satisfies Principal
      return next()
    }
    const token = cookie(req, SESSION_COOKIE)
    if (token) {
      const found = await sessions.lookup(token, clock.now())
      if (found) {
        // Logging in proves itself with the password: an old cookie beside it needs no CSRF token.
        const login = req.method === 'POST' && req.path === '/session'
        if (!SAFE.has(req.method) && !login && req.headers['x-csrf-token'] !== found.csrfToken) {
          throw new HttpError(403, 'csrf', 'missing or wrong x-csrf-token', [{ field: 'x-csrf-token', reason: 'missing or wrong' }])
        }
        const u = found.user
        res.locals.principal = { kind: 'user', role: u.role, region: u.regionCode, name: u.displayName, userId: u.id, mustChangePassword: u.mustChangePassword } satisfies Principal
      }
    }
    next()
  }
}

export const principalOf = (res: Response): Principal | undefined => res.locals.principal

/** What anyone may call: logging in and out, and the code tables, regions and map outlines. */
const OPEN = [/^\/session$/, /^\/codes$/, /^\/regions$/, /^\/geo\/[^/]+$/]
/** What a person with a one-time password may call before changing it. */
const BEFORE_CHANGE = [/^\/session$/, /^\/session\/password$/]

/**
 * The first rule of every route: no credentials, 401; a one-time password not yet changed, 403;
 * before a request's parameters are even read (a stranger learns nothing from a 400). Roles
 * and regions are each route's own (authorize, readScope).
 */
export function requireCaller(req: Request, res: Response, next: NextFunction) {
  const p = principalOf(res)
  if (!p && !OPEN.some((r) => r.test(req.path))) throw new HttpError(401, 'unauthenticated', 'log in or send a key', [{ field: 'authorization', reason: 'required' }])
  if (p?.mustChangePassword && ![...OPEN, ...BEFORE_CHANGE].some((r) => r.test(req.path))) {
    throw new HttpError(403, 'password_change_required', 'change the one-time password first', [{ field: 'password', reason: 'must be changed' }])
  }
  next()
}

/** Who acted, as the ledger records it: by identity, never by a name sent in the body. */
export interface Actor {
  name: string
  userId?: number
  keyId?: number
}
export const actorOf = (p: Principal): Actor => ({ name: p.name, userId: p.userId, keyId: p.keyId })

/** An admin's call: the caller (403 for anyone else), and who to write in the audit log, with the address. */
export function asAdmin(req: Request, res: Response): { p: Principal; by: Actor & { address: string | undefined } } {
  const p = authorize(res, ['admin'])
  return { p, by: { ...actorOf(p), address: req.ip } }
}

/** Whose ids a record's `externalId` is: each outside system's own, and the desks' (people's) own. */
export const writerOf = (p: Principal) => (p.kind === 'key' ? `key:${p.name}` : 'desk')

/**
 * The one rule for an existing record met again by an idempotent create (the same external id):
 * the caller gets it back only if it may read it (its region) and it is the caller's own kind of
 * record (an ingest key: its source). Otherwise 403, saying nothing of the record.
 */
export function mayHaveBack(p: Principal, record: { communityCode: string; source?: string }) {
  const own = within(record.communityCode, p.region) && (p.role !== 'ingest' || record.source === undefined || record.source === p.name)
  if (!own) throw new HttpError(403, 'forbidden', 'this externalId is already taken', [{ field: 'externalId', reason: 'already taken' }])
}

/** 401 without credentials, 403 with the wrong role or outside the principal's region. */
export function authorize(res: Response, roles: readonly Role[], regionCode?: string): Principal {
  const p = principalOf(res)
  if (!p) throw new HttpError(401, 'unauthenticated', 'log in or send a key', [{ field: 'authorization', reason: 'required' }])
  if (p.mustChangePassword) throw new HttpError(403, 'password_change_required', 'change the one-time password first', [{ field: 'password', reason: 'must be changed' }])
  if (!roles.includes(p.role)) throw new HttpError(403, 'forbidden', `role ${p.role} may not do this`, [{ field: 'role', reason: `needs ${roles.join(' or ')}` }])
  if (regionCode && !within(regionCode, p.region)) throw new HttpError(403, 'forbidden', `region ${regionCode} is outside ${p.region}`, [{ field: 'region', reason: 'outside your region' }])
  return p
}

/** 403 unless `regionCode` lies within the principal's region. */
export function inRegion(p: Principal, regionCode: string) {
  if (!within(regionCode, p.region)) throw new HttpError(403, 'forbidden', `region ${regionCode} is outside ${p.region}`, [{ field: 'region', reason: 'outside your region' }])
}

/** Who may write what. Ingest keys feed cases, activities and wishes; people act on cases. */
export const WRITERS = {
  feed: ['ingest', 'duty', 'admin'],
  supervise: ['duty', 'admin'],
  answer: ['ingest', 'duty', 'admin'],
  rules: ['admin'],
} as const satisfies Record<string, readonly Role[]>

/** Every role may read within its region: citizen text is never served to nobody. */
export const READERS = ['admin', 'leader', 'duty', 'screen', 'ingest'] as const satisfies readonly Role[]
