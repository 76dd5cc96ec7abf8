import type { Briefing, BriefingBefore, BriefingBlock, IndicatorBlock, ReviewIndicators, ReviewRankRow, ReviewView } from '../contract'
import { change, changeText, INDICATORS, valueText } from '../domain/indicatorDefs'
import { quarterLabel } from '../domain/quarters'
import { MIN_SAMPLE } from '../domain/ranking'
import { barsChart, trendChart } from './briefingCharts'
import { CHILD_WORDS, KIND_WORDS } from './kindWords'
import { zhCount, zhCountChange, zhDate, zhHours, zhList, zhMonthDay, zhRate, zhRateChange, zhShare } from './zhText'

/**
 * 研判报告: a region's quarter told in sentences, each built from the review's numbers by a rule
 * written here (docs/INDICATORS.md, 研判报告). Nothing is invented and nothing depends on the
 * time it is made: the same data gives the same report, word for word.
 *
 * `view` is the quarter's review and `before` the previous quarter's categories and places (for
 * what rose and fell, view.ts reviewBefore); `name` turns a category code into its name.
 */
export function buildBriefing(view: ReviewView, before: BriefingBefore, name: (kind: 'category', code: string) => string): Briefing {
  const k = KIND_WORDS[view.kind]
  return {
    region: view.region,
    quarter: view.quarter,
    kind: view.kind,
    title: `${view.region.name}${view.label}${k}研判报告`,
    subtitle: `统计区间：${zhDate(view.from)}至${zhDate(view.to)}${view.current ? '（本季度截至当日，环比、同比按相同天数比较）' : ''}`,
    sections: [
      { heading: '一、总体情况', blocks: overall(view, name) },
      { heading: '二、升降变化', blocks: changes(view, before, name) },
      { heading: '三、超期与督办', blocks: overdue(view) },
      { heading: '四、趋势预警', blocks: trends(view) },
      { heading: '五、群众工作与志愿服务', blocks: people(view.indicators) },
      { heading: '附表：主要指标对照', blocks: [indicatorTable(view)] },
    ],
  }
}

const p = (text: string): BriefingBlock => ({ type: 'p', text })

/** A comparison with another quarter, or why there is none. */
function compare(now: IndicatorBlock, other: { quarter: string; indicators: IndicatorBlock; partial: boolean }, what: string): string {
  const label = `${what}（${quarterLabel(other.quarter)}）`
  if (other.partial) return `${label}的记录不完整，不作比较。`
  const b = other.indicators
  const rate = zhRateChange(now.successRate, b.successRate)
  return `与${label}相比，受理数${zhCountChange(now.accepted, b.accepted, '件')}，化解成功数${zhCountChange(now.successful, b.successful, '件')}，化解成功率${rate ?? '无法比较（一方无受理）'}。`
}

function overall(v: ReviewView, name: (kind: 'category', code: string) => string): BriefingBlock[] {
  const i = v.indicators
  const k = KIND_WORDS[v.kind]
  const out: BriefingBlock[] = []
  if (!i.accepted) out.push(p(`${v.label}，${v.region.name}未受理${k}。`))
  else {
    const onTime = i.onTimeRate === null ? '' : `按期办结率${zhRate(i.onTimeRate)}，`
    const hours = i.avgHandlingHours === null ? '' : `平均办理时长${zhHours(i.avgHandlingHours)}小时，`
    out.push(p(`${v.label}，${v.region.name}共受理${k}${zhCount(i.accepted)}件，化解成功${zhCount(i.successful)}件，化解成功率${zhRate(i.successRate)}；本季度办结${zhCount(i.resolved)}件，${onTime}${hours}`.replace(/[，；]$/, '。')))
  }
  out.push(p(compare(i, v.previous, '上季度') + compare(i, v.lastYear, '去年同期')))
  const l = i.ladder
  const parts = [`本季度受理的${k}中，目前仍在办${zhCount(i.open)}件，超期${zhCount(i.overdue)}件。`]
  if (l.closed.grid + l.closed.village + l.closed.town + l.closed.county) {
    parts.push(`本季度办结的案件中，网格（小区）化解${zhCount(l.closed.grid)}件、村（社区）${zhCount(l.closed.village)}件、乡镇${zhCount(l.closed.town)}件、县级${zhCount(l.closed.county)}件，就地化解率${zhRate(i.localRate)}；`)
    parts.push(`小事不出小区率${zhRate(l.smallStayRate)}，大事不出社区率${zhRate(l.bigStayRate)}`)
    const leak = [...v.leaks].sort((a, b) => b.past.village - a.past.village || a.category.localeCompare(b.category))[0]
    parts.push(leak && leak.past.village ? `；上报至乡镇及以上最多的类别是${name('category', leak.category)}（${zhCount(leak.past.village)}件）。` : '。')
  }
  if (i.visitRate !== null) parts.push(`回访率${zhRate(i.visitRate)}${i.satisfactionRate === null ? '' : `，满意率${zhRate(i.satisfactionRate)}`}。`)
  out.push(p(parts.join('')))
  out.push(trendChart(v.trend.map((t) => ({ label: t.quarter.replace(/^(\d{4})Q(\d)$/, (_, y: string, n: string) => `${y}年\n${'一二三四'[Number(n) - 1]}季度`), accepted: t.block.accepted, successRate: t.block.successRate, partial: t.partial }))))
  return out
}

