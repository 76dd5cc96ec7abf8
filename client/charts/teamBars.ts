import type { EChartsCoreOption } from 'echarts/core'
import { AXIS_LINE, CHART_TEXT } from './theme'

export interface TeamValue {
  label: string
  color: string
  /** Hours served this quarter. */
  value: number
}

/** One column per dandelion team, in the team's own colour. */
export function teamBarsOption(teams: TeamValue[]): EChartsCoreOption {
  // One character a team in Chinese (红 橙 黄…); English names (Orange, Purple) take a smaller size to stay apart.
  const wordy = teams.some((t) => t.label.length > 2)
  return {
    // Live redraws jump to the new values: an update animation on every refresh keeps the canvas busy for days.
    animationDurationUpdate: 0,
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: teams.map((t) => t.label),
      axisLabel: { ...CHART_TEXT, fontSize: wordy ? 15 : 20, interval: 0 },
      axisLine: AXIS_LINE,
      axisTick: { show: false },
    },
    yAxis: { type: 'value', show: false },
    series: [
      {
        type: 'bar',
        data: teams.map((t) => ({ value: t.value, itemStyle: { color: t.color, borderRadius: [6, 6, 0, 0] } })),
        barWidth: '50%',
        label: { show: true, position: 'top', ...CHART_TEXT, fontSize: 20 },
      },
    ],
  }
}
