import { td } from '../i18n/duty'

/** "剩 5时37分" before the deadline, "超 11天23时" after; from the screen's clock, never a frozen figure. */
export function countdown(deadlineAt: string | null, now: number): string {
  if (!deadlineAt) return td('noDeadline')
  const ms = Date.parse(deadlineAt) - now
  const abs = Math.abs(ms)
  const d = Math.floor(abs / 86_400_000)
  const h = Math.floor((abs % 86_400_000) / 3_600_000)
  const m = Math.floor((abs % 3_600_000) / 60_000)
  // Days and hours, or hours and minutes: two units are enough to judge urgency at a glance.
  const span = d ? td('daysHours', { d, h }) : td('hoursMinutes', { h, m })
  return td(ms >= 0 ? 'left' : 'over', { span })
}
