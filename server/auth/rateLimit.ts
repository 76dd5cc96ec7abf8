import type { Clock } from '../domain/clock'

export type Attempt = { ok: true; done(success: boolean): void } | { ok: false; retryAfter: number; reason: string }

/**
 * Limits password guessing. An attempt is counted (reserved) before the password is hashed, so
 * parallel guesses cannot slip past the limit while earlier ones are still being checked.
 *
 * - per name *and* address: 5 failures in 15 minutes lock that name from that address only, so
 *   nobody can lock a user out from everywhere by guessing wrong on purpose;
 * - per address: 30 failures (a centre's staff share one address behind its router);
 * - per name, from anywhere: past 10 failures the name is slowed down, one attempt at a time and
 *   one every 2 s, never locked;
 * - at most `maxHashing` passwords are hashed at once (scrypt costs 32 MiB and tens of ms each);
 *   beyond that a login is told to retry.
 * A success clears the name-and-address count. Memory is bounded (oldest keys dropped).
 */
export class LoginLimiter {
  private failures = new Map<string, number[]>()
  private inFlight = new Map<string, number>()
  private lastTry = new Map<string, number>()
  private hashing = 0

  constructor(
    private clock: Clock,
    private o = { pair: 5, address: 30, slowAfter: 10, slowEveryMs: 2_000, windowMs: 15 * 60_000, maxHashing: 4, maxKeys: 20_000 },
  ) {}

  private recent(key: string) {
    const since = +this.clock.now() - this.o.windowMs
    const list = (this.failures.get(key) ?? []).filter((t) => t > since)
    if (list.length) this.failures.set(key, list)
    else this.failures.delete(key)
    return list
  }

  /** Failures so far plus attempts still being checked. */
  private count(key: string) {
    return this.recent(key).length + (this.inFlight.get(key) ?? 0)
  }

  private waitFor(key: string) {
    const list = this.recent(key)
    return list.length ? Math.max(1, Math.ceil((list[0]! + this.o.windowMs - +this.clock.now()) / 1000)) : 1
  }

  attempt(name: string, address: string): Attempt {
    const pair = `p:${name}\u0000${address}`
    const addr = `a:${address}`
    const user = `u:${name}`
    if (this.count(pair) >= this.o.pair) return { ok: false, retryAfter: this.waitFor(pair), reason: 'too many failed logins for this name from this address' }
    if (this.count(addr) >= this.o.address) return { ok: false, retryAfter: this.waitFor(addr), reason: 'too many failed logins from this address' }
    const now = +this.clock.now()
    if (this.recent(user).length >= this.o.slowAfter) {
      const last = this.lastTry.get(user) ?? 0
      if ((this.inFlight.get(user) ?? 0) > 0 || now - last < this.o.slowEveryMs) {
        return { ok: false, retryAfter: Math.max(1, Math.ceil((last + this.o.slowEveryMs - now) / 1000)), reason: 'this name is slowed down after many failed logins; try again shortly' }
      }
    }
    if (this.hashing >= this.o.maxHashing) return { ok: false, retryAfter: 1, reason: 'the server is busy checking other logins' }
    this.hashing++
    const keys = [pair, addr, user]
    for (const k of keys) this.inFlight.set(k, (this.inFlight.get(k) ?? 0) + 1)
    this.lastTry.set(user, now)
    let settled = false
    return {
      ok: true,
      done: (success) => {
        if (settled) return
        settled = true
        this.hashing--
        for (const k of keys) {
          const n = (this.inFlight.get(k) ?? 1) - 1
          if (n > 0) this.inFlight.set(k, n)
          else this.inFlight.delete(k)
        }
        if (success) {
          this.failures.delete(pair)
          return
        }
        for (const k of keys) {
          const list = this.recent(k)
          this.failures.delete(k)
          this.failures.set(k, [...list, +this.clock.now()])
        }
        while (this.failures.size > this.o.maxKeys) this.failures.delete(this.failures.keys().next().value!)
        while (this.lastTry.size > this.o.maxKeys) this.lastTry.delete(this.lastTry.keys().next().value!)
      },
    }
  }
}
