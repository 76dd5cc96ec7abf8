import type { Colour } from '../contract'
import { isOpen } from './lifecycle'

export interface ColourRules {
  /** People involved at or above which a case is red. */
  groupSize: number
  /** Yellow when at most this many days are left … */
  warnDays: number
  /** … or at most this fraction of the time limit, whichever comes first. */
  warnFraction: number
}

export const DEFAULT_COLOUR_RULES: ColourRules = { groupSize: 5, warnDays: 3, warnFraction: 1 / 3 }

export interface ColourInputs {
  status: string
  acceptedAt: Date | null
  reportedAt: Date
  deadlineAt: Date | null
  scale: string
  peopleInvolved: number
  riskLevel: string
  supervisionLevel: number
}

const DAY = 86_400_000

/** The three-colour warning of one case at `now`, with the reasons behind it. */
export function caseColour(c: ColourInputs, now: Date, rules = DEFAULT_COLOUR_RULES): { colour: Colour; reasons: string[] } {
  if (!isOpen(c.status)) return { colour: 'green', reasons: ['已办结'] }
  const red: string[] = []
  const yellow: string[] = []
  if (c.deadlineAt && now >= c.deadlineAt) red.push(`超期${Math.max(1, Math.ceil((+now - +c.deadlineAt) / DAY))}天`)
  if (c.scale !== 'individual') red.push(`${c.scale === 'major_group' ? '重大群体' : '群体性'}, ${c.peopleInvolved}人`)
  else if (c.peopleInvolved >= rules.groupSize) red.push(`群体性, ${c.peopleInvolved}人`)
  if (c.riskLevel === 'high') red.push('高风险')
  if (c.supervisionLevel >= 3) red.push('红牌督办')
  if (red.length) return { colour: 'red', reasons: red }

  if (c.deadlineAt) {
    const start = +(c.acceptedAt ?? c.reportedAt)
    const left = +c.deadlineAt - +now
    const limit = +c.deadlineAt - start
    if (left <= rules.warnDays * DAY || left <= limit * rules.warnFraction) {
      yellow.push(`临期${Math.max(0, Math.ceil(left / 3600_000))}小时`)
    }
  }
  if (c.riskLevel === 'medium') yellow.push('中风险')
  if (c.supervisionLevel > 0) yellow.push(c.supervisionLevel === 2 ? '黄牌督办' : '督办中')
  if (yellow.length) return { colour: 'yellow', reasons: yellow }
  return { colour: 'green', reasons: ['按期办理中'] }
}
