import { CHILD_WORDS, KIND_WORDS } from './kindWords'
import type { ReviewView } from '../contract'
import { change, changeText, INDICATORS } from '../domain/indicatorDefs'
import type { Registry } from '../store/registry'
import { byOnTimeRate, isRanked, MIN_RESOLVED, UNIT_LEVELS } from '../domain/unitRank'
import { MIN_SAMPLE } from '../domain/ranking'

/** A cell: numbers stay numbers (a spreadsheet can sum them); null is "—". */
/** What a region's children are called, by its level. */
const CHILDREN: Record<string, string> = { province: '市', city: '县（市、区）', county: '乡镇', town: '村社区' }

export type Cell = string | number | null

export interface ReviewTable {
  /** Sheet name (≤ 31 characters). */
  name: string
  title: string
  headers: string[]
  /** Which columns are percentages (shown with %; stored as the number). */
  percent?: number[]
  rows: Cell[][]
}

/** The review as tables: one implementation behind the workbook and the PDF. */
export function reviewTables(v: ReviewView, registry: Registry): ReviewTable[] {
  const label = (kind: string, code: string) => registry.code(kind as never, code)?.zh ?? code
  const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0)
  const share = (n: number, all: number) => (all ? Math.round((n / all) * 10000) / 100 : null)
  const cards: ReviewTable = {
    name: '核心指标',
    title: `${v.region.name} ${v.label}核心指标（${KIND_WORDS[v.kind]}）`,
    headers: ['指标', v.label, `上季度（${v.previous.quarter}${v.previous.partial ? '，数据不全' : v.current ? '，至同日' : ''}）`, '环比', `去年同期（${v.lastYear.quarter}${v.lastYear.partial ? '，数据不全' : v.current ? '，至同日' : ''}）`, '同比'],
    // A quarter the records only partly cover is not compared: its figures and the change are "—".
    rows: INDICATORS.map((d) => {
      const now = d.value(v.indicators)
      const prev = v.previous.partial ? null : d.value(v.previous.indicators)
      const year = v.lastYear.partial ? null : d.value(v.lastYear.indicators)
      // A change as text with its unit: counts change in %, rates in 个百分点.
      const delta = (before: number | null) => (before === null ? null : changeText(d, change(d, now, before)))
      return [d.kind === 'rate' ? `${d.zh}（%）` : d.zh, now, prev, delta(prev), year, delta(year)]
    }),
  }
  let ranked = 0
  const small = (b: { accepted: number }) => b.accepted < MIN_SAMPLE
  const ranking: ReviewTable = {
    name: `${CHILDREN[v.region.level] ?? '下级'}排名`,
    title: `${v.region.name}各${CHILD_WORDS[v.region.level] ?? '下级'}排名（${KIND_WORDS[v.kind]}，按化解成功率，受理 ${MIN_SAMPLE} 件以上）`,
    headers: ['排名', '地区', '受理数', '办结数', '化解成功数', '化解成功率（%）', '按期办结率（%）', '超期数', '平均办理时长（小时）'],
    // As on the page: a rate over fewer than MIN_SAMPLE cases is listed after, unranked (—).
    rows: [...v.children]
      .sort((a, b) => Number(small(a.block)) - Number(small(b.block)) || (b.block.successRate ?? -1) - (a.block.successRate ?? -1) || b.block.accepted - a.block.accepted)
      .map((c) => [small(c.block) || c.block.successRate === null ? '—' : ++ranked, c.name, c.block.accepted, c.block.resolved, c.block.successful, c.block.successRate, c.block.onTimeRate, c.block.overdue, c.block.avgHandlingHours]),
  }
  const breakdown = (name: string, kind: string, data: Record<string, number>): ReviewTable => ({
    name,
    title: `${v.region.name} ${v.label}${KIND_WORDS[v.kind]}${name}`,
    headers: [name.replace('构成', ''), '受理数', '占比（%）'],
    rows: Object.entries(data)
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => [label(kind, code), n, share(n, total(data))]),
  })
  const trend: ReviewTable = {
    name: '近八季度',
    title: `${v.region.name}近八个季度${KIND_WORDS[v.kind]}走势`,
    headers: ['季度', '受理数', '办结数', '化解成功数', '化解成功率（%）', '按期办结率（%）'],
    rows: v.trend.map((t) => [`${t.quarter}${t.partial ? '（不完整）' : ''}`, t.block.accepted, t.block.resolved, t.block.successful, t.block.successRate, t.block.onTimeRate]),
  }
  const teams: ReviewTable = {
    name: '志愿服务',
    title: `${v.region.name} ${v.label}志愿服务（七彩蒲公英）`,
    headers: ['服务队', '场次', '服务时长（小时）', '服务群众人次'],
    rows: v.indicators.volunteers.byTeam.map((t) => [label('team', t.team), t.sessions, t.hours, t.peopleServed]),
  }
  let rank = 0
  const units: ReviewTable = {
    name: '承办单位',
    title: `${v.region.name} ${v.label}承办单位（${KIND_WORDS[v.kind]}，按期办结率排名，办结 ${MIN_RESOLVED} 件以上）`,
    headers: ['排名', '承办单位', '层级', '派单数', '办结数', '按期办结数', '按期办结率（%）', '超期数', '在办数', '督办数', '升级督办数'],
    rows: byOnTimeRate(v.units).map((u) => [isRanked(u) ? ++rank : '—', u.unit.name, UNIT_LEVELS[u.unit.level] ?? '', u.dispatched, u.resolved, u.onTime, u.onTimeRate, u.overdue, u.open, u.notices, u.escalated]),
  }
  return [cards, ...(v.children.length ? [ranking] : []), ...(v.units.length ? [units] : []), breakdown('类别构成', 'category', v.byCategory), breakdown('来源构成', 'source', v.bySource), trend, teams]
}
