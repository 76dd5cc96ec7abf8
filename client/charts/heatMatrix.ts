import type { EChartsCoreOption } from 'echarts/core'
import { AXIS_LINE, CHART_TEXT } from './theme'

const DAYS = { 'zh-CN': ['周一', '周二', '周三', '周四', '周五', '周六', '周日'], en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] }

/** Weekday rows × hour columns, cell shade by volunteer hours; hours labelled every 3. */
export function heatMatrixOption(matrix: number[][], lang: 'zh-CN' | 'en'): EChartsCoreOption {
  const data: [number, number, number][] = []
  let max = 0
  matrix.forEach((row, d) => row.forEach((v, h) => {
    data.push([h, 6 - d, v])
    max = Math.max(max, v)
  }))
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 6, bottom: 6, containLabel: true },
    xAxis: {
      type: 'category',
      data: Array.from({ length: 24 }, (_, h) => String(h)),
      axisLabel: { ...CHART_TEXT, fontSize: 20, interval: 2 },
      axisLine: AXIS_LINE,
      axisTick: { show: false },
      splitArea: { show: false },
    },
    yAxis: {
      type: 'category',
      data: [...DAYS[lang]].reverse(),
      axisLabel: { ...CHART_TEXT, fontSize: 20 },
      axisLine: AXIS_LINE,
      axisTick: { show: false },
    },
    visualMap: { show: false, min: 0, max: Math.max(1, max), inRange: { color: ['rgba(64,200,255,0.06)', 'rgba(64,200,255,0.6)', '#9fe8ff'] } },
    series: [{ type: 'heatmap', data, itemStyle: { borderColor: 'rgba(6,18,43,0.9)', borderWidth: 2 }, silent: true }],
  }
}
