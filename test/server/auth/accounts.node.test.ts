import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { accountsFixture } from '../../helpers/accounts'
import { queryRows } from '../../../db/client'
import { hashPassword, verifyPassword } from '../../../server/auth/secrets'

const f = accountsFixture()

/** Everything the account tables hold, as text: what a stolen dump would give away. */
const dump = async () =>
  JSON.stringify([
    ...(await queryRows(f.db.db, sql`select to_jsonb(u)::text as j from users u`)),
    ...(await queryRows(f.db.db, sql`select to_jsonb(k)::text as j from api_keys k`)),
  ])

describe('passwords', () => {
  it('are stored as salted scrypt hashes that verify the password and nothing else', async () => {
    const a = await hashPassword('龙湖社区值班2026')
    const b = await hashPassword('龙湖社区值班2026')
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(a).not.toBe(b)
    expect(a).not.toContain('龙湖社区值班2026')
    expect(await verifyPassword('龙湖社区值班2026', a)).toBe(true)
    expect(await verifyPassword('龙湖社区值班2025', a)).toBe(false)
    expect(await verifyPassword('anything', 'plain-text')).toBe(false)
  })
})

describe('accounts and keys', () => {
  it('gives a new user a one-time password to change, and checks it', async () => {
    const { user, password } = await f.accounts.createUser({ username: 'zhang', displayName: '张值班', role: 'duty', regionCode: '140825400000' })
    expect(user.mustChangePassword).toBe(true)
    expect(password).toHaveLength(16)
    expect((await f.accounts.checkPassword('zhang', password))?.id).toBe(user.id)
    expect(await f.accounts.checkPassword('zhang', `${password}x`)).toBeNull()
    expect(await f.accounts.checkPassword('nobody', password)).toBeNull()
    await expect(f.accounts.createUser({ username: 'zhang', displayName: 'x', role: 'duty', regionCode: '140825000000' })).rejects.toMatchObject({ status: 409 })
    await expect(f.accounts.createUser({ username: 'li', displayName: 'x', role: 'duty', regionCode: '999999000000' })).rejects.toMatchObject({ status: 422 })
    expect(await dump()).not.toContain(password)
  })

  it('issues ingest keys stored only as hashes, and a revoked key stops at once', async () => {
    const { key, secret } = await f.accounts.createKey({ kind: 'ingest', name: 'hotline', regionCode: '140825000000' })
    expect(secret).toMatch(/^gsk_[A-Za-z0-9_-]{43}$/)
    expect((await f.accounts.keyFor(secret))?.id).toBe(key.id)
    expect(await dump()).not.toContain(secret)
    expect(await f.accounts.revokeKey(key.id, new Date())).toBe(true)
    expect(await f.accounts.keyFor(secret)).toBeNull()
    expect(await f.accounts.revokeKey(key.id, new Date())).toBe(false)
    await expect(f.accounts.createKey({ kind: 'ingest', name: 'fax', regionCode: '140825000000' })).rejects.toMatchObject({ status: 422 })
    const screen = await f.accounts.createKey({ kind: 'screen', name: '大厅主屏', regionCode: '140825000000' })
    expect(screen.secret).toMatch(/^gss_/)
  })
})
