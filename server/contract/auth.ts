/** Logging in and changing one's password. */
import { z } from 'zod'
import { secret, text } from './fields'

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
