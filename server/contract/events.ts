/** Socket.IO events (`domain:verb`): every stream event carries its region, epoch and seq. */
import type { ActivitySummary, CaseSummary, LiveAggregates, Snapshot, WishSummary } from './views'
import type { Colour, NoticeView, RegionColour, WarningReason } from './warnings'

export interface StreamEnvelope {
  region: string
  epoch: string
  seq: number
}

export interface ServerToClientEvents {
  'case:created': (e: StreamEnvelope & { case: CaseSummary }) => void
  'case:updated': (e: StreamEnvelope & { case: CaseSummary }) => void
  'activity:recorded': (e: StreamEnvelope & { activity: ActivitySummary }) => void
  'wish:updated': (e: StreamEnvelope & { wish: WishSummary }) => void
  'indicators:updated': (e: StreamEnvelope & { aggregates: LiveAggregates }) => void
  /** A case changed colour (by time or by a write); `at` is when the rule fired. */
  'warning:changed': (e: StreamEnvelope & { caseId: number; from: Colour | null; to: Colour; reasons: WarningReason[]; at: string; case: CaseSummary }) => void
  /** A case turned red: the duty desk must act. */
  'redflag:raised': (e: StreamEnvelope & { case: CaseSummary; at: string }) => void
  /** A region's colour or the counts behind it changed (sent to the region and its ancestors). */
  'region:recoloured': (e: StreamEnvelope & { colour: RegionColour; from: Colour | null }) => void
  'supervision:issued': (e: StreamEnvelope & { notice: NoticeView }) => void
  'supervision:escalated': (e: StreamEnvelope & { notice: NoticeView; from: number }) => void
  'supervision:answered': (e: StreamEnvelope & { notice: NoticeView }) => void
}

export type SubscribeAck = { ok: true; snapshot: Snapshot } | { ok: false; error: string }

export interface ClientToServerEvents {
  'screen:subscribe': (req: { region: string }, ack: (res: SubscribeAck) => void) => void
}
