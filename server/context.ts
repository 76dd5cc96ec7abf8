import type { Db } from '../db/client'
import type { Clock } from './domain/clock'
import type { LoginLimiter } from './auth/rateLimit'
import type { AppLimits } from './app'
import type { Leadership } from './leader'
import type { AccountStore } from './store/accounts'
import type { AuditStore } from './store/audit'
import type { UnitStore } from './store/units'
import type { PeopleStore } from './store/people'
import type { WhistleStore } from './store/whistles'
import type { ListStore } from './store/lists'
import type { PointsStore } from './store/points'
import type { RosterStore } from './store/roster'
import type { TrendStore } from './store/trends'
import type { ImportStore } from './store/imports'
import type { VisitStore } from './store/visits'
import type { WebhookStore } from './store/webhooks'
import type { Presence } from './realtime/presence'
import type { SessionStore } from './store/sessions'
import type { Boundaries } from './geo/boundaries'
import type { PdfFont } from './review/pdf'
import type { LiveModel } from './live/model'
import type { Hub } from './realtime/hub'
import type { ActivityStore } from './store/activities'
import type { CaseStore } from './store/cases'
import type { IndicatorStore } from './store/indicators'
import type { Registry } from './store/registry'
import type { WishStore } from './store/wishes'
import type { NoticeStore } from './store/notices'
import type { RulesStore } from './store/rules'
import type { WarningEngine } from './warnings/engine'
import type { LogTailer } from './log/tailer'

/** What route files receive: built once by createApp. */
export interface AppContext {
  db: Db
  clock: Clock
  registry: Registry
  model: LiveModel
  hub: Hub
  rules: RulesStore
  warnings: WarningEngine
  tailer: LogTailer
  /** The top of the region tree (server/store/registry.ts). */
  rootCode: string
  accounts: AccountStore
  audit: AuditStore
  /** 承办单位: the units directory. */
  units: UnitStore
  people: PeopleStore
  whistles: WhistleStore
  /** 三张清单 and 双向认领. */
  lists: ListStore
  /** 双轨积分制: 萤火能量值, 微光存折, 积分榜, 评优. */
  points: PointsStore
  /** 七彩蒲公英: teams and volunteers written by admins. */
  roster: RosterStore
  /** 趋势预警: places whose new cases of a category rose beyond their normal. */
  trends: TrendStore
  /** 台账导入: ledger imports, resumed by any node when their process stops. */
  imports: ImportStore
  /** 来访登记: visits at the window and the matters they are about. */
  visits: VisitStore
  /** Notices to phones: webhooks and their deliveries. */
  webhooks: WebhookStore
  presence: Presence
  sessions: SessionStore
  limiter: LoginLimiter
  limits: AppLimits
  /** Whether this node runs the clock-driven work (one node of those on a database). */
  leadership: Leadership
  boundaries: Boundaries
  /** The configured font for PDF exports, if any (else Debian's CJK fonts). */
  pdfFont?: PdfFont
  stores: { cases: CaseStore; notices: NoticeStore; activities: ActivityStore; wishes: WishStore; indicators: IndicatorStore }
}
