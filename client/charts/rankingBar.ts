import type { EChartsCoreOption } from 'echarts/core'
import { rateAxisMin } from '../../server/domain/ranking'
import { AXIS_LINE, CHART_TEXT, SERIES_BLUE } from './theme'

export interface RankItem {
  code: string
  label: string
  value: number | null
  /** Too few cases behind a rate to rank it: drawn faint, labelled 样本少. */
  small?: boolean
}

/**
 * Every child region as a horizontal bar, best on top; a region with no value ("—") keeps its
 * row with no bar, so nobody is missing from the ranking. Names are official data, not citizen text.
 */
export function rankingBarOption(items: RankItem[], unit: string, fontSize = 15): EChartsCoreOption {
  // Ranked ones best on top (ECharts draws categories bottom-up), the small ones below them.
  const rows = [...items].sort((a, b) => Number(!!b.small) - Number(!!a.small) || (a.value ?? -Infinity) - (b.value ?? -Infinity))
  const rate = unit === '%'
  // A rate's axis starts near the lowest value and says so: bars of 90–100 % must look different.
  const xAxis = rate
    ? { type: 'value', min: rateAxisMin(items.map((i) => i.value)), max: 100, splitNumber: 4, axisLabel: { ...CHART_TEXT, fontSize: fontSize - 2, formatter: '{value}%' }, splitLine: { lineStyle: { color: 'rgba(143,168,200,0.15)' } } }
    : { type: 'value', show: false }
  return {
    animationDurationUpdate: 0,
    grid: { left: 8, right: rate ? 112 : 64, top: 4, bottom: rate ? 24 : 4, containLabel: true },
    xAxis,
    yAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { ...CHART_TEXT, fontSize }, axisLine: AXIS_LINE, axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        data: rows.map((r) => ({ value: r.value ?? 0, code: r.code, empty: r.value === null, small: !!r.small, itemStyle: r.small ? { opacity: 0.4 } : undefined })),
        barWidth: '60%',
        itemStyle: { color: SERIES_BLUE, borderRadius: [0, 4, 4, 0] },
        label: { show: true, position: 'right', ...CHART_TEXT, fontSize, formatter: (p: { data: { value: number; empty: boolean; small: boolean } }) => (p.data.empty ? '—' : `${p.data.value}${unit}${p.data.small ? ' 样本少' : ''}`) },
      },
    ],
  }
}
