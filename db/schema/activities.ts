import { doublePrecision, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { regions } from './regions'

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

export const volunteerActivities = pgTable(
  'volunteer_activities',
  {
    id: serial('id').primaryKey(),
    externalId: text('external_id').notNull(),
    team: text('team').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    communityCode: text('community_code').notNull().references(() => regions.code),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    startedAt: tz('started_at').notNull(),
    endedAt: tz('ended_at').notNull(),
    /** Volunteer-minutes (people × duration), the unit the 微光存折 records. */
    minutes: integer('minutes').notNull(),
    volunteers: integer('volunteers').notNull().default(1),
    peopleServed: integer('people_served').notNull().default(0),
  },
  (t) => [
    uniqueIndex('activities_external_idx').on(t.externalId),
    index('activities_community_started_idx').on(t.communityCode, t.startedAt),
  ],
)

export type VolunteerActivity = typeof volunteerActivities.$inferSelect
