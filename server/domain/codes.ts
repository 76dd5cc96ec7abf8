/**
 * Default code tables, written to the `codes` table on first start. A county edits the table
 * (a category, a time limit, a label) without touching code; validation reads the table.
 */
export interface CodeDef {
  code: string
  zh: string
  en: string
  meta?: Record<string, unknown>
}

export const CODE_KINDS = [
  'caseKind', 'category', 'source', 'scale', 'riskLevel', 'status', 'outcome', 'closingLevel',
  'satisfaction', 'team', 'postType', 'activityKind', 'wishChannel', 'wishStatus',
] as const
export type CodeKind = (typeof CODE_KINDS)[number]

export const DEFAULT_CODES: Record<CodeKind, CodeDef[]> = {
  caseKind: [
    { code: 'dispute', zh: '矛盾纠纷', en: 'Dispute' },
    { code: 'appeal', zh: '民生诉求', en: 'Appeal' },
  ],
  // complexity picks the default time limit when the source gives no deadline (see the warning rules' timeLimits).
  category: [
    { code: 'family', zh: '婚恋家庭', en: 'Marriage & family', meta: { complexity: 'mediation' } },
    { code: 'neighbour', zh: '邻里纠纷', en: 'Neighbours', meta: { complexity: 'ordinary' } },
    { code: 'wages', zh: '欠薪欠费', en: 'Unpaid wages & fees', meta: { complexity: 'complex' } },
    { code: 'property', zh: '物业服务', en: 'Property management', meta: { complexity: 'ordinary' } },
    { code: 'sanitation', zh: '环境卫生', en: 'Environment & sanitation', meta: { complexity: 'simple' } },
    { code: 'road', zh: '道路照明', en: 'Roads & lighting', meta: { complexity: 'ordinary' } },
    { code: 'parking', zh: '停车充电', en: 'Parking & EV charging', meta: { complexity: 'ordinary' } },
    { code: 'safety', zh: '安全隐患', en: 'Safety hazard', meta: { complexity: 'simple' } },
    { code: 'land', zh: '土地承包', en: 'Land & tenancy', meta: { complexity: 'complex' } },
  ],
  source: [
    { code: 'visit', zh: '来访', en: 'Walk-in visit' },
    { code: 'grid_daily', zh: '网格员日常排查', en: 'Grid patrol (routine)' },
    { code: 'grid_special', zh: '网格员专项排查', en: 'Grid patrol (special)' },
    { code: 'grid_key', zh: '网格员重点排查', en: 'Grid patrol (key)' },
    { code: 'hotline', zh: '12345热线', en: '12345 hotline' },
    { code: 'online', zh: '码上办', en: 'Online (码上办)' },
    { code: 'wishbox', zh: '心愿箱', en: 'Wish box' },
    // Cases of a centre's earlier ledger (台账) brought in by an import, when the ledger names no source.
    { code: 'ledger', zh: '台账导入', en: 'Ledger import' },
  ],
  scale: [
    { code: 'individual', zh: '个体', en: 'Individual' },
    { code: 'group', zh: '一般群体', en: 'Group' },
    { code: 'major_group', zh: '重大群体', en: 'Major group' },
  ],
  riskLevel: [
    { code: 'low', zh: '低', en: 'Low' },
    { code: 'medium', zh: '中', en: 'Medium' },
    { code: 'high', zh: '高', en: 'High' },
  ],
  status: [
    { code: 'reported', zh: '待受理', en: 'Reported' },
    { code: 'accepted', zh: '受理', en: 'Accepted' },
    { code: 'dispatched', zh: '分流', en: 'Dispatched' },
    { code: 'in_progress', zh: '办理', en: 'In progress' },
    { code: 'resolved', zh: '办结', en: 'Resolved' },
    { code: 'visited', zh: '回访', en: 'Visited back' },
    { code: 'archived', zh: '归档', en: 'Archived' },
  ],
  outcome: [
    { code: 'success', zh: '化解成功', en: 'Resolved successfully' },
    { code: 'failed', zh: '未成功', en: 'Not resolved' },
    { code: 'litigation', zh: '转诉讼仲裁', en: 'Referred to court/arbitration' },
  ],
  // The ladder, lowest first (server/domain/levels.ts); a ledger may write a level by any alias.
  closingLevel: [
    { code: 'grid', zh: '网格（小区）', en: 'Grid / compound', meta: { aliases: ['网格', '小区', '网格/小区', '网格级'] } },
    { code: 'village', zh: '村（社区）', en: 'Village / community', meta: { aliases: ['村', '社区', '村级', '社区级'] } },
    { code: 'town', zh: '乡镇（街道）', en: 'Town' },
    { code: 'county', zh: '县', en: 'County' },
  ],
  satisfaction: [
    { code: 'satisfied', zh: '满意', en: 'Satisfied' },
    { code: 'neutral', zh: '基本满意', en: 'Mostly satisfied' },
    { code: 'unsatisfied', zh: '不满意', en: 'Unsatisfied' },
  ],
  // 七彩蒲公英 (绛县), in the seed's words: the teams keep their own colours.
  team: [
    { code: 'red', zh: '红色·党建引领', en: 'Red · party building', meta: { color: '#e8414e' } },
    { code: 'orange', zh: '橙色·医疗救助', en: 'Orange · medical aid', meta: { color: '#ff8a3d' } },
    { code: 'yellow', zh: '黄色·便民利民', en: 'Yellow · convenience', meta: { color: '#ffd23f' } },
    { code: 'green', zh: '绿色·文明创建', en: 'Green · civilisation', meta: { color: '#3ccf6e' } },
    { code: 'cyan', zh: '青色·宣传教育', en: 'Cyan · publicity', meta: { color: '#2fd4e0' } },
    { code: 'blue', zh: '蓝色·平安建设', en: 'Blue · safety', meta: { color: '#3d8bff' } },
    { code: 'purple', zh: '紫色·文体活动', en: 'Purple · culture & sports', meta: { color: '#a66bff' } },
  ],
  // 五型岗位 (新绛县), in the seed's words.
  postType: [
    { code: 'publicity', zh: '党建宣传岗', en: 'Party publicity' },
    { code: 'caring', zh: '爱心守护岗', en: 'Caring' },
    { code: 'renewal', zh: '家园焕新岗', en: 'Home renewal' },
    { code: 'pioneer', zh: '文明先锋岗', en: 'Civilisation pioneer' },
    { code: 'safety', zh: '平安建设岗', en: 'Safety' },
  ],
  activityKind: [
    { code: 'clinic', zh: '义诊', en: 'Free clinic' },
    { code: 'legal', zh: '法律咨询', en: 'Legal advice' },
    { code: 'cleanup', zh: '环境整治', en: 'Clean-up' },
    { code: 'elderly', zh: '关爱老人', en: 'Elderly care' },
    { code: 'patrol', zh: '安全巡查', en: 'Safety patrol' },
    { code: 'repair', zh: '便民维修', en: 'Repairs' },
    { code: 'culture', zh: '文体活动', en: 'Culture & sports' },
    { code: 'publicity', zh: '政策宣讲', en: 'Policy talk' },
    // The teams' outcomes the seeds count: 代办, 入户走访, 调解, 集日服务.
    { code: 'errand', zh: '代办服务', en: 'Errands' },
    { code: 'home_visit', zh: '入户走访', en: 'Home visits' },
    { code: 'mediation', zh: '纠纷调解', en: 'Mediation' },
    { code: 'market', zh: '集日服务', en: 'Market-day service' },
  ],
  wishChannel: [
    { code: 'visit_day', zh: '走访日', en: 'Visit day' },
    { code: 'online', zh: '微心愿专栏', en: 'Online column' },
    { code: 'box', zh: '心愿箱', en: 'Wish box' },
  ],
  wishStatus: [
    { code: 'collected', zh: '征集', en: 'Collected' },
    { code: 'claimed', zh: '认领', en: 'Claimed' },
    { code: 'fulfilled', zh: '实现', en: 'Fulfilled' },
    { code: 'feedback', zh: '反馈', en: 'Feedback' },
  ],
}
