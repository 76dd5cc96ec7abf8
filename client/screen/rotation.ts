import type { MessageKey } from '../i18n/messages'
import type { Layout } from '../lib/stage'
import type { CodeKind } from '../stores/codes'

export type Breakdown = 'category' | 'source' | 'level'

/** What each rotating slot of the wall shows for one turn. */
export interface RotationStep {
  /** The left-bottom slot: a breakdown or, on 16:9, the trend (wide walls show the trend apart). */
  left: Breakdown | 'trend'
  /** The wide layout's second breakdown: never the same as the first. */
  left2?: Breakdown
  /** The map: the warning colours, or the volunteer heat of the same map. */
  map: 'warnings' | 'heat'
  /** The side slot (16:9); wide walls show teams and the matrix apart, and the wishes, 双报到, 积分榜, 吹哨 and 趋势预警 here. */
  side: 'teams' | 'wishes' | 'matrix' | 'people' | 'points' | 'whistles' | 'surges'
  /** The volunteer heat's window, for the heat map and the weekday × hour matrix. */
  heatDays: 7 | 30
}

/**
 * The wall's rotation, turn by turn: one counter walks the table of the wall's layout (`?rotate=`
 * seconds a turn; a fresh red flag holds it). The map shows the warnings three turns in four.
 */
export const ROTATION: Record<Layout, readonly RotationStep[]> = {
  standard: [
    { left: 'category', map: 'warnings', side: 'teams', heatDays: 7 },
    { left: 'source', map: 'warnings', side: 'wishes', heatDays: 7 },
    { left: 'level', map: 'warnings', side: 'matrix', heatDays: 7 },
    { left: 'trend', map: 'heat', side: 'people', heatDays: 7 },
    { left: 'category', map: 'warnings', side: 'whistles', heatDays: 30 },
    { left: 'source', map: 'warnings', side: 'matrix', heatDays: 30 },
    { left: 'level', map: 'warnings', side: 'surges', heatDays: 30 },
    { left: 'trend', map: 'heat', side: 'points', heatDays: 30 },
  ],
  wide: [
    { left: 'category', left2: 'source', map: 'warnings', side: 'wishes', heatDays: 7 },
    { left: 'category', left2: 'level', map: 'warnings', side: 'people', heatDays: 7 },
    { left: 'category', left2: 'source', map: 'heat', side: 'whistles', heatDays: 7 },
    { left: 'category', left2: 'level', map: 'warnings', side: 'points', heatDays: 30 },
    { left: 'category', left2: 'source', map: 'warnings', side: 'surges', heatDays: 30 },
    { left: 'category', left2: 'level', map: 'heat', side: 'whistles', heatDays: 30 },
  ],
}

export const stepAt = (layout: Layout, tick: number): RotationStep => ROTATION[layout][((tick % ROTATION[layout].length) + ROTATION[layout].length) % ROTATION[layout].length]!

/** Each breakdown: its code table, its counts in the aggregates, its panel title. */
export const BREAKDOWNS: Record<Breakdown, { kind: CodeKind; key: 'byCategory' | 'bySource' | 'byLevel'; title: MessageKey }> = {
  category: { kind: 'category', key: 'byCategory', title: 'byCategory' },
  source: { kind: 'source', key: 'bySource', title: 'bySource' },
  level: { kind: 'closingLevel', key: 'byLevel', title: 'byLevel' },
}
