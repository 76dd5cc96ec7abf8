import type { WarningReason } from '../contract'

/** The screens' languages: zh-CN first, English second. */
type Lang = 'zh-CN' | 'en'

const H = 3_600_000
const D = 24 * H

/** "3天" / "5小时" / "20分钟": the largest whole unit of a span. */
function span(ms: number, lang: Lang): string {
  const [n, zh, en] = ms >= D ? [Math.floor(ms / D), '天', 'd'] : ms >= H ? [Math.floor(ms / H), '小时', 'h'] : [Math.max(1, Math.floor(ms / 60_000)), '分钟', 'min']
  return lang === 'en' ? `${n} ${en}` : `${n}${zh}`
}

/**
 * A warning reason as words. Overdue and due-soon reasons carry the deadline, not a count, so
 * "超期2天" is always as of the screen's clock and never a figure frozen when it was sent.
 */
export function reasonText(r: WarningReason, now: number, lang: Lang): string {
  const en = lang === 'en'
  switch (r.code) {
    case 'overdue':
      return en ? `Overdue ${span(now - Date.parse(r.deadline), lang)}` : `超期${span(now - Date.parse(r.deadline), lang)}`
    case 'due_soon':
      return en ? `Due in ${span(Math.max(0, Date.parse(r.deadline) - now), lang)}` : `临期·剩${span(Math.max(0, Date.parse(r.deadline) - now), lang)}`
    case 'group':
      return en ? `${r.scale === 'major_group' ? 'Major group' : 'Group'}, ${r.people} people` : `${r.scale === 'major_group' ? '重大群体' : '群体性'}, ${r.people}人`
    case 'risk':
      return en ? `${r.level === 'high' ? 'High' : 'Medium'} risk` : `${r.level === 'high' ? '高' : '中'}风险`
    case 'supervision':
      return en ? r.en : r.zh
    case 'failed_mediations':
      return en ? `${r.n} failed mediations` : `调解未成功${r.n}次`
    case 'repeat_visits':
      return en ? `Repeat visits: ${r.n} times about it` : `重复访：同一事项来访${r.n}次`
    case 'on_track':
      return en ? 'On track' : '按期办理中'
    case 'closed':
      return en ? 'Closed' : '已办结'
  }
}

export const reasonsText = (rs: readonly WarningReason[], now: number, lang: Lang) => rs.map((r) => reasonText(r, now, lang)).join(lang === 'en' ? '; ' : '；')
