import { date, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'

/**
 * Counters maintained in the same transaction as the change they count, so indicators read a
 * few thousand rows instead of scanning cases. `rebuildRollups` recomputes them from scratch.
 * Day is the calendar day in Asia/Shanghai.
 *
 * Cohort columns (successful, resolvedCohort, onTime) are filed under the day the case was
 * accepted, so "of the cases accepted this quarter, how many were resolved successfully"
 * is one sum.
 */
/** The daily case counters, the same for a community's row and a county's. */
const dailyCounters = () => ({
  accepted: integer('accepted').notNull().default(0),
  resolved: integer('resolved').notNull().default(0),
  successful: integer('successful').notNull().default(0),
  resolvedCohort: integer('resolved_cohort').notNull().default(0),
  onTime: integer('on_time').notNull().default(0),
  /** Resolved cohort: minutes from acceptance to resolution, summed (average handling time). */
  handlingMinutes: integer('handling_minutes').notNull().default(0),
  /** Resolved cohort: visited back (回访), and of those satisfied or mostly satisfied. */
  visited: integer('visited').notNull().default(0),
  satisfied: integer('satisfied').notNull().default(0),
  /** Resolutions of the day by closing level (the level dimension too, kept here so a quarter is one read). */
  levelVillage: integer('level_village').notNull().default(0),
  levelTown: integer('level_town').notNull().default(0),
  levelCounty: integer('level_county').notNull().default(0),
})

export const caseDaily = pgTable(
  'rollup_case_daily',
  {
    communityCode: text('community_code').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    /** 矛盾纠纷 (dispute) or 民生诉求 (appeal): every count is kept for each, so each can be read alone. */
    kind: text('kind').notNull().default('dispute'),
    ...dailyCounters(),
  },
  (t) => [primaryKey({ columns: [t.day, t.communityCode, t.kind] })],
)

/** Accepted cases by one dimension (category, source, kind) and closing level of resolved ones. */
export const caseDimDaily = pgTable(
  'rollup_case_dim_daily',
  {
    communityCode: text('community_code').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    kind: text('kind').notNull().default('dispute'),
    dim: text('dim').notNull(),
    value: text('value').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.communityCode, t.kind, t.dim, t.value] })],
)

export const activityDaily = pgTable(
  'rollup_activity_daily',
  {
    communityCode: text('community_code').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    team: text('team').notNull(),
    sessions: integer('sessions').notNull().default(0),
    minutes: integer('minutes').notNull().default(0),
    peopleServed: integer('people_served').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.communityCode, t.team] })],
)

/**
 * The same counters and dimensions per county and day (`county_code`: the county's 12-digit
 * code): what a city or a province reads, 13 rows a day for the demo city instead of 2,392.
 * Written in the same transaction from the same deltas; `rebuildRollups` derives them from the
 * community rows.
 */
export const countyDaily = pgTable(
  'rollup_county_daily',
  {
    countyCode: text('county_code').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    kind: text('kind').notNull().default('dispute'),
    ...dailyCounters(),
  },
  (t) => [primaryKey({ columns: [t.day, t.countyCode, t.kind] })],
)

export const countyDimDaily = pgTable(
  'rollup_county_dim_daily',
  {
    countyCode: text('county_code').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    kind: text('kind').notNull().default('dispute'),
    dim: text('dim').notNull(),
    value: text('value').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.countyCode, t.kind, t.dim, t.value] })],
)

export type CaseDailyRow = typeof caseDaily.$inferSelect
export type CaseDimDailyRow = typeof caseDimDaily.$inferSelect
export type ActivityDailyRow = typeof activityDaily.$inferSelect
