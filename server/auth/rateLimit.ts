import type { Clock } from '../domain/clock'

/**
 * Failed logins per key (the username, and the client address) in a sliding window. Past the
 * limit, logins for that key are refused, even with the right password, until the window passes.
 * Bounded: the oldest keys are dropped past `maxKeys`.
 */
export class FailureLimiter {
  private failures = new Map<string, number[]>()

  /**
   * `limitFor` gives each key its allowance: five tries per user name, more per address (a
   * centre's staff share one address behind its router).
   */
  constructor(
    private clock: Clock,
    private limitFor: (key: string) => number = (key) => (key.startsWith('ip:') ? 30 : 5),
    private windowMs = 15 * 60_000,
    private maxKeys = 10_000,
  ) {}

  private recent(key: string) {
    const since = +this.clock.now() - this.windowMs
    const list = (this.failures.get(key) ?? []).filter((t) => t > since)
    if (list.length) this.failures.set(key, list)
    else this.failures.delete(key)
    return list
  }

  /** Seconds until `key` may try again; 0 when it may try now. */
  blockedFor(key: string): number {
    const list = this.recent(key)
    if (list.length < this.limitFor(key)) return 0
    return Math.ceil((list[0]! + this.windowMs - +this.clock.now()) / 1000)
  }

  fail(key: string) {
    const list = this.recent(key)
    this.failures.delete(key)
    this.failures.set(key, [...list, +this.clock.now()])
    if (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value!)
  }

  clear(key: string) {
    this.failures.delete(key)
  }
}
