import type { EChartsCoreOption } from 'echarts/core'
import type { LeakRow } from '../../server/contract'
import { distinctLabels } from './categoryBar'
import { AXIS_LINE, CHART_TEXT } from './theme'

/** The three rungs a case can rise past, lightest to darkest: how far up the ladder a category's cases leak. */
export const LEAK_SERIES = [
  { key: 'grid', zh: '超出网格', en: 'Past the grid', color: '#7fd8ff' },
  { key: 'village', zh: '超出村（社区）', en: 'Past the village', color: '#2f8fe0' },
  { key: 'town', zh: '超出乡镇', en: 'Past the town', color: '#c77dff' },
] as const

/**
 * 漏出图: for each category (most resolved first, at most `max`), how many of its resolved cases
 * rose past the grid, past the village or community, and past the town. A bar shrinks from one
 * rung to the next: the shorter the later bars, the more the ladder holds. Neither series is a
 * warning colour.
 */
export function leakOption(rows: LeakRow[], label: (code: string) => string, max = 8, lang: 'zh-CN' | 'en' = 'zh-CN'): EChartsCoreOption {
  const shown = rows.slice(0, max)
  return {
    // A review's figure, read as it is: no growing bars.
    animation: false,
    legend: { top: 0, textStyle: { ...CHART_TEXT, fontSize: 15 }, itemWidth: 16, itemHeight: 10 },
    grid: { left: 8, right: 48, top: 30, bottom: 8, containLabel: true },
    xAxis: { type: 'value', axisLabel: { ...CHART_TEXT, fontSize: 14 }, splitLine: AXIS_LINE },
    yAxis: { type: 'category', inverse: true, data: distinctLabels(shown.map((r) => `${label(r.category)}（${r.resolved}）`), 10), axisLabel: { ...CHART_TEXT, fontSize: 15 }, axisLine: AXIS_LINE, axisTick: { show: false } },
    series: LEAK_SERIES.map((s) => ({
      name: lang === 'en' ? s.en : s.zh,
      type: 'bar',
      barMaxWidth: 12,
      itemStyle: { color: s.color },
      label: { show: true, position: 'right', ...CHART_TEXT, fontSize: 13 },
      data: shown.map((r) => r.past[s.key]),
    })),
  }
}
