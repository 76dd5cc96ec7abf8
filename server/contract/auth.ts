/** Logging in and changing one's password. */
import { z } from 'zod'
import { secret, text, username } from './fields'

export const LoginBody = z.object({ username: text(60).min(1), password: secret(200).min(1) }).strict()
export const PasswordChange = z
  .object({ current: secret(200).min(1), next: secret(200).min(10, 'at least 10 characters') })
  .strict()
  .refine((p) => p.next !== p.current, { path: ['next'], message: 'must differ from the current password' })

export interface SessionView {
  user: { username: string; displayName: string; role: 'admin' | 'leader' | 'duty'; regionCode: string; mustChangePassword: boolean }
  /** Send back as `x-csrf-token` on every write made with the session cookie. */
  csrfToken: string
}

/** /admin: people and machine keys of the admin's region. */
const role = z.enum(['admin', 'leader', 'duty'])
const region = z.string().regex(/^\d{12}$/, 'a 12-digit division code')
export const AdminUserCreate = z.object({ username, displayName: text(60).min(1), role, regionCode: region }).strict()
export const AdminUserPatch = z
  .object({ displayName: text(60).min(1).optional(), role: role.optional(), regionCode: region.optional() })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' })
export const AdminUsersQuery = z.object({ q: text(60).optional() }).strict()
export const AdminKeyCreate = z
  .object({
    kind: z.enum(['ingest', 'screen']),
    /** An ingest key's source (GET /codes), or a wall's label. */
    name: text(60).min(1),
    label: text(60).optional(),
    regionCode: region,
  })
  .strict()
export const AuditQuery = z
  .object({
    /** `user.create`, or a prefix ending in a dot: `user.`, `key.`, `login.` */
    action: z.string().regex(/^[a-z_]+(\.[a-z_]*)?$/, 'an action (user.create) or a prefix (user.)').optional(),
    actor: text(60).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(500),
  })
  .strict()
