/**
 * 趋势预警: is a place's rate of new cases of one category rising beyond its own normal? The model
 * of docs/WARNINGS.md (趋势预警), pure, over daily counts:
 *
 * - Baseline: the 12 weeks (84 days) before the longest window; the expected count of each day in
 *   a window is the baseline's mean for that weekday (so a Monday is compared with Mondays).
 * - Window: the last 7 days, the evaluation day included (it may be partial: its expected count
 *   is scaled by the part of the day gone). A week holds each weekday once, so a full week's
 *   expected count is the baseline's weekly mean; the weekday means matter for a partial day.
 * - Flag: in the window, at least `minCount` cases, and a count this high or higher is less
 *   likely than `alpha` if the rate had not changed: the exact conditional test of two Poisson
 *   counts (window against baseline; binomial on their sum), which allows for a baseline that is
 *   itself a chance count. A place with no baseline is held to a floor rate, so its first few cases
 *   are not an alarm.
 * - Clear (hysteresis): when the count is below `minCount` or the tail is at least `clearAlpha`.
 *
 * Measured on synthetic series (`npx tsx bench/trendPower.ts`, docs/WARNINGS.md): a steady series
 * is flagged on some day of a year in 4–20 % of series (more at higher rates); a doubling is
 * caught in a median of 6 days at 3 cases a day, 3 at 10 a day, and often not at all within four
 * weeks below 1 a day, where no test can tell it from chance that soon.
 */

export const TREND = {
  baselineDays: 84,
  windows: [7] as const,
  alpha: 0.001,
  clearAlpha: 0.01,
  minCount: 5,
  /** The least normal rate assumed (cases a day), for a place and category with (almost) no history. */
  floorPerDay: 0.05,
} as const

/** ln(k!), from a table that grows as needed. */
const LOG_FACTORIAL = [0, 0]
function logFactorial(k: number): number {
  for (let i = LOG_FACTORIAL.length; i <= k; i++) LOG_FACTORIAL.push(LOG_FACTORIAL[i - 1]! + Math.log(i))
  return LOG_FACTORIAL[k]!
}

/** P(X ≥ k) for X ~ Poisson(λ): one minus the lower sum, summed from the larger side where that is steadier. */
export function poissonTail(k: number, lambda: number): number {
  if (k <= 0) return 1
  if (lambda <= 0) return 0
  // Terms from k upward while they matter (k above the mean: the tail is small and summed directly).
  if (k > lambda) {
    let term = Math.exp(-lambda + k * Math.log(lambda) - logFactorial(k))
    let sum = 0
    for (let i = k; term > 1e-300 && i < k + 10_000; i++) {
      sum += term
      term *= lambda / (i + 1)
      if (term < sum * 1e-16) break
    }
    return Math.min(1, sum)
  }
  let term = Math.exp(-lambda)
  let lower = 0
  for (let i = 0; i < k; i++) {
    lower += term
    term *= lambda / (i + 1)
  }
  return Math.max(0, 1 - lower)
}

/** P(X ≥ k) for X ~ Binomial(n, p): the terms from k up, each from the one before. */
export function binomialTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1
  if (k > n || p <= 0) return 0
  if (p >= 1) return 1
  const ratio = p / (1 - p)
  let term = Math.exp(logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log1p(-p))
  let sum = 0
  for (let i = k; i <= n; i++) {
    sum += term
    term *= ((n - i) / (i + 1)) * ratio
    if (i > n * p && term < sum * 1e-16) break
  }
  return Math.min(1, sum)
}

/**
 * The tail of a window's count against its baseline: given the cases of both together, how
 * unlikely a share this large is in the window if the rate had not changed (the conditional test
 * of two Poisson rates: it allows for a baseline that is itself a count, not a known rate).
 * `share`: the window's expected part of the two together.
 */
export function rateTail(observed: number, baseline: number, share: number): number {
  return binomialTail(observed, observed + baseline, share)
}

