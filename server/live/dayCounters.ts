/**
 * Named counters per region per day, for the days a screen can show (the current quarter and
 * the day before it). Summing a region's days over a period gives any period's figures, so a
 * day or quarter rolling over needs no reload: other days get summed, and old days are pruned.
 */
export type Counters = Record<string, number>

export class DayCounters {
  private byRegion = new Map<string, Map<string, Counters>>()

  add(region: string, day: string, key: string, n: number) {
    let days = this.byRegion.get(region)
    if (!days) this.byRegion.set(region, (days = new Map()))
    let c = days.get(day)
    if (!c) days.set(day, (c = {}))
    c[key] = (c[key] ?? 0) + n
  }

  /** Sum of every counter of `region` over days from..to inclusive. */
  sum(region: string, from: string, to: string): Counters {
    const out: Counters = {}
    const days = this.byRegion.get(region)
    if (!days) return out
    for (const [day, c] of days) {
      if (day < from || day > to) continue
      for (const k in c) out[k] = (out[k] ?? 0) + c[k]!
    }
    return out
  }

  /** Drops days before `keepFrom`: the structure stays bounded however long the server runs. */
  prune(keepFrom: string) {
    for (const days of this.byRegion.values()) for (const day of days.keys()) if (day < keepFrom) days.delete(day)
  }

  dayCount() {
    let n = 0
    for (const days of this.byRegion.values()) n += days.size
    return n
  }
}
