/**
 * 口径对账: the indicators a centre publishes that the product can compute from its own records,
 * and the other ways (口径) a published figure may have been counted. Pure, so the page's form and
 * the server share it (docs/INDICATORS.md, 口径对账).
 */

/** `stock`: a count at the period's end (双报到, 队伍); `period`: what happened within it; `rate`: a percentage. */
export type FigureKind = 'period' | 'stock' | 'rate'

export interface FigureDef {
  key: string
  zh: string
  unit: string
  kind: FigureKind
  /** Counted from cases, so the cases behind a difference can be listed; a category may be chosen. */
  cases?: boolean
}

export const FIGURES: FigureDef[] = [
  { key: 'disputes_accepted', zh: '受理（化解）矛盾纠纷', unit: '件', kind: 'period', cases: true },
  { key: 'disputes_resolved', zh: '办结矛盾纠纷', unit: '件', kind: 'period', cases: true },
  { key: 'disputes_successful', zh: '化解成功矛盾纠纷', unit: '件', kind: 'period', cases: true },
  { key: 'success_rate', zh: '矛盾纠纷化解成功率', unit: '%', kind: 'rate', cases: true },
  { key: 'team_disputes', zh: '志愿队伍调解矛盾纠纷', unit: '件', kind: 'period', cases: true },
  { key: 'team_disputes_closed_rate', zh: '志愿队伍调解办结率', unit: '%', kind: 'rate', cases: true },
  { key: 'visitors', zh: '接待群众', unit: '人次', kind: 'period' },
  { key: 'organisations_reported', zh: '双报到组织', unit: '个', kind: 'stock' },
  { key: 'members_reported', zh: '双报到在职党员', unit: '名', kind: 'stock' },
  { key: 'whistles_done', zh: '吹哨派单解决民生问题', unit: '件', kind: 'period' },
  { key: 'teams', zh: '志愿服务队', unit: '支', kind: 'stock' },
  { key: 'volunteers', zh: '志愿者', unit: '名', kind: 'stock' },
  { key: 'team_sessions', zh: '志愿服务场次', unit: '场', kind: 'period' },
  { key: 'people_served', zh: '服务群众', unit: '人次', kind: 'period' },
  { key: 'market_sessions', zh: '集日（赶集日）服务场次', unit: '场', kind: 'period' },
  { key: 'needs_listed', zh: '需求清单征集', unit: '条', kind: 'period' },
  { key: 'projects_done', zh: '项目清单完成', unit: '个', kind: 'period' },
  { key: 'wishes_collected', zh: '微心愿征集', unit: '个', kind: 'period' },
  { key: 'wishes_fulfilled', zh: '微心愿实现', unit: '个', kind: 'period' },
  { key: 'awards_organisations', zh: '评优组织（按积分规则）', unit: '个', kind: 'period' },
  { key: 'awards_members', zh: '评优党员（按积分规则）', unit: '名', kind: 'period' },
]
export const FIGURE_KEYS = FIGURES.map((f) => f.key) as [string, ...string[]]
export const figureDef = (key: string) => FIGURES.find((f) => f.key === key)

/**
 * Whether a computed value agrees with a published one: a count exactly; a rate to the published
 * figure's own precision (96.47 agrees with 96.4705…; 100 with 99.996).
 */
export function agrees(published: number, computed: number | null, kind: FigureKind): boolean {
  if (computed === null) return false
  if (kind !== 'rate') return published === computed
  const decimals = Math.min(4, (String(published).split('.')[1] ?? '').length)
  return Math.abs(published - computed) < 0.5 * 10 ** -decimals + 1e-9
}
