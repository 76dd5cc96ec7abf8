import type { EChartsCoreOption } from 'echarts/core'
import { AXIS_LINE, CHART_TEXT, SERIES_BLUE } from './theme'

export interface LabelledCount {
  label: string
  value: number
}

/** Horizontal bars, largest on top, at most `max` rows (the rest summed as 其他 / Other). */
export function categoryBarOption(items: LabelledCount[], max = 7, otherLabel = '其他'): EChartsCoreOption {
  const sorted = [...items].sort((a, b) => b.value - a.value)
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
      data: rows.map((r) => r.label),
      axisLabel: { ...CHART_TEXT, fontSize: 22, width: 150, overflow: 'truncate' },
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
