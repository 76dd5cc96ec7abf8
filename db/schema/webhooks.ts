import { sql } from 'drizzle-orm'
import { index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { regions } from './regions'

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

/** What a webhook is told of. */
export const WEBHOOK_EVENTS = ['red_flag', 'notice_issued', 'notice_escalated', 'case_overdue', 'whistle_called_out'] as const
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number] | 'test'
/** The body's shape: our JSON (signed), or the text message of a DingTalk or WeCom group robot. */
export const WEBHOOK_FORMATS = ['json', 'dingtalk', 'wecom'] as const

/**
 * Notices to phones: a URL told of a region's red flags, supervision notices, overdue cases and
 * units called out for not taking a whistle (点名哨).
 * `secret` signs each body (HMAC-SHA256; DingTalk's own signature for its robots).
 */
export const webhooks = pgTable(
  'webhooks',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    regionCode: text('region_code').notNull().references(() => regions.code),
    url: text('url').notNull(),
    format: text('format', { enum: WEBHOOK_FORMATS }).notNull().default('json'),
    events: jsonb('events').$type<(typeof WEBHOOK_EVENTS)[number][]>().notNull(),
    secret: text('secret').notNull(),
    disabledAt: tz('disabled_at'),
    createdBy: text('created_by').notNull(),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [index('webhooks_region_idx').on(t.regionCode)],
)

/**
 * Each message to a webhook, once (`key`: the event it tells of), with its tries: pending until
 * sent (2xx) or failed after the last try; `nextAt` is when the next try falls due.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: serial('id').primaryKey(),
    webhookId: integer('webhook_id').notNull().references(() => webhooks.id),
    event: text('event').notNull(),
    key: text('key').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAt: tz('next_at').notNull().defaultNow(),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    createdAt: tz('created_at').notNull().defaultNow(),
    sentAt: tz('sent_at'),
  },
  (t) => [uniqueIndex('webhook_deliveries_key_idx').on(t.webhookId, t.key), index('webhook_deliveries_due_idx').on(t.nextAt).where(sql`${t.status} = 'pending'`)],
)

export type Webhook = typeof webhooks.$inferSelect
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect
