import type { EChartsCoreOption } from 'echarts/core'
import { AXIS_LINE, CHART_TEXT, SERIES_BLUE } from './theme'

export interface LabelledCount {
  label: string
  value: number
}

/**
 * Labels short enough for the axis and still told apart: a label wider than `max` (in Chinese
 * characters; a Latin letter is about half of one) that shares its start with another long one
 * loses the shared start (网格员日常巡查 and 网格员专项排查 become 日常巡查 and 专项排查, never both
 * 网格员…; "Grid patrol (routine)" becomes "Routine"); what is still too long ends in …, at a
 * word's end where the label has words.
 */
export function distinctLabels(labels: readonly string[], max = 6): string[] {
  const width = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x2e80 ? 0.55 : 1), 0)
  const fit = (s: string) => {
    let out = ''
    for (const ch of s) {
      if (width(out + ch) > max - 1) {
        // Latin text ends at the last whole word (and not on a lone "&").
        const words = out.replace(/\s+\S*$/, '').replace(/[\s&,/-]+$/, '')
        return `${/\s/.test(out) && words.length >= out.length / 2 ? words : out.trimEnd()}…`
      }
      out += ch
    }
    return out
  }
  const long = labels.filter((l) => width(l) > max)
  const shared = (a: string, b: string) => {
    let i = 0
    while (i < a.length && a[i] === b[i]) i++
    // Words are cut whole: back to the last space when the shared start ends inside a Latin word.
    if (i < a.length && /[A-Za-z0-9(]/.test(a[i - 1] ?? '') && /[A-Za-z0-9)]/.test(a[i] ?? '')) i = a.lastIndexOf(' ', i - 1) + 1
    return i
  }
  const tidy = (s: string) => {
    const bare = s.trim().replace(/^\((.*)\)$/, '$1')
    return bare.charAt(0).toUpperCase() + bare.slice(1)
  }
  return labels.map((l) => {
    if (width(l) <= max) return l
    const cut = Math.max(0, ...long.filter((o) => o !== l).map((o) => shared(l, o)))
    const rest = cut >= 2 ? tidy(l.slice(cut)) : l
    return width(rest) > max ? fit(rest) : rest
  })
}

/** Horizontal bars, largest on top (or in the given order), at most `max` rows (the rest summed as 其他 / Other); labels up to `labelMax` Chinese characters wide. */
export function categoryBarOption(items: LabelledCount[], max = 7, otherLabel = '其他', labelMax = 6, ordered = false): EChartsCoreOption {
  // `ordered`: the items' own order, top to bottom (a ladder reads 网格 → 县, not by size).
  const sorted = ordered ? [...items] : [...items].sort((a, b) => b.value - a.value)
  const shown = sorted.slice(0, max)
  if (sorted.length > max) {
    shown[max - 1] = { label: otherLabel, value: sorted.slice(max - 1).reduce((s, x) => s + x.value, 0) }
  }
  const rows = shown.reverse()
  return {
    // Live redraws jump to the new values: an update animation on every refresh keeps the canvas busy for days.
    animationDurationUpdate: 0,
    grid: { left: 8, right: 70, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      data: distinctLabels(rows.map((r) => r.label), labelMax),
      axisLabel: { ...CHART_TEXT, fontSize: 22 },
      axisLine: AXIS_LINE,
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        data: rows.map((r) => r.value),
        barWidth: '55%',
        itemStyle: { color: SERIES_BLUE, borderRadius: [0, 6, 6, 0] },
        label: { show: true, position: 'right', ...CHART_TEXT, fontSize: 22, fontWeight: 'bold' },
      },
    ],
  }
}
