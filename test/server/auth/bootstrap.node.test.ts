import { describe, expect, it } from 'vitest'
import { accountsFixture } from '../../helpers/accounts'
import { ensureDemoUsers, ensureFirstAdmin } from '../../../server/auth/bootstrap'

const f = accountsFixture()

describe('first start', () => {
  it('creates one admin with a one-time password, once', async () => {
    const password = await ensureFirstAdmin(f.db.db, f.accounts, '140825000000')
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/)
    const admin = await f.accounts.checkPassword('admin', password!)
    expect(admin).toMatchObject({ role: 'admin', regionCode: '140825000000', mustChangePassword: true })
    expect(await ensureFirstAdmin(f.db.db, f.accounts, '140825000000')).toBeNull()
  })

  it('adds the documented demo accounts without touching existing ones', async () => {
    await ensureDemoUsers(f.accounts, f.registry)
    await ensureDemoUsers(f.accounts, f.registry)
    expect(await f.accounts.checkPassword('longxing', 'longxing-demo-2026')).toMatchObject({ role: 'duty', regionCode: '140825100000' })
    expect((await f.accounts.listUsers()).map((u) => u.username)).toEqual(['admin', 'duty', 'leader', 'longxing'])
  })
})
