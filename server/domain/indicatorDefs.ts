import type { ReviewIndicators } from '../contract'

/**
 * The review's indicators, in the order leaders read them: one list for the page's cards, the
 * workbook and the PDF (definitions in docs/INDICATORS.md). Pure, so the client shares it.
 */
export interface IndicatorDef {
  key: string
  zh: string
  en: string
  /** `rate`: a percentage (change in points); `count`: a number (change in per cent). */
  kind: 'count' | 'rate' | 'hours'
  /** The case set behind the number, when it has one (click → those cases). */
  cases?: 'accepted' | 'resolved' | 'successful' | 'overdue' | 'open' | 'unsatisfied'
  value: (i: ReviewIndicators) => number | null
}

export const INDICATORS: IndicatorDef[] = [
  { key: 'accepted', zh: '受理数', en: 'Accepted', kind: 'count', cases: 'accepted', value: (i) => i.accepted },
  { key: 'resolved', zh: '办结数', en: 'Resolved', kind: 'count', cases: 'resolved', value: (i) => i.resolved },
  { key: 'successful', zh: '化解成功数', en: 'Resolved successfully', kind: 'count', cases: 'successful', value: (i) => i.successful },
  { key: 'successRate', zh: '化解成功率', en: 'Success rate', kind: 'rate', value: (i) => i.successRate },
  { key: 'onTimeRate', zh: '按期办结率', en: 'Closed on time', kind: 'rate', value: (i) => i.onTimeRate },
  { key: 'overdue', zh: '超期数', en: 'Overdue', kind: 'count', cases: 'overdue', value: (i) => i.overdue },
  { key: 'open', zh: '在办数', en: 'Still open', kind: 'count', cases: 'open', value: (i) => i.open },
  { key: 'avgHandlingHours', zh: '平均办理时长（小时）', en: 'Average handling (hours)', kind: 'hours', value: (i) => i.avgHandlingHours },
  { key: 'localRate', zh: '就地化解率', en: 'Resolved in the village', kind: 'rate', value: (i) => i.localRate },
  { key: 'smallStayRate', zh: '小事不出小区率', en: 'Small matters kept in the grid', kind: 'rate', value: (i) => i.ladder.smallStayRate },
  { key: 'bigStayRate', zh: '大事不出社区率', en: 'Larger matters kept in the community', kind: 'rate', value: (i) => i.ladder.bigStayRate },
  { key: 'visitRate', zh: '回访率', en: 'Visited back', kind: 'rate', value: (i) => i.visitRate },
  { key: 'satisfactionRate', zh: '满意率', en: 'Satisfaction', kind: 'rate', value: (i) => i.satisfactionRate },
  { key: 'noticesIssued', zh: '督办提示函', en: 'Supervision notices', kind: 'count', value: (i) => i.notices.issued },
  { key: 'noticesOnTime', zh: '督办按期回复率', en: 'Notices answered on time', kind: 'rate', value: (i) => i.notices.onTimeRate },
  { key: 'volunteerHours', zh: '志愿服务时长（小时）', en: 'Volunteer hours', kind: 'hours', value: (i) => i.volunteers.hours },
  { key: 'volunteerSessions', zh: '志愿服务场次', en: 'Volunteer sessions', kind: 'count', value: (i) => i.volunteers.sessions },
  { key: 'peopleServed', zh: '服务群众人次', en: 'People served', kind: 'count', value: (i) => i.volunteers.peopleServed },
  { key: 'wishesCollected', zh: '微心愿征集', en: 'Wishes collected', kind: 'count', value: (i) => i.wishes.collected },
  { key: 'wishesFulfilled', zh: '微心愿实现', en: 'Wishes fulfilled', kind: 'count', value: (i) => i.wishes.fulfilled },
  { key: 'fulfilRate', zh: '微心愿实现率', en: 'Wishes fulfilled rate', kind: 'rate', value: (i) => i.wishes.fulfilRate },
  { key: 'visitors', zh: '接待群众人次', en: 'Visitors received', kind: 'count', value: (i) => i.visitors.people },
  { key: 'repeatVisits', zh: '重复访（次）', en: 'Repeat visits', kind: 'count', value: (i) => i.visitors.repeat },
  { key: 'organisationsReported', zh: '双报到组织数', en: 'Organisations reported', kind: 'count', value: (i) => i.reporting.organisations },
  { key: 'membersReported', zh: '双报到党员数', en: 'Party members reported', kind: 'count', value: (i) => i.reporting.members },
  { key: 'activePeople', zh: '参与服务党员志愿者（人）', en: 'Members and volunteers who served', kind: 'count', value: (i) => i.people.active },
  { key: 'whistled', zh: '吹哨派单数', en: 'Whistles blown', kind: 'count', value: (i) => i.people.whistled },
  { key: 'whistlesDone', zh: '吹哨办结数', en: 'Whistles done', kind: 'count', value: (i) => i.people.whistlesDone },
  { key: 'takenOnTimeRate', zh: '按时接单率', en: 'Taken within the limit', kind: 'rate', value: (i) => i.people.takenOnTimeRate },
  { key: 'needsListed', zh: '需求清单征集', en: 'Needs listed', kind: 'count', value: (i) => i.people.needs },
  { key: 'projectsDone', zh: '项目清单完成', en: 'Projects done', kind: 'count', value: (i) => i.people.projectsDone },
]

/** Change from `before` to `now`: points for rates, per cent for counts; null when undefined. */
export function change(def: Pick<IndicatorDef, 'kind'>, now: number | null, before: number | null): number | null {
  if (now === null || before === null) return null
  if (def.kind === 'rate') return Math.round((now - before) * 100) / 100
  if (before === 0) return null
  return Math.round(((now - before) / before) * 10000) / 100
}

/** "+3.25%" / "−1.20个百分点" / "—". */
export function changeText(def: Pick<IndicatorDef, 'kind'>, c: number | null, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  if (c === null) return '—'
  const sign = c > 0 ? '+' : c < 0 ? '−' : '±'
  const abs = Math.abs(c).toFixed(2)
  return def.kind === 'rate' ? `${sign}${abs}${lang === 'en' ? ' pts' : '个百分点'}` : `${sign}${abs}%`
}

/** A value as leaders read it: "96.47%", "765", "36.5", or "—" when undefined. */
export function valueText(def: Pick<IndicatorDef, 'kind'>, v: number | null): string {
  if (v === null) return '—'
  return def.kind === 'rate' ? `${v.toFixed(2)}%` : String(v)
}