/** The smallest count that would be flagged in a window against this baseline (at least `minCount`). */
export function upperLimit(baseline: number, share: number, alpha: number = TREND.alpha, minCount: number = TREND.minCount): number {
  // The tail falls as the count rises: the least count below alpha, by halving.
  let [lo, hi] = [minCount, Math.max(minCount, 16)]
  while (rateTail(hi, baseline, share) >= alpha) [lo, hi] = [hi, hi * 2]
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2)
    if (rateTail(mid, baseline, share) < alpha) hi = mid
    else lo = mid + 1
  }
  return lo
}

export interface TrendWindow {
  days: number
  observed: number
  expected: number
  /** The count from which it is flagged. */
  limit: number
  p: number
}

export interface TrendResult {
  flagged: boolean
  /** The window that flags it (or holds the flag), else the first. */
  window: TrendWindow
  windows: TrendWindow[]
  /** The baseline's normal: cases a week. */
  perWeek: number
}

/**
 * The trend of one series as of its last day. `counts`: daily counts, oldest first, the last
 * being the evaluation day (at least baseline + 14 days; fewer: never flagged); `fractionOfLast`:
 * how much of that day has gone (1 at its end); `wasFlagged`: the series' state before.
 */
export function evaluateTrend(counts: readonly number[], opts: { fractionOfLast?: number; wasFlagged?: boolean } = {}): TrendResult | null {
  const longest = Math.max(...TREND.windows)
  const n = counts.length
  if (n < TREND.baselineDays + longest) return null
  const base = counts.slice(n - longest - TREND.baselineDays, n - longest)
  // The baseline's mean for each weekday, by position: day i of the series has weekday slot i mod 7.
  const slotOf = (i: number) => (((i - (n - longest - TREND.baselineDays)) % 7) + 7) % 7
  const perSlot = [0, 0, 0, 0, 0, 0, 0]
  base.forEach((c, j) => (perSlot[j % 7]! += c / (TREND.baselineDays / 7)))
  const fraction = opts.fractionOfLast ?? 1
  const baseTotal = base.reduce((s, c) => s + c, 0)
  const windows = TREND.windows.map((days) => {
    let observed = 0
    let expected = 0
    for (let i = n - days; i < n; i++) {
      observed += counts[i]!
      expected += perSlot[slotOf(i)]! * (i === n - 1 ? fraction : 1)
    }
    // A place with (almost) no history is held to a floor rate: its baseline counts at least that many.
    const baseline = Math.max(baseTotal, TREND.floorPerDay * TREND.baselineDays)
    const scale = baseline / Math.max(baseTotal, 1e-9)
    const exp = baseTotal > 0 ? expected * scale : TREND.floorPerDay * (days - 1 + fraction)
    const share = exp / (exp + baseline)
    const b = Math.round(baseline)
    return { days, observed, expected: Math.round(exp * 100) / 100, limit: upperLimit(b, share), p: rateTail(observed, b, share) }
  })
  const raises = windows.filter((w) => w.observed >= TREND.minCount && w.p < TREND.alpha)
  const holds = windows.some((w) => w.observed >= TREND.minCount && w.p < TREND.clearAlpha)
  const flagged = raises.length > 0 || (opts.wasFlagged === true && holds)
  const perWeek = Math.round((base.reduce((s, c) => s + c, 0) / (TREND.baselineDays / 7)) * 10) / 10
  return { flagged, window: raises[0] ?? windows.find((w) => w.observed >= TREND.minCount && w.p < TREND.clearAlpha) ?? windows[0]!, windows, perWeek }
}

/** The flag's reason in words: "四府街社区 物业服务 近7天 9 件，常态 2.1 件/周，超上限（7 件）". */
export function trendReason(place: string, category: string, r: TrendResult): string {
  return `${place} ${category} 近${r.window.days}天 ${r.window.observed} 件，常态 ${r.perWeek} 件/周，${r.window.observed >= r.window.limit ? `超上限（${r.window.limit} 件）` : `仍高于常态（上限 ${r.window.limit} 件）`}`
}
