import { describe, expect, it } from 'vitest'
import { zhCount, zhCountChange, zhDate, zhHours, zhList, zhRateChange } from '../../../server/review/zhText'

describe("the briefing's numbers in words", () => {
  it('writes counts, hours and dates the Chinese way', () => {
    expect(zhCount(765)).toBe('765')
    expect(zhCount(9999)).toBe('9999')
    expect(zhCount(13163)).toBe('1.32万')
    expect(zhCount(20000)).toBe('2万')
    expect(zhHours(7499)).toBe('7499')
    expect(zhHours(36.54)).toBe('36.5')
    expect(zhDate('2026-03-31')).toBe('2026年3月31日')
    expect(zhDate('2026-10-01T09:00:00+08:00')).toBe('2026年10月1日')
    expect(zhList(['甲'])).toBe('甲')
    expect(zhList(['甲', '乙', '丙'])).toBe('甲、乙和丙')
  })

  it('says a change with its direction and unit: counts in 件 and per cent, rates in 个百分点', () => {
    // 765 against 794: 29 fewer, 29 / 794 = 3.652…%.
    expect(zhCountChange(765, 794, '件')).toBe('减少29件、下降3.65%')
    expect(zhCountChange(112, 85, '件')).toBe('增加27件、增长31.76%')
    expect(zhCountChange(5, 5, '件')).toBe('持平')
    expect(zhCountChange(5, 0, '件')).toBe('增加5件（上期为0）')
    expect(zhRateChange(96.47, 97.23)).toBe('下降0.76个百分点')
    expect(zhRateChange(96.47, 96.18)).toBe('提高0.29个百分点')
    expect(zhRateChange(95, 95)).toBe('持平')
    expect(zhRateChange(null, 95)).toBeNull()
  })
})
