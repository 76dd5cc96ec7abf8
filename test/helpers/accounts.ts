import { afterAll, beforeAll } from 'vitest'
import { seedDemo } from '../../db/seed'
import { AccountStore } from '../../server/store/accounts'
import { Registry } from '../../server/store/registry'
import { freshDb } from './db'

/** A fresh database with the demo county and the account store over it, for one test file. */
export function accountsFixture(): { db: Awaited<ReturnType<typeof freshDb>>; accounts: AccountStore; registry: Registry } {
  const f = {} as { db: Awaited<ReturnType<typeof freshDb>>; accounts: AccountStore; registry: Registry }
  beforeAll(async () => {
    f.db = await freshDb()
    await seedDemo(f.db.db, new Date(), 825, { history: false })
    f.registry = new Registry(f.db.db)
    await f.registry.reload()
    f.accounts = new AccountStore(f.db.db, f.registry)
  })
  afterAll(async () => {
    await f.db?.close()
  })
  return f
}
