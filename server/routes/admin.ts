import { Router, type Request, type Response } from 'express'
import type { ApiKey, AuditRow, User } from '../../db/schema'
import { actorOf, authorize, inRegion, type Principal } from '../auth/principal'
import { AdminKeyCreate, AdminUserCreate, AdminUserPatch, AdminUsersQuery, AuditQuery, WarningRules, type Colour, type WarningReason } from '../contract'
import type { AppContext } from '../context'
import { within } from '../domain/regions'
import { isoLocal } from '../domain/time'
import { iso } from '../live/summary'
import { badRequest, conflict, notFound } from '../errors'
import { cases } from '../../db/schema'
import { inArray } from 'drizzle-orm'
import { OPEN_STATUSES } from '../domain/lifecycle'
import { caseColour } from '../domain/warnings'
import type { AuditActor } from '../store/audit'
import { parse, parseId } from '../validate'
import { toCsv } from '../domain/csv'

const ADMIN = ['admin'] as const

/** A person as /admin shows them: no password hash. */
export const userView = (u: Omit<User, 'passwordHash'>) => ({
  id: u.id, username: u.username, displayName: u.displayName, role: u.role, regionCode: u.regionCode,
  mustChangePassword: u.mustChangePassword, createdAt: isoLocal(u.createdAt), disabledAt: iso(u.disabledAt),
  lastLoginAt: iso(u.lastLoginAt), lastLoginAddress: u.lastLoginAddress,
})
/** A key as /admin shows it: its first characters, never the secret or its hash. */
export const keyView = (k: Omit<ApiKey, 'keyHash'>) => ({
  id: k.id, kind: k.kind, name: k.name, label: k.label, regionCode: k.regionCode, prefix: k.prefix,
  createdAt: isoLocal(k.createdAt), lastUsedAt: iso(k.lastUsedAt), lastUsedAddress: k.lastUsedAddress, revokedAt: iso(k.revokedAt),
})
const auditView = (a: AuditRow) => ({ ...a, at: isoLocal(a.at) })

/**
 * /api/v1/admin: people, machine keys and the audit log, for the `admin` role only and only
 * within the admin's region (a record outside it is "not found", never shown). Every change is
 * audited in the same transaction, with the admin and their address.
 */
