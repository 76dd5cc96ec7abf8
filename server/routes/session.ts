import { Router, type Response } from 'express'
import { LoginBody, PasswordChange, type SessionView } from '../contract'
import type { AppContext } from '../context'
import { actorOf, cookie, principalOf, SESSION_COOKIE } from '../auth/principal'
import { verifyPassword } from '../auth/secrets'
import { HttpError } from '../errors'
import { parse } from '../validate'
import type { User } from '../../db/schema'

const view = (u: User, csrfToken: string): SessionView => ({
  user: { username: u.username, displayName: u.displayName, role: u.role, regionCode: u.regionCode, mustChangePassword: u.mustChangePassword },
  csrfToken,
})

/** Logging in and out, and changing one's password. Failed logins are limited per name and per address. */
export function sessionRouter({ accounts, sessions, limiter, clock }: AppContext) {
  const r = Router()

  const tooMany = (res: Response, seconds: number, reason: string) => {
    res.set('retry-after', String(seconds))
    return new HttpError(429, 'rate_limited', `${reason}; try again in ${seconds} s`, [{ field: 'password', reason: `${reason}; try again in ${seconds} s` }])
  }

  r.post('/session', async (req, res) => {
    const body = parse(LoginBody, req.body)
    // Counted before the password is hashed: parallel guesses cannot outrun the limit.
    const attempt = limiter.attempt(body.username, req.ip ?? '')
    if (!attempt.ok) throw tooMany(res, attempt.retryAfter, attempt.reason)
    let user
    try {
      user = await accounts.checkPassword(body.username, body.password)
    } catch (e) {
      attempt.done(true) // not the caller's failure: the database away
      throw e
    }
    attempt.done(!!user)
    if (!user) {
      await accounts.noteFailedLogin(body.username, req.ip, clock.now(), 'wrong username or password')
      throw new HttpError(401, 'unauthenticated', 'wrong username or password', [{ field: 'password', reason: 'wrong username or password' }])
    }
    const s = await sessions.create(user.id, clock.now(), req.ip)
    await accounts.noteLogin(user, req.ip, clock.now())
    res.cookie(SESSION_COOKIE, s.token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', expires: s.expiresAt })
    res.status(201).json(view(user, s.csrfToken))
  })

  r.get('/session', async (req, res) => {
    const token = cookie(req, SESSION_COOKIE)
    const found = token ? await sessions.lookup(token, clock.now()) : null
    if (!found) throw new HttpError(401, 'unauthenticated', 'not logged in')
    res.json(view(found.user, found.csrfToken))
  })

  r.delete('/session', async (req, res) => {
    const token = cookie(req, SESSION_COOKIE)
    if (token && principalOf(res)) {
      await sessions.end(token)
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' })
    res.status(204).end()
  })

  r.post('/session/password', async (req, res) => {
    const p = principalOf(res)
    if (!p || p.kind !== 'user') throw new HttpError(401, 'unauthenticated', 'log in first')
    const body = parse(PasswordChange, req.body)
    const user = (await accounts.userById(p.userId!))!
    if (!(await verifyPassword(body.current, user.passwordHash))) {
      throw new HttpError(403, 'forbidden', 'the current password is wrong', [{ field: 'current', reason: 'wrong password' }])
    }
    await accounts.setPassword(user.id, body.next, { ...actorOf(p), address: req.ip })
    // Every session of theirs ends, on every node, sockets too; this browser gets a new one.
    await sessions.endAllFor(user.id)
    const s = await sessions.create(user.id, clock.now(), req.ip)
    res.cookie(SESSION_COOKIE, s.token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', expires: s.expiresAt })
    res.json(view((await accounts.userById(user.id))!, s.csrfToken))
  })

  return r
}
