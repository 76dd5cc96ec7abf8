import { doublePrecision, index, integer, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { regions } from './regions'
import { teams, volunteers } from './people'

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

export const volunteerActivities = pgTable(
  'volunteer_activities',
  {
    id: serial('id').primaryKey(),
    externalId: text('external_id').notNull(),
    /** Whose id `externalId` is: `key:<name>` for an outside system, `desk` for people. Ids are unique per writer. */
    writer: text('writer').notNull().default('desk'),
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
    /** The roster's team that served (七彩蒲公英), when the writer names it. */
    teamId: integer('team_id').references(() => teams.id),
  },
  (t) => [
    uniqueIndex('activities_writer_external_idx').on(t.writer, t.externalId),
    index('activities_community_started_idx').on(t.communityCode, t.startedAt),
    index('activities_team_idx').on(t.teamId),
  ],
)

/** Who served in an activity, and for how long (minutes): each volunteer's hours (微光存折) are the sum. */
export const activityParticipants = pgTable(
  'activity_participants',
  {
    activityId: integer('activity_id').notNull().references(() => volunteerActivities.id),
    volunteerId: integer('volunteer_id').notNull().references(() => volunteers.id),
    minutes: integer('minutes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.activityId, t.volunteerId] }), index('participants_volunteer_idx').on(t.volunteerId)],
)

export type VolunteerActivity = typeof volunteerActivities.$inferSelect
