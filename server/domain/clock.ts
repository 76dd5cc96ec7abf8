/**
 * Time is an input: rules take `now` from a Clock and time-driven work waits on the Clock's
 * timers, so tests move time forward instead of waiting for it.
 */
export interface Clock {
  now(): Date
  /** Calls `fn` once `ms` have passed on this clock. */
  setTimer(ms: number, fn: () => void): { cancel(): void }
}

// setTimeout overflows past ~24.8 days; longer waits are re-armed by whoever asked for them.
const MAX_TIMEOUT = 2 ** 31 - 1

export const systemClock: Clock = {
  now: () => new Date(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, Math.min(Math.max(0, ms), MAX_TIMEOUT))
    t.unref()
    return { cancel: () => clearTimeout(t) }
  },
}

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
