import { describe, expect, it } from 'vitest'
import { trendOption, type MonthPoint } from '../../../client/charts/trend'
import { rateAxisMin } from '../../../server/domain/ranking'

type Option = { xAxis: { data: string[] }; yAxis: { min?: number }[]; series: { data: unknown[] }[] }
const months: MonthPoint[] = [
  { month: '2026-09', accepted: 250, successRate: 96.2 },
  { month: '2026-10', accepted: 231, successRate: 64.42 },
  { month: '2026-11', accepted: 180, successRate: 91, partial: true },
]

describe('the trend chart', () => {
  it('draws a rate where it is: the axis goes down to the lowest, no point is lifted to 80 %', () => {
    const o = trendOption(months, { accepted: '受理数', rate: '化解成功率' }) as unknown as Option
    expect(o.yAxis[1]!.min).toBe(60)
    expect(o.series[1]!.data).toEqual([96.2, 64.42, 91])
    expect(rateAxisMin([95])).toBe(80)
    expect(rateAxisMin([null])).toBe(80)
    expect(rateAxisMin([0, 100])).toBe(0)
  })

  it('marks the running month: labelled, and its bar faint', () => {
    const o = trendOption(months, { accepted: '受理数', rate: '化解成功率', partial: '(至今)' }) as unknown as Option
    expect(o.xAxis.data).toEqual(['9月', '10月', '11月\n(至今)'])
    expect(o.series[0]!.data.slice(0, 2)).toEqual([250, 231])
    expect(o.series[0]!.data[2]).toMatchObject({ value: 180, itemStyle: { opacity: 0.45 } })
  })
})
