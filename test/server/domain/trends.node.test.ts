/**
 * 趋势预警's model on synthetic series (seeded Poisson draws): a steady place raises nothing over a
 * year; a doubling is flagged within the two weeks it lasts, not before it starts; a surge like the
 * one in docs/WARNINGS.md (9 in a week against 2.1) is flagged with its reason in words; a flag
 * clears when the rate returns. The exact tails are checked against hand-computed values.
 */
import { describe, expect, it } from 'vitest'
import { rng } from '../../../db/seed/random'
import { binomialTail, evaluateTrend, poissonTail, TREND, trendReason } from '../../../server/domain/trends'

const WARM = TREND.baselineDays + 7
/** Evaluates day by day as the engine does, carrying the state: the days (from `from`) it was flagged. */
function flaggedDays(counts: number[], from: number): number[] {
  const out: number[] = []
  let flagged = false
  for (let d = from; d <= counts.length; d++) {
    const r = evaluateTrend(counts.slice(0, d), { wasFlagged: flagged })
    flagged = r?.flagged ?? false
    if (flagged) out.push(d - 1)
  }
  return out
}

describe('趋势预警: the model', () => {
  it('tails as computed by hand', () => {
    // P(X ≥ 2 | Poisson 1) = 1 − e⁻¹(1 + 1) = 0.26424…; P(X ≥ 9 | 2.1) = 1 − Σ₀⁸ e⁻²·¹ 2.1ⁱ/i! = 0.00033731…
    expect(poissonTail(2, 1)).toBeCloseTo(0.264241, 5)
    expect(poissonTail(9, 2.1)).toBeCloseTo(0.00033731, 7)
    // P(X ≥ 3 | Binomial(4, ½)) = 5/16; P(X ≥ 10 | Binomial(10, 0.1)) = 1e-10.
    expect(binomialTail(3, 4, 0.5)).toBeCloseTo(5 / 16, 10)
    expect(binomialTail(10, 10, 0.1)).toBeCloseTo(1e-10, 15)
    expect(binomialTail(0, 10, 0.1)).toBe(1)
  })

  it('a steady place raises nothing over a year (a community at 0.3 a day, a town at 3 a day)', () => {
    for (const [lambda, seed] of [[0.3, 11], [3, 12]] as const) {
      const r = rng(seed)
      const counts = Array.from({ length: WARM + 365 }, () => r.poisson(lambda))
      expect(flaggedDays(counts, WARM), `λ ${lambda}`).toEqual([])
    }
  })

  it('a doubling (3 → 6 a day) is flagged within the two weeks it lasts, not before it starts, and cleared after it ends', () => {
    const r = rng(21)
    const counts = Array.from({ length: WARM + 120 }, () => r.poisson(3))
    const start = counts.length
    for (let d = 0; d < 14; d++) counts.push(r.poisson(6))
    const end = counts.length
    for (let d = 0; d < 60; d++) counts.push(r.poisson(3))
    const days = flaggedDays(counts, WARM)
    expect(days.length).toBeGreaterThan(0)
    expect(days[0]!).toBeGreaterThanOrEqual(start)
    expect(days[0]!).toBeLessThan(end)
    // The rate back to normal: the flag is gone once the doubled days leave the 14-day window, and stays gone.
    expect(days.every((d) => d < end + 14)).toBe(true)
  })

  it('a surge like 四府街社区 物业服务 (9 in a week against 2.1 a week) is flagged the day the ninth comes, with its reason', () => {
    // Twelve weeks with 25 cases (2.1 a week), then a week of 8 (not yet), or of 9.
    const baseline = Array.from({ length: TREND.baselineDays }, (_, i): number => ((i * 25 + 30) % 84 < 25 ? 1 : 0))
    expect(baseline.reduce((s, c) => s + c, 0)).toBe(25)
    const before = evaluateTrend([...baseline, 0, 1, 2, 1, 1, 2, 1])!
    expect(before.flagged).toBe(false)
    expect(before.window).toMatchObject({ days: 7, observed: 8 })
    const r9 = evaluateTrend([...baseline, 1, 2, 1, 1, 2, 1, 1])!
    expect(r9.flagged).toBe(true)
    expect(r9.window).toMatchObject({ days: 7, observed: 9 })
    expect(r9.perWeek).toBe(2.1)
    expect(trendReason('四府街社区', '物业服务', r9)).toBe(`四府街社区 物业服务 近7天 9 件，常态 2.1 件/周，超上限（${r9.window.limit} 件）`)
    expect(r9.window.limit).toBe(9)
  })

  it('a place with no history: its first cases are no alarm; a burst is', () => {
    const quiet = Array.from({ length: WARM }, () => 0)
    expect(evaluateTrend([...quiet.slice(0, -2), 1, 1])!.flagged).toBe(false)
    expect(evaluateTrend([...quiet.slice(0, -2), 2, 2])!.flagged).toBe(false)
    expect(evaluateTrend([...quiet, 4, 5, 3])!.flagged).toBe(true)
    // Too short a history to judge: no answer rather than a guess.
    expect(evaluateTrend(quiet.slice(0, 30))).toBeNull()
  })
})