/** The largest rise and the largest fall between two sets of counts, by key (ties: the first name). */
function moves(now: Map<string, number>, before: Map<string, number>, label: (key: string) => string) {
  const keys = [...new Set([...now.keys(), ...before.keys()])].sort((a, b) => label(a).localeCompare(label(b), 'zh-CN'))
  const d = keys.map((key) => ({ key, now: now.get(key) ?? 0, before: before.get(key) ?? 0 })).map((x) => ({ ...x, d: x.now - x.before }))
  const up = d.filter((x) => x.d > 0).sort((a, b) => b.d - a.d)[0]
  const down = d.filter((x) => x.d < 0).sort((a, b) => a.d - b.d)[0]
  const words = (x: { key: string; now: number; before: number }) => `${label(x.key)}（${zhCountChange(x.now, x.before, '件')}）`
  if (!up && !down) return '各项均与上季度持平。'
  return [up ? `较上季度增加最多的是${words(up)}` : '与上季度相比无一增加', down ? `减少最多的是${words(down)}` : '无一减少'].join('；') + '。'
}

/** The first three by count, with their counts and shares. */
function top(entries: [string, number][], label: (key: string) => string, total: number): string {
  const first = entries.filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || label(a[0]).localeCompare(label(b[0]), 'zh-CN')).slice(0, 3)
  return zhList(first.map(([key, n]) => `${label(key)}（${zhCount(n)}件，${zhShare(n, total)}）`))
}

function changes(v: ReviewView, before: BriefingBefore, name: (kind: 'category', code: string) => string): BriefingBlock[] {
  const out: BriefingBlock[] = []
  const cat = (code: string) => name('category', code)
  const total = Object.values(v.byCategory).reduce((a, b) => a + b, 0)
  const comparable = !v.previous.partial
  if (!total) out.push(p('本季度无受理，不作分类别、分地区分析。'))
  else {
    const byCat = `分类别看，受理较多的是${top(Object.entries(v.byCategory), cat, total)}。`
    out.push(p(byCat + (comparable ? moves(new Map(Object.entries(v.byCategory)), new Map(Object.entries(before.byCategory)), cat) : '')))
    const shown = Object.entries(v.byCategory).sort((a, b) => b[1] - a[1] || cat(a[0]).localeCompare(cat(b[0]), 'zh-CN')).slice(0, 8)
    out.push(
      barsChart('category', comparable ? '受理数较多的类别：本季度与上季度' : '受理数较多的类别', shown.map(([c]) => cat(c)), [
        { name: '本季度', values: shown.map(([, n]) => n) },
        ...(comparable ? [{ name: '上季度', values: shown.map(([c]) => before.byCategory[c] ?? 0), pale: true }] : []),
      ]),
    )
  }
  if (v.children.length && total) out.push(...places(v, before, comparable))
  return out
}

