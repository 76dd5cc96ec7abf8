import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureDemoUsers, ensureFirstAdmin } from '../../../server/auth/bootstrap'
import { startTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  await t.close()
})

describe('first start', () => {
  it('creates one admin with a one-time password, once', async () => {
    const { db, accounts, countyCode } = t.app.ctx
    const password = await ensureFirstAdmin(db, accounts, countyCode)
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/)
    const admin = await accounts.checkPassword('admin', password!)
    expect(admin).toMatchObject({ role: 'admin', regionCode: '140825000000', mustChangePassword: true })
    expect(await ensureFirstAdmin(db, accounts, countyCode)).toBeNull()
  })

  it('adds the documented demo accounts without touching existing ones', async () => {
    await ensureDemoUsers(t.app.ctx.accounts)
    await ensureDemoUsers(t.app.ctx.accounts)
    expect(await t.app.ctx.accounts.checkPassword('longxing', 'longxing-demo-2026')).toMatchObject({ role: 'duty', regionCode: '140825100000' })
    expect((await t.app.ctx.accounts.listUsers()).map((u) => u.username)).toEqual(['admin', 'duty', 'leader', 'longxing'])
  })
})
