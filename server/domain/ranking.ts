/**
 * Ranking on a rate needs volume: a region or unit is ranked on a rate only with at least
 * MIN_SAMPLE cases behind it (1 of 1 is not better than 95 of 100). Smaller ones are shown,
 * after the ranked ones, unranked and marked 样本少. One rule for the review's regions and units.
 */
export const MIN_SAMPLE = 10

/**
 * Where a percentage axis starts: 80 %, or lower to the ten below the lowest value, so that bars
 * of 90–100 % differ visibly and no value is drawn above where it is. The axis is labelled.
 */
export function rateAxisMin(values: readonly (number | null)[]): number {
  const v = values.filter((x): x is number => x !== null)
  return v.length ? Math.min(80, Math.floor(Math.min(...v) / 10) * 10) : 80
}
