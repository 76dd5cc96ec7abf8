import type { Socket } from 'socket.io'
import type { Clock } from '../domain/clock'
import type { StreamSocketData } from '../realtime/hub'
import type { AccountStore } from '../store/accounts'
import type { SessionStore } from '../store/sessions'
import { cookie, SESSION_COOKIE } from './principal'
import { tokenHash } from './secrets'

type Handshake = Socket['handshake']

/** Whether a browser page at `origin` is served by this host (the socket's Host header). */
function sameOrigin(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host
  } catch {
    return false
  }
}

/**
 * Sockets are identified like requests: a key in the handshake's auth, or the session cookie.
 * No credentials, no socket; a cookie socket only from a page of this server (Origin); a
 * one-time password changed first; at most `perAddress` sockets from one address. `middleware`
 * is the handshake's check (io.use); `admit` checks a socket again before each subscription
 * (a key revoked, a session ended, a user changed): null to go on, or why not.
 */
export function socketGate(d: { accounts: AccountStore; sessions: SessionStore; clock: Clock; perAddress: number }) {
  async function identify(h: Handshake): Promise<StreamSocketData | { refused: string }> {
    if (typeof h.auth?.token === 'string') {
      const key = await d.accounts.keyFor(h.auth.token)
      if (!key) return { refused: 'unknown or revoked key' }
      return { region: key.regionCode, keyId: key.id, label: key.label ?? key.name, who: key.kind }
    }
    const token = cookie(h, SESSION_COOKIE)
    if (!token) return { refused: 'unauthenticated: log in or use a screen token' }
    const origin = h.headers.origin
    if (typeof origin === 'string' && !sameOrigin(origin, String(h.headers.host ?? ''))) return { refused: 'origin not allowed: open the screen from this server' }
    const session = await d.sessions.lookup(token, d.clock.now())
    if (!session) return { refused: 'unauthenticated: the session ended; log in again' }
    if (session.user.mustChangePassword) return { refused: 'password change required before following a region' }
    return { region: session.user.regionCode, userId: session.user.id, session: tokenHash(token), label: session.user.displayName, who: 'desk' }
  }

  const open = new Map<string, number>()
  return {
    middleware: async (socket: Socket, next: (e?: Error) => void) => {
      try {
        const address = socket.handshake.address
        if ((open.get(address) ?? 0) >= d.perAddress) return next(new Error('too many connections from this address'))
        const credentials = await identify(socket.handshake)
        if ('refused' in credentials) return next(new Error(credentials.refused))
        Object.assign(socket.data, credentials)
        open.set(address, (open.get(address) ?? 0) + 1)
        socket.on('disconnect', () => {
          const n = (open.get(address) ?? 1) - 1
          if (n > 0) open.set(address, n)
          else open.delete(address)
        })
        next()
      } catch (e) {
        next(e as Error)
      }
    },
    admit: async (socket: Socket): Promise<string | null> => {
      const now = await identify(socket.handshake)
      const was = socket.data as StreamSocketData
      if ('refused' in now) return now.refused
      // Same credentials, same scope: a changed region means a new socket.
      return now.region === was.region && now.keyId === was.keyId && now.userId === was.userId ? null : 'credentials changed: connect again'
    },
  }
}
