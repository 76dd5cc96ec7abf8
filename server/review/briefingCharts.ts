import type { BriefingBlock } from '../contract'

/**
 * The briefing's charts as ECharts options: plain data (no functions), so the server draws them
 * into the PDF and the .docx and the preview in /review draws the same option. Printed in ink on
 * white: dark text, two blues and an orange.
 */
type Chart = Extract<BriefingBlock, { type: 'chart' }>

const INK = '#333333'
const BLUE = '#2f5597'
const PALE = '#9db3d9'
const ORANGE = '#c55a11'
const base = {
  animation: false,
  backgroundColor: '#ffffff',
  textStyle: { fontFamily: 'sans-serif', fontSize: 13, color: INK },
  legend: { top: 0, textStyle: { fontSize: 13, color: INK } },
}
const axisText = { color: INK, fontSize: 12 }

/** 近八个季度: accepted as bars (a quarter not whole is pale), the success rate as a line on its own axis. */
export function trendChart(rows: { label: string; accepted: number; successRate: number | null; partial: boolean }[]): Chart {
  const rates = rows.map((r) => r.successRate).filter((r): r is number => r !== null)
  // The rate's axis starts a little under its lowest point, so a change of a point or two shows.
  // The bars keep to the lower half and the rate's line to the upper part, so neither's labels
  // sit on the other's: the count axis runs to 1.8 × the largest bar, the rate axis starts well
  // under the lowest rate.
  const low = rates.length ? Math.floor(Math.min(...rates)) : 0
  const min = Math.max(0, Math.floor((low - 2 * (100 - low) - 1) / 10) * 10)
  const top = Math.max(10, ...rows.map((r) => r.accepted)) * 1.8
  return {
    type: 'chart',
    id: 'trend',
    caption: '近八个季度受理数与化解成功率（浅色柱为不完整季度）',
    width: 800,
    height: 330,
    option: {
      ...base,
      grid: { left: 56, right: 60, top: 44, bottom: 56 },
      xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { ...axisText, interval: 0 } },
      yAxis: [
        { type: 'value', name: '件', max: Math.ceil(top / 100) * 100, axisLabel: axisText, nameTextStyle: axisText },
        { type: 'value', name: '%', min, max: 100, interval: (100 - min) / 5, axisLabel: axisText, nameTextStyle: axisText, splitLine: { show: false } },
      ],
      series: [
        { name: '受理数', type: 'bar', barWidth: '46%', itemStyle: { color: BLUE }, label: { show: true, position: 'insideTop', color: '#ffffff', fontSize: 12 }, data: rows.map((r) => (r.partial ? { value: r.accepted, itemStyle: { color: PALE } } : r.accepted)) },
        { name: '化解成功率', type: 'line', yAxisIndex: 1, itemStyle: { color: ORANGE }, lineStyle: { width: 2 }, symbolSize: 7, label: { show: true, position: 'top', formatter: '{c}%', color: ORANGE, fontSize: 12 }, data: rows.map((r) => r.successRate) },
      ],
    },
  }
}

/** Horizontal bars, the largest on top: one or two series over the same names. */
export function barsChart(id: string, caption: string, names: string[], series: { name: string; values: number[]; pale?: boolean }[]): Chart {
  const height = Math.max(200, 70 + names.length * (series.length > 1 ? 34 : 26))
  return {
    type: 'chart',
    id,
    caption,
    width: 800,
    height,
    option: {
      ...base,
      legend: { ...base.legend, show: series.length > 1 },
      grid: { left: 8, right: 56, top: series.length > 1 ? 36 : 12, bottom: 24, containLabel: true },
      xAxis: { type: 'value', axisLabel: axisText },
      yAxis: { type: 'category', inverse: true, data: names, axisLabel: { ...axisText, interval: 0 } },
      series: series.map((s) => ({ name: s.name, type: 'bar', barMaxWidth: 18, itemStyle: { color: s.pale ? PALE : BLUE }, label: { show: true, position: 'right', color: INK, fontSize: 12 }, data: s.values })),
    },
  }
}
