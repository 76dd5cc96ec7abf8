/**
 * Time is an input: rules take `now` from a Clock and time-driven work waits on the Clock's
 * timers, so tests move time forward instead of waiting for it.
 */
export interface Clock {
  now(): Date
  /** Calls `fn` once `ms` have passed on this clock. */
  setTimer(ms: number, fn: () => void): { cancel(): void }
}

/** How long a wall-clock timer sleeps at most before it reads the clock again. */
const RECHECK_MS = 1_000

/**
 * The clock on the wall, read from `read` (the operating system's by default), with two
 * guards against the clock being set while the server runs:
 * - timers are due at a wall-clock instant and re-read the clock at least every second, so a
 *   jump forward fires what fell due at once, not after the relative delay (up to an hour late);
 * - `now()` never goes back: after a jump back it holds the latest time it has given until the
 *   wall catches up, so nothing computed from time (a colour, a deadline) reverts and fires twice.
 */
export function wallClock(read: () => number = Date.now): Clock {
  let high = -Infinity
  const now = () => (high = Math.max(high, read()))
  return {
    now: () => new Date(now()),
    setTimer(ms, fn) {
      const due = now() + Math.max(0, ms)
      let t: NodeJS.Timeout
      const wait = () => {
        const left = due - now()
        if (left <= 0) return fn()
        t = setTimeout(wait, Math.min(left, RECHECK_MS))
        t.unref()
      }
      // Never synchronously: the caller has not seen its handle yet.
      t = setTimeout(wait, Math.min(Math.max(0, ms), RECHECK_MS))
      t.unref()
      return { cancel: () => clearTimeout(t) }
    },
  }
}

export const systemClock: Clock = wallClock()

export interface ManualClock extends Clock {
  set(t: Date | string): void
  advance(ms: number): void
}

/** A clock tests set and advance; due timers fire synchronously, earliest first. */
export function manualClock(start: Date | string): ManualClock {
  let t = new Date(start).getTime()
  let timers: { due: number; fn: () => void }[] = []
  const fire = () => {
    for (;;) {
      const due = timers.filter((x) => x.due <= t).sort((a, b) => a.due - b.due)[0]
      if (!due) return
      timers = timers.filter((x) => x !== due)
      due.fn()
    }
  }
  return {
    now: () => new Date(t),
    setTimer(ms, fn) {
      const timer = { due: t + Math.max(0, ms), fn }
      timers.push(timer)
      return { cancel: () => { timers = timers.filter((x) => x !== timer) } }
    },
    set: (v) => {
      t = new Date(v).getTime()
      fire()
    },
    advance: (ms) => {
      t += ms
      fire()
    },
  }
}
