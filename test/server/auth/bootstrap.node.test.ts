import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../../../db/seed'
import { ensureDemoUsers, ensureFirstAdmin } from '../../../server/auth/bootstrap'
import { AccountStore } from '../../../server/store/accounts'
import { Registry } from '../../../server/store/registry'
import { freshDb } from '../../helpers/db'

let db: Awaited<ReturnType<typeof freshDb>>
let accounts: AccountStore
beforeAll(async () => {
  db = await freshDb()
  await seedDemo(db.db, new Date(), 825, { history: false })
  const registry = new Registry(db.db)
  await registry.reload()
  accounts = new AccountStore(db.db, registry)
})
afterAll(async () => {
  await db.close()
})

describe('first start', () => {
  it('creates one admin with a one-time password, once', async () => {
    const password = await ensureFirstAdmin(db.db, accounts, '140825000000')
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/)
    const admin = await accounts.checkPassword('admin', password!)
    expect(admin).toMatchObject({ role: 'admin', regionCode: '140825000000', mustChangePassword: true })
    expect(await ensureFirstAdmin(db.db, accounts, '140825000000')).toBeNull()
  })

  it('adds the documented demo accounts without touching existing ones', async () => {
    await ensureDemoUsers(accounts)
    await ensureDemoUsers(accounts)
    expect(await accounts.checkPassword('longxing', 'longxing-demo-2026')).toMatchObject({ role: 'duty', regionCode: '140825100000' })
    expect((await accounts.listUsers()).map((u) => u.username)).toEqual(['admin', 'duty', 'leader', 'longxing'])
  })
})
