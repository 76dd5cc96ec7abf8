import type { Db } from '../client'
import { publishedFigures } from '../schema'
import { dayOf } from '../../server/domain/time'

/**
 * The figures the seeds publish, for 口径对账: what each article says, as a centre would enter
 * it (indicator, place, period, value, where it was published). Counts "to date" run to the
 * demo's today; cumulative ones from the first of January two years before. The figures the
 * product has no indicator for (85 党员突击队, the stations, 57 法治副校长) are not entered
 * (docs/INDICATORS.md, 口径对账).
 */
export function seedFigures(today: string): { regionCode: string; indicator: string; from: string; to: string; category?: string; value: number; atLeast?: boolean; source: string }[] {
  const year = Number(today.slice(0, 4))
  const ytd = { from: `${year}-01-01`, to: today }
  const all = { from: `${year - 2}-01-01`, to: today }
  const q1 = { from: '2026-01-01', to: '2026-03-31' }
  const xinjiang = '《“萤火微光”点亮新绛社区治理路》、新绛县综治中心一季度工作通报'
  return [
    { regionCode: '140825000000', indicator: 'disputes_accepted', ...q1, value: 765, source: '新绛县综治中心：今年一季度化解各类矛盾纠纷765件' },
    { regionCode: '140825000000', indicator: 'success_rate', ...q1, value: 96.47, source: '新绛县综治中心：成功率96.47%' },
    { regionCode: '140825000000', indicator: 'visitors', ...q1, value: 472, source: '新绛县综治中心：一季度共接待群众472人次' },
    { regionCode: '140825000000', indicator: 'organisations_reported', ...ytd, value: 92, source: xinjiang },
    { regionCode: '140825000000', indicator: 'members_reported', ...ytd, value: 1692, source: xinjiang },
    { regionCode: '140825000000', indicator: 'whistles_done', ...ytd, value: 232, source: '新绛县：今年年初以来已解决民生难题232件' },
    { regionCode: '140825000000', indicator: 'market_sessions', ...all, value: 460, atLeast: true, source: '新绛县：“萤火赶集日”累计服务超460场' },
    { regionCode: '140825000000', indicator: 'projects_done', ...all, value: 42, source: '新绛县：42个“微更新”项目' },
    { regionCode: '140825000000', indicator: 'awards_organisations', from: '2024-01-01', to: '2024-12-31', value: 38, source: '新绛县：2024年38个优秀机关党组织' },
    { regionCode: '140825000000', indicator: 'awards_members', from: '2024-01-01', to: '2024-12-31', value: 557, source: '新绛县：2024年557名优秀在职党员' },
    { regionCode: '140825000000', indicator: 'awards_organisations', from: '2025-01-01', to: '2025-12-31', value: 38, source: '新绛县：2025年38个优秀机关党组织' },
    { regionCode: '140825000000', indicator: 'awards_members', from: '2025-01-01', to: '2025-12-31', value: 495, source: '新绛县：2025年495名优秀在职党员' },
    { regionCode: '140826000000', indicator: 'team_disputes', ...all, value: 456, source: '绛县：“蓝色蒲公英”平安建设志愿服务队调解矛盾纠纷456起' },
    { regionCode: '140826000000', indicator: 'team_disputes_closed_rate', ...all, value: 100, source: '绛县：化解率100%' },
    { regionCode: '140826000000', indicator: 'needs_listed', ...all, value: 121, source: '绛县：各党群服务站收集社情民意121条' },
    { regionCode: '140826000000', indicator: 'whistles_done', ...all, value: 68, source: '绛县：解决群众反映各类问题68件' },
    { regionCode: '140826000000', indicator: 'disputes_resolved', ...all, category: 'neighbour', value: 32, source: '绛县：调解邻里纠纷32起' },
    { regionCode: '140828000000', indicator: 'organisations_reported', ...ytd, value: 82, source: '夏县：82个单位到社区报到' },
    { regionCode: '140828000000', indicator: 'members_reported', ...ytd, value: 1546, source: '夏县：1546名在职党员到社区报到' },
    { regionCode: '140828000000', indicator: 'teams', ...all, value: 95, source: '夏县：组建95支专业志愿服务队' },
    { regionCode: '140828000000', indicator: 'volunteers', ...all, value: 2580, atLeast: true, source: '夏县：2580余名小区志愿者' },
    { regionCode: '140828000000', indicator: 'needs_listed', ...all, value: 227, source: '夏县：收集群众需求227条' },
    { regionCode: '140828000000', indicator: 'team_sessions', ...all, value: 280, source: '夏县：开展志愿服务280场次' },
    { regionCode: '140828000000', indicator: 'people_served', ...all, value: 8420, atLeast: true, source: '夏县：服务群众8420余人次' },
  ]
}

/** Writes the seeds' figures for the counties the demo holds. */
export async function insertSeedFigures(db: Db, counties: string[], now: Date) {
  const rows = seedFigures(dayOf(now))
    .filter((f) => counties.includes(f.regionCode))
    .map((f) => ({ ...f, periodFrom: f.from, periodTo: f.to, category: f.category ?? null, atLeast: f.atLeast ?? false, note: '', createdBy: '演示数据', createdAt: now }))
  if (rows.length) await db.insert(publishedFigures).values(rows)
}
