import { describe, expect, it } from 'vitest'
import { categoryBarOption, distinctLabels } from '../../../client/charts/categoryBar'

describe('the bar charts’ labels', () => {
  it('never shorten two labels to the same text', () => {
    const labels = ['网格员日常巡查', '网格员专项排查', '网格员重点走访', '12345热线', '群众来访', '网上信访平台']
    const short = distinctLabels(labels)
    expect(short).toEqual(['日常巡查', '专项排查', '重点走访', '12345热线', '群众来访', '网上信访平台'])
    expect(new Set(short).size).toBe(labels.length)
    // Too long and alone: cut with an ellipsis.
    expect(distinctLabels(['一二三四五六七八九'])).toEqual(['一二三四五…'])
  })

  it('in English, cut at words: a shared start goes whole, brackets with it, and a long label ends at a word', () => {
    const en = ['Grid patrol (routine)', 'Grid patrol (special)', 'Grid patrol (key)', 'Walk-in visit', '12345 hotline']
    expect(distinctLabels(en, 9)).toEqual(['Routine', 'Special', 'Key', 'Walk-in visit', '12345 hotline'])
    expect(distinctLabels(['Environment & sanitation', 'Neighbours'], 9)).toEqual(['Environment…', 'Neighbours'])
    expect(distinctLabels(['Unpaid wages & fees'], 9)).toEqual(['Unpaid wages…'])
    // Wide enough: whole.
    expect(distinctLabels(['Environment & sanitation', 'Marriage & family'], 14)).toEqual(['Environment & sanitation', 'Marriage & family'])
  })

  it('sums the tail as 其他 and puts the largest on top', () => {
    const o = categoryBarOption([1, 9, 5, 7, 3].map((v, i) => ({ label: `类${i}`, value: v })), 3) as { yAxis: { data: string[] }; series: { data: number[] }[] }
    expect(o.yAxis.data).toEqual(['其他', '类3', '类1'])
    expect(o.series[0]!.data).toEqual([9, 7, 9])
  })

  it('keeps a ladder in its own order, first on top, whatever the sizes', () => {
    const o = categoryBarOption([['网格（小区）', 147], ['村（社区）', 194], ['乡镇（街道）', 120], ['县', 47]].map(([label, value]) => ({ label: label as string, value: value as number })), 7, '其他', 10, true) as { yAxis: { data: string[] }; series: { data: number[] }[] }
    // The axis runs bottom to top.
    expect(o.yAxis.data).toEqual(['县', '乡镇（街道）', '村（社区）', '网格（小区）'])
    expect(o.series[0]!.data).toEqual([47, 120, 194, 147])
  })
})
