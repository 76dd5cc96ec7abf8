import { describe, expect, it } from 'vitest'
import { age, formatDate, formatFull, formatStamp, formatTime, isoDay } from '../../../client/lib/time'
import { countdown } from '../../../client/duty/countdown'
import { downFor } from '../../../client/i18n'

// The wall PC set to another zone changes nothing.
process.env.TZ = 'America/New_York'

// 00:30 on the 27th in the county is still the 26th in UTC (and wherever this machine thinks it is).
const AT = Date.parse('2026-11-26T16:30:05Z')

describe('times on the screens are the county’s (Asia/Shanghai), whatever the PC’s own zone', () => {
  it('clock, date, stamps and the day an instant falls on', () => {
    expect(formatTime(AT)).toBe('00:30:05')
    expect(formatDate(AT)).toBe('2026年11月27日星期五')
    expect(formatStamp(AT)).toBe('11/27 00:30')
    expect(formatFull(AT)).toBe('2026/11/27 00:30')
    expect(isoDay(AT)).toBe('2026-11-27')
    expect(isoDay(AT - 31 * 60_000)).toBe('2026-11-26')
  })
  it('ages in whole units', () => {
    expect(age(AT - 59_000, AT, 'zh-CN')).toBe('59秒前')
    expect(age(AT - 60_000, AT, 'zh-CN')).toBe('1分钟前')
    expect(age(AT - 3 * 3_600_000, AT, 'en')).toBe('3 h ago')
    expect(age(AT - 49 * 3_600_000, AT, 'zh-CN')).toBe('2天前')
    // A clock a little behind the server's never says "in the future".
    expect(age(AT + 5_000, AT, 'zh-CN')).toBe('0秒前')
  })
  it('a deadline counts down, then up, in two units', () => {
    expect(countdown(new Date(AT + (5 * 60 + 37) * 60_000).toISOString(), AT)).toBe('剩 5时37分')
    expect(countdown(new Date(AT - (11 * 24 + 23) * 3_600_000).toISOString(), AT)).toBe('超 11天23时')
    expect(countdown(null, AT)).toBe('无期限')
  })
  it('a cut-off screen counts how long it has been cut off', () => {
    expect(downFor(null, AT)).toBe('')
    expect(downFor(AT - 12_000, AT)).toBe('已中断 12 秒，正在重连…')
    expect(downFor(AT - 5 * 60_000, AT)).toBe('已中断 5 分钟，正在重连…')
    expect(downFor(AT - 3 * 3_600_000, AT)).toBe('已中断 3 小时，正在重连…')
  })
})
