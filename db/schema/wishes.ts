import { relations } from 'drizzle-orm'
import { index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { organisations } from './people'
import { regions } from './regions'

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

/** 微心愿: 征集 (collected) → 认领 (claimed) → 实现 (fulfilled) → 反馈 (feedback). */
export const wishes = pgTable(
  'wishes',
  {
    id: serial('id').primaryKey(),
    externalId: text('external_id').notNull(),
    /** Whose id `externalId` is: `key:<name>` for an outside system, `desk` for people. Ids are unique per writer. */
    writer: text('writer').notNull().default('desk'),
    channel: text('channel').notNull(),
    communityCode: text('community_code').notNull().references(() => regions.code),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    status: text('status').notNull(),
    claimedBy: integer('claimed_by').references(() => organisations.id),
    collectedAt: tz('collected_at').notNull(),
    claimedAt: tz('claimed_at'),
    fulfilledAt: tz('fulfilled_at'),
    feedbackAt: tz('feedback_at'),
    feedback: text('feedback'),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('wishes_writer_external_idx').on(t.writer, t.externalId), index('wishes_community_idx').on(t.communityCode)],
)

export const wishesRelations = relations(wishes, ({ one }) => ({
  claimant: one(organisations, { fields: [wishes.claimedBy], references: [organisations.id] }),
}))

export type Wish = typeof wishes.$inferSelect
