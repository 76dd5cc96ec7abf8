import { OFFSET_MS, ZONE } from '../../server/domain/time'
/** Clock text in the county's zone, whatever the wall PC's own zone is set to. */
const timeFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })
const dateFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: ZONE, year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' })

export const formatTime = (t: Date | number | string) => timeFmt.format(new Date(t))
export const formatDate = (t: Date | number | string) => dateFmt.format(new Date(t))

/** "3分钟前" style age, in whole units. */
export function age(from: string | number | Date, now: number, lang: 'zh-CN' | 'en'): string {
  const s = Math.max(0, Math.floor((now - +new Date(from)) / 1000))
  const [n, zh, en] = s < 60 ? [s, '秒前', 's ago'] : s < 3600 ? [Math.floor(s / 60), '分钟前', 'min ago'] : s < 86400 ? [Math.floor(s / 3600), '小时前', 'h ago'] : [Math.floor(s / 86400), '天前', 'd ago']
  return lang === 'en' ? `${n} ${en}` : `${n}${zh}`
}

const stampFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: ZONE, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false })
/** "11/24 09:05" in the county's zone: for ledgers and deadlines. */
export const formatStamp = (t: Date | number | string) => stampFmt.format(new Date(t))

/** 'YYYY-MM-DD' of an instant in the county's zone. */
export const isoDay = (t: number | Date) => new Date(+t + OFFSET_MS).toISOString().slice(0, 10)

const fullFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false })
/** "2026/01/04 11:06" in the county's zone: where a list spans years (the review's case lists). */
export const formatFull = (t: Date | number | string) => fullFmt.format(new Date(t))

const secondsFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })
/** "2026/01/04 11:06:09" in the county's zone: where the order of events within a minute matters (the audit log). */
export const formatSeconds = (t: Date | number | string) => secondsFmt.format(new Date(t))