export function adminRouter({ accounts, audit, clock, db, presence, rootCode, rules }: AppContext) {
  const r = Router()
  const admin = (req: Request, res: Response): [Principal, AuditActor] => {
    const p = authorize(res, ADMIN)
    return [p, { ...actorOf(p), address: req.ip }]
  }
  const ownUser = async (p: Principal, id: number) => {
    const u = await accounts.userById(id)
    if (!u || !within(u.regionCode, p.region)) throw notFound(`user ${id}`)
    return u
  }

  r.get('/admin/users', async (req, res) => {
    const [p] = admin(req, res)
    const q = parse(AdminUsersQuery, req.query)
    res.json((await accounts.usersWithin(p.region, q.q)).map(userView))
  })

  /** The one-time password is in this answer only. */
  r.post('/admin/users', async (req, res) => {
    const [p, by] = admin(req, res)
    const body = parse(AdminUserCreate, req.body)
    inRegion(p, body.regionCode)
    const { user, password } = await accounts.createUser(body, by)
    res.status(201).json({ user: userView(user), password })
  })

  r.patch('/admin/users/:id', async (req, res) => {
    const [p, by] = admin(req, res)
    const u = await ownUser(p, parseId(req.params.id))
    const body = parse(AdminUserPatch, req.body)
    if (body.regionCode) inRegion(p, body.regionCode)
    if (u.id === p.userId && ((body.role && body.role !== u.role) || (body.regionCode && body.regionCode !== u.regionCode))) throw conflict('role', 'an admin cannot change their own role or region')
    res.json(userView((await accounts.updateUser(u.id, body, by))!))
  })

  r.post('/admin/users/:id/disable', async (req, res) => {
    const [p, by] = admin(req, res)
    const u = await ownUser(p, parseId(req.params.id))
    if (u.id === p.userId) throw conflict('id', 'an admin cannot disable themselves')
    await accounts.disableUser(u.id, clock.now(), by)
    res.json(userView((await accounts.userById(u.id))!))
  })

  r.post('/admin/users/:id/enable', async (req, res) => {
    const [p, by] = admin(req, res)
    const u = await ownUser(p, parseId(req.params.id))
    await accounts.enableUser(u.id, by)
    res.json(userView((await accounts.userById(u.id))!))
  })

  /** A new one-time password, in this answer only; their sessions end. */
  r.post('/admin/users/:id/reset-password', async (req, res) => {
    const [p, by] = admin(req, res)
    const u = await ownUser(p, parseId(req.params.id))
    const done = (await accounts.resetPassword(u.id, by))!
    res.json({ user: userView(done.user), password: done.password })
  })

  r.get('/admin/keys', async (req, res) => {
    const [p] = admin(req, res)
    res.json((await accounts.keysWithin(p.region)).map(keyView))
  })

  /** The secret is in this answer only; for a screen token, the wall's link too. */
  r.post('/admin/keys', async (req, res) => {
    const [p, by] = admin(req, res)
    const body = parse(AdminKeyCreate, req.body)
    inRegion(p, body.regionCode)
    const { key, secret } = await accounts.createKey({ kind: body.kind, name: body.name, label: body.label ?? null, regionCode: body.regionCode }, undefined, by)
    res.status(201).json({ key: keyView(key), secret, ...(key.kind === 'screen' ? { link: `/screen?token=${secret}` } : {}) })
  })

  r.post('/admin/keys/:id/revoke', async (req, res) => {
    const [p, by] = admin(req, res)
    const id = parseId(req.params.id)
    const k = await accounts.keyById(id)
    if (!k || !within(k.regionCode, p.region)) throw notFound(`key ${id}`)
    await accounts.revokeKey(id, clock.now(), by)
    res.json(keyView((await accounts.keyById(id))!))
  })

  /**
   * What a change of the warning rules would do before it is saved: every open case's colour
   * under the proposed rules (the rules in force with the fields given replaced, validated as a
   * whole) against its colour now; the cases that change, the first 200 of them listed. Changes
   * nothing. Rules apply to the whole tree, so only its top admins may ask.
   */
  r.post('/admin/rules/preview', async (req, res) => {
    const [p] = admin(req, res)
    inRegion(p, rootCode)
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) throw badRequest('(body)', 'expected an object of rule fields')
    const next = parse(WarningRules, { ...rules.current, ...req.body })
    const now = clock.now()
    const open = await db.select().from(cases).where(inArray(cases.status, [...OPEN_STATUSES]))
    const changed: { id: number; title: string; communityCode: string; from: Colour; to: Colour; reasons: WarningReason[] }[] = []
    const counts: Record<string, number> = {}
    for (const c of open) {
      const { colour, reasons } = caseColour(c, now, next)
      if (colour === c.colour) continue
      counts[`${c.colour}→${colour}`] = (counts[`${c.colour}→${colour}`] ?? 0) + 1
      changed.push({ id: c.id, title: c.title, communityCode: c.communityCode, from: c.colour, to: colour, reasons })
    }
    res.json({ rules: next, open: open.length, changing: changed.length, counts, cases: changed.slice(0, 200) })
  })

  /** The walls and desks connected now, on every node, within the admin's region. */
  r.get('/admin/walls', async (req, res) => {
    const [p] = admin(req, res)
    res.json(await presence.list(p.region))
  })

  const auditRows = async (req: Request, res: Response) => {
    const [p] = admin(req, res)
    const q = parse(AuditQuery, req.query)
    // Failed logins under names nobody has belong to no region: the whole tree's admins see them.
    return audit.list({ within: p.region, withUnscoped: p.region === rootCode, action: q.action, actor: q.actor, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, limit: q.limit })
  }
  r.get('/admin/audit', async (req, res) => {
    res.json((await auditRows(req, res)).map(auditView))
  })
  r.get('/admin/audit.csv', async (req, res) => {
    const rows = await auditRows(req, res)
    const head = ['时间', '操作人', '地址', '操作', '对象', '地区', '修改前', '修改后']
    const lines = rows.map((a) => [isoLocal(a.at), a.actor, a.address ?? '', a.action, a.target ?? '', a.regionCode ?? '', a.before ? JSON.stringify(a.before) : '', a.after ? JSON.stringify(a.after) : ''])
    res.set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="audit.csv"; filename*=UTF-8''${encodeURIComponent('审计日志.csv')}` })
    res.send(toCsv([head, ...lines]))
  })

  return r
}
