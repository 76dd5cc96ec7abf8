import type { EChartsCoreOption } from 'echarts/core'
import { rateAxisMin } from '../../server/domain/ranking'
import { AXIS_LINE, CHART_TEXT, SERIES_BLUE } from './theme'

export interface MonthPoint {
  month: string
  accepted: number
  successRate: number | null
  /** A period still running (this month, this quarter) or only partly recorded: drawn faint and labelled. */
  partial?: boolean
}

/** The rate axis: from 80 % down to the ten below the lowest rate (server/domain/ranking.ts). */
export const trendRateMin = (points: readonly MonthPoint[]) => rateAxisMin(points.map((p) => p.successRate))

const RATE_LINE = '#b388ff'

/** Cases accepted per month (bars) and the success rate (line, right axis); a month without cases has no rate point. */
export function trendOption(points: MonthPoint[], labels: { accepted: string; rate: string; period?: (p: string) => string; partial?: string }): EChartsCoreOption {
  const periodLabel = labels.period ?? ((m: string) => `${+m.slice(5, 7)}月`)
  const label = (p: MonthPoint) => (p.partial ? `${periodLabel(p.month)}\n${labels.partial ?? '(至今)'}` : periodLabel(p.month))
  return {
    // Live redraws jump to the new values: an update animation on every refresh keeps the canvas busy for days.
    animationDurationUpdate: 0,
    grid: { left: 8, right: 8, top: 44, bottom: 4, containLabel: true },
    legend: { top: 0, right: 0, itemWidth: 22, itemHeight: 12, textStyle: { ...CHART_TEXT, fontSize: 20 }, data: [labels.accepted, labels.rate] },
    xAxis: {
      type: 'category',
      data: points.map(label),
      axisLabel: { ...CHART_TEXT, fontSize: 20, interval: 1 },
      axisLine: AXIS_LINE,
      axisTick: { show: false },
    },
    yAxis: [
      { type: 'value', axisLabel: { ...CHART_TEXT, fontSize: 20 }, splitLine: { lineStyle: { color: 'rgba(143,168,200,0.15)' } } },
      { type: 'value', min: trendRateMin(points), max: 100, axisLabel: { ...CHART_TEXT, fontSize: 20, formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      {
        name: labels.accepted,
        type: 'bar',
        // A running period is drawn faint with a dashed edge: its bar is not yet comparable.
        data: points.map((p) => (p.partial ? { value: p.accepted, itemStyle: { opacity: 0.45, borderType: 'dashed', borderColor: SERIES_BLUE, borderWidth: 2 } } : p.accepted)),
        barWidth: '50%',
        itemStyle: { color: SERIES_BLUE, borderRadius: [4, 4, 0, 0] },
      },
      {
        name: labels.rate,
        type: 'line',
        yAxisIndex: 1,
        data: points.map((p) => p.successRate),
        connectNulls: false,
        symbolSize: 8,
        lineStyle: { width: 3, color: RATE_LINE },
        itemStyle: { color: RATE_LINE },
      },
    ],
  }
}