/** By child region: the most cases, the biggest moves, the lowest success rate among those with enough cases, and a table. */
function places(v: ReviewView, before: BriefingBefore, comparable: boolean): BriefingBlock[] {
  const word = CHILD_WORDS[v.region.level] ?? '下级地区'
  const names = new Map(v.children.map((c) => [c.code, c.name]))
  const label = (code: string) => names.get(code) ?? code
  const accepted = (rows: ReviewRankRow[]) => new Map(rows.map((c) => [c.code, c.block.accepted]))
  const total = v.indicators.accepted
  let text = `分${word}看，受理较多的是${top(v.children.map((c) => [c.code, c.block.accepted]), label, total)}。`
  if (comparable) text += moves(accepted(v.children), accepted(before.children), label)
  const ranked = v.children.filter((c) => c.block.accepted >= MIN_SAMPLE && c.block.successRate !== null)
  const lowest = [...ranked].sort((a, b) => a.block.successRate! - b.block.successRate! || a.name.localeCompare(b.name, 'zh-CN'))[0]
  if (lowest) {
    const below = ranked.filter((c) => c.block.successRate! < v.successTarget).length
    text += `受理${MIN_SAMPLE}件以上的${word}中，化解成功率最低的是${lowest.name}（${zhRate(lowest.block.successRate)}）`
    text += below ? `，有${below}个低于${v.successTarget}%的目标。` : `，均达到${v.successTarget}%的目标。`
  }
  const rows = [...v.children].sort((a, b) => b.block.accepted - a.block.accepted || a.name.localeCompare(b.name, 'zh-CN'))
  const shown = rows.slice(0, 15)
  const prev = accepted(before.children)
  const table: BriefingBlock = {
    type: 'table',
    caption: `各${word}情况${rows.length > shown.length ? `（受理数前${shown.length}个，共${rows.length}个）` : ''}`,
    head: [word, '受理数', comparable ? '较上季度' : '上季度', '化解成功数', '化解成功率', '超期数'],
    numeric: [false, true, true, true, true, true],
    rows: shown.map((c) => {
      const d = c.block.accepted - (prev.get(c.code) ?? 0)
      return [c.name, zhCount(c.block.accepted), comparable ? (d > 0 ? `+${d}` : d < 0 ? `−${-d}` : '0') : '—', zhCount(c.block.successful), zhRate(c.block.successRate), zhCount(c.block.overdue)]
    }),
  }
  return [p(text), barsChart('places', `各${word}受理数${rows.length > shown.length ? `（前${shown.length}个）` : ''}`, shown.map((c) => c.name), [{ name: '受理数', values: shown.map((c) => c.block.accepted) }]), table]
}

function overdue(v: ReviewView): BriefingBlock[] {
  const i = v.indicators
  const out: string[] = []
  if (!i.overdue) out.push(`本季度受理的案件无超期。`)
  else {
    const spots = v.children.filter((c) => c.block.overdue > 0).sort((a, b) => b.block.overdue - a.block.overdue || a.name.localeCompare(b.name, 'zh-CN')).slice(0, 3)
    out.push(`本季度受理的案件中超期${zhCount(i.overdue)}件${spots.length ? `，主要集中在${zhList(spots.map((c) => `${c.name}（${zhCount(c.block.overdue)}件）`))}` : ''}。`)
  }
  const late = v.units.filter((u) => u.overdue > 0).sort((a, b) => b.overdue - a.overdue || a.unit.name.localeCompare(b.unit.name, 'zh-CN')).slice(0, 3)
  if (late.length) out.push(`承办单位中，超期较多的是${zhList(late.map((u) => `${u.unit.name}（派单${zhCount(u.dispatched)}件，超期${zhCount(u.overdue)}件，按期办结率${zhRate(u.onTimeRate)}）`))}。`)
  else if (v.units.length) out.push(`派单的${zhCount(v.units.length)}个承办单位均无超期。`)
  const n = i.notices
  if (n.issued) {
    const escalated = v.units.reduce((a, u) => a + u.escalated, 0)
    out.push(`本季度发出督办提示函${zhCount(n.issued)}份，已回复${zhCount(n.answered)}份，其中按期回复${zhCount(n.answeredOnTime)}份，按期回复率${zhRate(n.onTimeRate)}${escalated ? `；逾期升级督办${zhCount(escalated)}份` : ''}。`)
  } else out.push('本季度未发出督办提示函。')
  const blocks: BriefingBlock[] = [p(out.join(''))]
  const units = [...v.units].sort((a, b) => b.dispatched - a.dispatched || a.unit.name.localeCompare(b.unit.name, 'zh-CN')).slice(0, 8)
  if (units.length)
    blocks.push({
      type: 'table',
      caption: `承办单位情况${v.units.length > units.length ? `（派单数前${units.length}个，共${v.units.length}个）` : ''}`,
      head: ['承办单位', '派单数', '办结数', '按期办结率', '超期数', '督办函'],
      numeric: [false, true, true, true, true, true],
      rows: units.map((u) => [u.unit.name, zhCount(u.dispatched), zhCount(u.resolved), zhRate(u.onTimeRate), zhCount(u.overdue), zhCount(u.notices)]),
    })
  return blocks
}

