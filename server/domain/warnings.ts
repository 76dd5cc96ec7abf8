import type { Colour, Complexity, OpenCounts, RegionColour, WarningReason, WarningRules } from '../contract'
import { isOpen } from './lifecycle'
import { isoLocal } from './time'

/** The defaults from 新绛县's 三色预警 + 双重督办 practice; a county overrides them in `settings`. */
export const DEFAULT_WARNING_RULES: WarningRules = {
  groupSize: 5,
  warnDays: 3,
  warnFraction: 1 / 3,
  failedMediations: 2,
  repeatVisits: 3,
  repeatVisitDays: 90,
  timeLimits: { simple: 1, ordinary: 7, complex: 20, mediation: 30 },
  ladder: [
    { zh: '督办', en: 'Supervision', hours: 72 },
    { zh: '黄牌督办', en: 'Yellow-card supervision', hours: 48 },
    { zh: '红牌督办', en: 'Red-card supervision', hours: 24 },
  ],
  redFromStep: 3,
  autoNotice: true,
  successTarget: 95,
}

export interface ColourInputs {
  status: string
  reportedAt: Date
  acceptedAt: Date | null
  deadlineAt: Date | null
  scale: string
  peopleInvolved: number
  riskLevel: string
  /** Highest ladder step among the case's open supervision notices (0: none). */
  supervisionLevel: number
  failedMediations: number
  repeatVisits: number
}

const DAY = 86_400_000

/** The default deadline of a case accepted at `from`. */
export function deadlineFor(complexity: Complexity, from: Date, rules: WarningRules): Date {
  return new Date(+from + rules.timeLimits[complexity] * DAY)
}

/**
 * When the warning window opens: ≤ warnDays left, or ≤ warnFraction of the limit left, whichever
 * comes first (so the wider window). A limit of warnDays or less is in its window from the start.
 */
export function windowStart(c: Pick<ColourInputs, 'reportedAt' | 'acceptedAt' | 'deadlineAt'>, rules: WarningRules): Date | null {
  if (!c.deadlineAt) return null
  const limit = +c.deadlineAt - +(c.acceptedAt ?? c.reportedAt)
  return new Date(+c.deadlineAt - Math.max(rules.warnDays * DAY, limit * rules.warnFraction))
}

/** The three-colour warning of one case at `now`, with every reason behind it (not only the first). */
export function caseColour(c: ColourInputs, now: Date, rules: WarningRules): { colour: Colour; reasons: WarningReason[] } {
  if (!isOpen(c.status)) return { colour: 'green', reasons: [{ code: 'closed' }] }
  const red: WarningReason[] = []
  const yellow: WarningReason[] = []
  const deadline = c.deadlineAt ? isoLocal(c.deadlineAt) : null

  if (c.deadlineAt && +now >= +c.deadlineAt) red.push({ code: 'overdue', deadline: deadline! })
  else if (c.deadlineAt && +now >= +windowStart(c, rules)!) yellow.push({ code: 'due_soon', deadline: deadline! })

  if (c.scale !== 'individual' || c.peopleInvolved >= rules.groupSize) red.push({ code: 'group', scale: c.scale, people: c.peopleInvolved })
  if (c.riskLevel === 'high') red.push({ code: 'risk', level: 'high' })
  else if (c.riskLevel === 'medium') yellow.push({ code: 'risk', level: 'medium' })

  if (c.supervisionLevel > 0) {
    const step = rules.ladder[Math.min(c.supervisionLevel, rules.ladder.length) - 1]!
    const reason: WarningReason = { code: 'supervision', step: c.supervisionLevel, zh: step.zh, en: step.en }
    ;(c.supervisionLevel >= rules.redFromStep ? red : yellow).push(reason)
  }
  if (c.failedMediations >= rules.failedMediations) red.push({ code: 'failed_mediations', n: c.failedMediations })
  if (c.repeatVisits >= rules.repeatVisits) red.push({ code: 'repeat_visits', n: c.repeatVisits })

  if (red.length) return { colour: 'red', reasons: [...red, ...yellow] }
  if (yellow.length) return { colour: 'yellow', reasons: yellow }
  return { colour: 'green', reasons: [{ code: 'on_track', deadline }] }
}

/**
 * The next instant after `now` at which time alone changes the case's colour or reasons: the
 * opening of its warning window, then its deadline. Null once neither lies ahead (or closed).
 */
export function nextChangeAt(c: ColourInputs, now: Date, rules: WarningRules): Date | null {
  if (!isOpen(c.status) || !c.deadlineAt) return null
  const w = windowStart(c, rules)!
  if (+now < +w) return w
  if (+now < +c.deadlineAt) return c.deadlineAt
  return null
}

/** The latest time boundary at or before `now`: when a change found late actually fell due. */
export function lastBoundary(c: ColourInputs, now: Date, rules: WarningRules): Date | null {
  if (!c.deadlineAt) return null
  if (+now >= +c.deadlineAt) return c.deadlineAt
  const w = windowStart(c, rules)!
  return +now >= +w ? w : null
}

/** Red if any open red case; yellow if any open yellow case or the quarter rate is under target. */
export function regionColour(code: string, open: OpenCounts, successRate: number | null, rules: WarningRules): RegionColour {
  const reasons: RegionColour['reasons'] = []
  if (open.red > 0) reasons.push('open_red')
  if (open.yellow > 0) reasons.push('open_yellow')
  if (successRate !== null && successRate < rules.successTarget) reasons.push('below_target')
  const colour: Colour = open.red > 0 ? 'red' : reasons.length ? 'yellow' : 'green'
  return { code, colour, open: { ...open }, successRate, reasons }
}

/** JSON with sorted keys: jsonb does not keep the key order it was given. */
export const canonical = (v: unknown): string =>
  v && typeof v === 'object'
    ? Array.isArray(v)
      ? `[${v.map(canonical).join(',')}]`
      : `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`
    : JSON.stringify(v)

/** Structural equality of two reason lists (stored ones come back from jsonb in another key order). */
export function sameReasons(a: readonly WarningReason[], b: readonly WarningReason[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as unknown as Record<string, unknown>
    const y = b[i] as unknown as Record<string, unknown>
    const keys = Object.keys(x)
    if (keys.length !== Object.keys(y).length) return false
    for (const k of keys) if (x[k] !== y[k]) return false
  }
  return true
}
