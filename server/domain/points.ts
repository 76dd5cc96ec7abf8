/**
 * 双轨积分制, the rules of docs/POINTS.md: a member's 微光存折 (hours served) and an
 * organisation's 萤火能量值 (resources put in, project results, service hours, residents'
 * feedback), computed from the records of one year, never typed in. Change a rule here and in
 * docs/POINTS.md together (a test reads the file's table against these numbers).
 */

/** 萤火能量值, points per record (docs/POINTS.md, 组织). */
export const ENERGY = {
  /** 资源投入: a resource of the organisation claimed by a community (资源清单 → 认领). */
  resourceClaimed: 5,
  /** 项目实效: a project of it done (项目清单). */
  projectDone: 10,
  /** 项目实效: a whistle (吹哨派单) it took within the time limit and reported done. */
  whistleOnTime: 5,
  /** …taken after the limit (点名哨) and still done. */
  whistleLate: 2,
  /** 服务时长: points per hour its party members served (1 per 10 hours). */
  perMemberHour: 0.1,
  /** 群众反馈: a done project's verdict. */
  satisfied: 3,
  neutral: 1,
  unsatisfied: -3,
} as const

/** 微光存折: points per hour a member served (one an hour). */
export const PASSBOOK_PER_HOUR = 1

/** 评优: an organisation needs at least this much 萤火能量值 in the year, a member this many hours. */
export const AWARD = { organisationEnergy: 60, memberHours: 24 } as const

/** What an organisation did in a year: the counts its 萤火能量值 comes from. */
export interface EnergyInputs {
  resourcesClaimed: number
  projectsDone: number
  whistlesOnTime: number
  whistlesLate: number
  /** Minutes its party members served as activities' participants. */
  memberMinutes: number
  satisfied: number
  neutral: number
  unsatisfied: number
}

/** The four parts of 萤火能量值 and their sum, each to one decimal. */
export interface Energy {
  resources: number
  results: number
  hours: number
  feedback: number
  total: number
}

const one = (x: number) => Math.round(x * 10) / 10

export function energyOf(i: EnergyInputs): Energy {
  const resources = i.resourcesClaimed * ENERGY.resourceClaimed
  const results = i.projectsDone * ENERGY.projectDone + i.whistlesOnTime * ENERGY.whistleOnTime + i.whistlesLate * ENERGY.whistleLate
  // Hours to one decimal first (as the passbook shows them), then the points.
  const hours = one((Math.round(i.memberMinutes / 6) / 10) * ENERGY.perMemberHour)
  const feedback = i.satisfied * ENERGY.satisfied + i.neutral * ENERGY.neutral + i.unsatisfied * ENERGY.unsatisfied
  return { resources, results, hours, feedback, total: one(resources + results + hours + feedback) }
}

/** 微光存折 points of the minutes a member served. */
export const passbookOf = (minutes: number) => one((Math.round(minutes / 6) / 10) * PASSBOOK_PER_HOUR)

/** The year's bounds in Asia/Shanghai: [1 January 00:00, next 1 January 00:00). */
export function yearBounds(year: number): [Date, Date] {
  return [new Date(`${year}-01-01T00:00:00+08:00`), new Date(`${year + 1}-01-01T00:00:00+08:00`)]
}
