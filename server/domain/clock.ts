/** Time is an input: every rule takes `now` from a Clock, so tests can move it. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock tests can set and advance. */
export function manualClock(start: Date | string): Clock & { set(t: Date | string): void; advance(ms: number): void } {
  let t = new Date(start).getTime()
  return {
    now: () => new Date(t),
    set: (v) => { t = new Date(v).getTime() },
    advance: (ms) => { t += ms },
  }
}
