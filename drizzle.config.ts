import { defineConfig } from 'drizzle-kit'

// Migrations are generated without a connection and applied by db/migrate.ts to PGlite or PostgreSQL alike.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
})