function trends(v: ReviewView): BriefingBlock[] {
  const flags = [...v.trends].sort((a, b) => a.raisedAt.localeCompare(b.raisedAt) || a.id - b.id)
  if (!flags.length) return [p('本季度未触发趋势预警（方法见《预警规则》：近7天新增与本地前12周同星期常态相比，显著升高且不少于5件时预警）。')]
  const places = new Set(flags.map((f) => f.regionCode)).size
  const cleared = flags.filter((f) => f.clearedAt).length
  const shown = flags.slice(0, 10)
  const out: BriefingBlock[] = [
    p(`本季度共触发趋势预警${flags.length}项，涉及${places}个地方，其中${cleared}项已解除、${flags.length - cleared}项仍在预警：`),
    { type: 'list', items: shown.map((f) => `${zhMonthDay(f.raisedAt)}：${f.reason}${f.clearedAt ? `（${zhMonthDay(f.clearedAt)}解除）` : '（仍在预警）'}`) },
  ]
  if (flags.length > shown.length) out.push(p(`另有${flags.length - shown.length}项，见季度研判页面的趋势预警。`))
  return out
}

function people(i: ReviewIndicators): BriefingBlock[] {
  const v = i.volunteers
  const pp = i.people
  return [
    p(`接待群众${zhCount(i.visitors.people)}人次（来访${zhCount(i.visitors.visits)}批次，其中重复访${zhCount(i.visitors.repeat)}次）。开展志愿服务${zhCount(v.sessions)}场次，服务时长${zhHours(v.hours)}小时，服务群众${zhCount(v.peopleServed)}人次。`),
    p(
      `截至季末，${zhCount(i.reporting.organisations)}个党组织、${zhCount(i.reporting.members)}名党员到社区双报到；本季度参与服务的党员和志愿者${zhCount(pp.active)}人。` +
        `吹哨派单${zhCount(pp.whistled)}件，办结${zhCount(pp.whistlesDone)}件${pp.takenOnTimeRate === null ? '' : `，按时接单率${zhRate(pp.takenOnTimeRate)}`}；` +
        `征集需求清单${zhCount(pp.needs)}项，完成项目清单${zhCount(pp.projectsDone)}个；征集微心愿${zhCount(i.wishes.collected)}个，实现${zhCount(i.wishes.fulfilled)}个。`,
    ),
  ]
}

/** Every review indicator against the previous quarter and the same quarter a year before. */
function indicatorTable(v: ReviewView): BriefingBlock {
  const note = (o: { quarter: string; partial: boolean }, what: string) => `${what}为${quarterLabel(o.quarter)}${o.partial ? '（记录不完整，不作比较）' : ''}`
  return {
    type: 'table',
    caption: `${v.region.name}${v.label}主要指标（${note(v.previous, '上季度')}，${note(v.lastYear, '去年同期')}）`,
    head: ['指标', '本季度', '上季度', '环比', '去年同期', '同比'],
    numeric: [false, true, true, true, true, true],
    rows: INDICATORS.map((d) => {
      const now = d.value(v.indicators)
      const prev = v.previous.partial ? null : d.value(v.previous.indicators)
      const year = v.lastYear.partial ? null : d.value(v.lastYear.indicators)
      return [d.zh, valueText(d, now), valueText(d, prev), changeText(d, change(d, now, prev)), valueText(d, year), changeText(d, change(d, now, year))]
    }),
  }
}
