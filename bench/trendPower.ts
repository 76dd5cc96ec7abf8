/**
 * 趋势预警's model on synthetic series (docs/WARNINGS.md): for places with a normal rate of λ new
 * cases a day, how often a steady series is flagged (false alarms a series-year) and how many
 * days a doubling takes to be flagged. Seeded Poisson draws; `npx tsx bench/trendPower.ts`.
 */
import { rng } from '../db/seed/random'
import { evaluateTrend, TREND } from '../server/domain/trends'

const SERIES = Number(process.argv.find((a) => a.startsWith('--series='))?.split('=')[1] ?? 200)


/** Days flagged in a steady year, and days from a doubling to its flag (null: not within 28 days). */
function run(lambda: number, seed: number) {
  const r = rng(seed)
  const warm = TREND.baselineDays + 14
  const counts: number[] = []
  for (let d = 0; d < warm; d++) counts.push(r.poisson(lambda))
  let falseDays = 0
  let flagged = false
  for (let d = 0; d < 365; d++) {
    counts.push(r.poisson(lambda))
    flagged = evaluateTrend(counts, { wasFlagged: flagged })!.flagged
    if (flagged) falseDays++
  }
  const raised = falseDays
  let delay: number | null = null
  const stepped = counts.slice(0, warm + 365)
  for (let d = 1; d <= 28; d++) {
    stepped.push(r.poisson(2 * lambda))
    if (evaluateTrend(stepped)!.flagged) {
      delay = d
      break
    }
  }
  return { raised, delay }
}

const q = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]! : NaN)
console.log(`α ${TREND.alpha}, clear ${TREND.clearAlpha}, at least ${TREND.minCount}, windows ${TREND.windows.join(' / ')} days, baseline ${TREND.baselineDays} days; ${SERIES} series each`)
console.log('λ a day | flagged days a steady year (mean) | series with any | doubling: flagged within 28 d | delay median | delay p90')
for (const lambda of [0.1, 0.3, 1, 3, 10]) {
  const runs = Array.from({ length: SERIES }, (_, i) => run(lambda, 1000 + i))
  const delays = runs.map((x) => x.delay).filter((x): x is number => x !== null)
  console.log(
    `${lambda} | ${(runs.reduce((s, x) => s + x.raised, 0) / SERIES).toFixed(2)} | ${runs.filter((x) => x.raised > 0).length} | ${delays.length}/${SERIES} | ${q(delays, 0.5)} | ${q(delays, 0.9)}`,
  )
}
