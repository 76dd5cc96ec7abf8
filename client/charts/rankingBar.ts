import type { EChartsCoreOption } from 'echarts/core'
import { AXIS_LINE, CHART_TEXT, SERIES_BLUE } from './theme'

export interface RankItem {
  code: string
  label: string
  value: number | null
}

/**
 * Every child region as a horizontal bar, best on top; a region with no value ("—") keeps its
 * row with no bar, so nobody is missing from the ranking. Names are official data, not citizen text.
 */
export function rankingBarOption(items: RankItem[], unit: string, fontSize = 15): EChartsCoreOption {
  const rows = [...items].sort((a, b) => (a.value ?? -Infinity) - (b.value ?? -Infinity))
  return {
    animationDurationUpdate: 0,
    grid: { left: 8, right: 64, top: 4, bottom: 4, containLabel: true },
    xAxis: { type: 'value', show: false },
    yAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { ...CHART_TEXT, fontSize }, axisLine: AXIS_LINE, axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        data: rows.map((r) => ({ value: r.value ?? 0, code: r.code, empty: r.value === null })),
        barWidth: '60%',
        itemStyle: { color: SERIES_BLUE, borderRadius: [0, 4, 4, 0] },
        label: { show: true, position: 'right', ...CHART_TEXT, fontSize, formatter: (p: { data: { value: number; empty: boolean } }) => (p.data.empty ? '—' : `${p.data.value}${unit}`) },
      },
    ],
  }
}
