import { relations } from 'drizzle-orm'
import { boolean, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })

/**
 * People who log in. Each is scoped to a region (county, town or community) and sees and
 * changes only that region and below. Passwords are stored as scrypt hashes, never as text.
 */
export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ['admin', 'leader', 'duty'] }).notNull(),
    regionCode: text('region_code').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** A first or reset password must be replaced at the next login. */
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    createdAt: tz('created_at').notNull().defaultNow(),
    disabledAt: tz('disabled_at'),
    lastLoginAt: tz('last_login_at'),
    lastLoginAddress: text('last_login_address'),
  },
  (t) => [uniqueIndex('users_username_idx').on(t.username)],
)

/**
 * Keys for machines: `ingest` keys for outside systems (one per source) and `screen` kiosk
 * tokens for walls (read-only). Only a SHA-256 of the key is stored; revocation is immediate.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: serial('id').primaryKey(),
    kind: text('kind', { enum: ['ingest', 'screen'] }).notNull(),
    /** For ingest keys, the case source it writes as (hotline, grid_daily, …); for screens, a label. */
    name: text('name').notNull(),
    /** What the centre calls it (大厅主屏, 12345热线接口); the name is a screen's label when this is empty. */
    label: text('label'),
    regionCode: text('region_code').notNull(),
    keyHash: text('key_hash').notNull(),
    /** The key's first characters, shown in listings so a key can be recognised without being stored. */
    prefix: text('prefix').notNull(),
    createdAt: tz('created_at').notNull().defaultNow(),
    lastUsedAt: tz('last_used_at'),
    lastUsedAddress: text('last_used_address'),
    revokedAt: tz('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_hash_idx').on(t.keyHash)],
)

/** Login sessions: the cookie holds a random token; only its hash is stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: serial('id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    userId: integer('user_id').notNull().references(() => users.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: tz('created_at').notNull().defaultNow(),
    /** The absolute end; a session unused for the idle limit ends before it (see SessionStore). */
    expiresAt: tz('expires_at').notNull(),
    lastSeenAt: tz('last_seen_at').notNull().defaultNow(),
    /** The address it logged in from (for the user's list of sessions). */
    address: text('address'),
  },
  (t) => [uniqueIndex('sessions_token_idx').on(t.tokenHash), index('sessions_expiry_idx').on(t.expiresAt), index('sessions_user_idx').on(t.userId)],
)

export const usersRelations = relations(users, ({ many }) => ({ sessions: many(sessions) }))
export const sessionsRelations = relations(sessions, ({ one }) => ({ user: one(users, { fields: [sessions.userId], references: [users.id] }) }))

export type User = typeof users.$inferSelect
export type ApiKey = typeof apiKeys.$inferSelect
export type Session = typeof sessions.$inferSelect
