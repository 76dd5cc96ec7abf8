/**
 * /api/v1/admin: people and keys managed while the product runs, each change audited; and a
 * town's admin sees and touches only the town.
 */
import { sql } from 'drizzle-orm'
import { io } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, loginHeaders, newCase, startTestApp, type TestApp } from '../../helpers/app'
import { eventually } from '../../helpers/events'

const COUNTY = '140825000000'
const LONGXING = '140825100000'
const SANQUAN = '140825101000'
let t: TestApp
let town: Record<string, string>
beforeAll(async () => {
  t = await startTestApp()
  await t.app.ctx.accounts.createUser({ username: 'lx-admin', displayName: '龙兴镇管理员', role: 'admin', regionCode: LONGXING, password: 'lx-admin-password' })
  await t.app.ctx.accounts.createUser({ username: 'sq-duty', displayName: '三泉镇值班员', role: 'duty', regionCode: SANQUAN, password: 'sq-duty-password' })
  town = await loginHeaders(t.url, 'lx-admin', 'lx-admin-password')
})
afterAll(async () => {
  await t.close()
})

type Entry = { actor: string; action: string; target: string; regionCode: string | null; address: string | null; before: unknown; after: unknown }
const auditOf = async (as?: Record<string, string>) => (await api<Entry[]>(t.url, 'GET', '/api/v1/admin/audit?limit=200', undefined, undefined, as)).body

describe('people', () => {
  it('creates a person with a one-time password, resets it, disables and enables them; each takes effect at once and is audited', async () => {
    const made = await api(t.url, 'POST', '/api/v1/admin/users', { username: 'lx-duty', displayName: '龙兴值班', role: 'duty', regionCode: LONGXING })
    expect(made.status).toBe(201)
    expect(made.body.user).not.toHaveProperty('passwordHash')
    const first = await loginHeaders(t.url, 'lx-duty', made.body.password)
    // A one-time password is changed before anything else.
    expect((await api(t.url, 'GET', '/api/v1/duty/queue', undefined, undefined, first)).status).toBe(403)
    const id = made.body.user.id as number

    const reset = await api(t.url, 'POST', `/api/v1/admin/users/${id}/reset-password`)
    expect(reset.body.password).toMatch(/.{10,}/)
    expect((await api(t.url, 'GET', '/api/v1/session', undefined, undefined, first)).status).toBe(401)
    expect((await api(t.url, 'POST', '/api/v1/session', { username: 'lx-duty', password: made.body.password }, undefined, {})).status).toBe(401)
    const second = await loginHeaders(t.url, 'lx-duty', reset.body.password)

    const disabled = await api(t.url, 'POST', `/api/v1/admin/users/${id}/disable`)
    // Disabled now, by the server's clock, in the county's time.
    expect(Math.abs(Date.parse(disabled.body.disabledAt) - Date.now())).toBeLessThan(60_000)
    expect(disabled.body.disabledAt).toMatch(/\+08:00$/)
    expect((await api(t.url, 'GET', '/api/v1/session', undefined, undefined, second)).status).toBe(401)
    expect((await api(t.url, 'POST', '/api/v1/session', { username: 'lx-duty', password: reset.body.password }, undefined, {})).status).toBe(401)
    await api(t.url, 'POST', `/api/v1/admin/users/${id}/enable`)
    const back = await api(t.url, 'POST', '/api/v1/session', { username: 'lx-duty', password: reset.body.password }, undefined, {})
    expect(back.status).toBe(201)

    const listed = (await api(t.url, 'GET', '/api/v1/admin/users?q=龙兴值')).body as { username: string; lastLoginAt: string | null; lastLoginAddress: string | null }[]
    expect(listed.map((u) => u.username)).toEqual(['lx-duty'])
    expect(listed[0]!.lastLoginAt).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(listed[0]!.lastLoginAddress).toMatch(/127\.0\.0\.1/)

    const mine = (await auditOf()).filter((e) => e.target === `user:${id}`).map((e) => e.action).reverse()
    expect(mine).toEqual(['user.create', 'login.success', 'user.reset_password', 'login.failure', 'login.success', 'user.disable', 'login.failure', 'user.enable', 'login.success'])
    const created = (await auditOf()).find((e) => e.target === `user:${id}` && e.action === 'user.create')!
    expect(created).toMatchObject({ actor: '测试管理员', regionCode: LONGXING, after: { username: 'lx-duty', role: 'duty', regionCode: LONGXING } })
    expect(JSON.stringify(await auditOf())).not.toMatch(/scrypt\$|password"\s*:/)
  })

  it('a new role or region ends the person\'s sessions; an admin cannot demote or disable themselves', async () => {
    const { user } = await t.app.ctx.accounts.createUser({ username: 'lx-leader', displayName: '龙兴领导', role: 'leader', regionCode: LONGXING, password: 'lx-leader-password' })
    const s = await loginHeaders(t.url, 'lx-leader', 'lx-leader-password')
    const changed = await api(t.url, 'PATCH', `/api/v1/admin/users/${user.id}`, { role: 'duty' })
    expect(changed.body.role).toBe('duty')
    expect((await api(t.url, 'GET', '/api/v1/session', undefined, undefined, s)).status).toBe(401)
    expect((await api(t.url, 'PATCH', `/api/v1/admin/users/${user.id}`, {})).status).toBe(400)
    expect((await api(t.url, 'PATCH', `/api/v1/admin/users/${user.id}`, { role: 'owner' })).status).toBe(400)
    const self = (await api(t.url, 'GET', '/api/v1/admin/users?q=lx-admin')).body[0].id
    expect((await api(t.url, 'POST', `/api/v1/admin/users/${self}/disable`, undefined, undefined, town)).status).toBe(409)
    expect((await api(t.url, 'PATCH', `/api/v1/admin/users/${self}`, { role: 'duty' }, undefined, town)).status).toBe(409)
  })
})

describe('keys', () => {
  it('a screen token is shown once with its wall link, its use is noted (time and address), and a revoke refuses it at once', async () => {
    const made = await api(t.url, 'POST', '/api/v1/admin/keys', { kind: 'screen', name: '龙兴镇大屏', label: '镇中心大厅', regionCode: LONGXING })
    expect(made.status).toBe(201)
    expect(made.body.link).toBe(`/screen?token=${made.body.secret}`)
    const bearer = { authorization: `Bearer ${made.body.secret}` }
    expect((await api(t.url, 'GET', '/api/v1/regions/home', undefined, undefined, bearer)).body.code).toBe(LONGXING)
    let listed: { id: number; prefix: string; lastUsedAt: string | null; lastUsedAddress: string | null }[] = []
    for (let i = 0; i < 50 && !listed.find((k) => k.id === made.body.key.id)?.lastUsedAt; i++) {
      listed = (await api(t.url, 'GET', '/api/v1/admin/keys')).body
      await new Promise((r) => setTimeout(r, 20))
    }
    const key = listed.find((k) => k.id === made.body.key.id)!
    expect(key).toMatchObject({ prefix: made.body.secret.slice(0, 10), lastUsedAddress: expect.stringMatching(/127\.0\.0\.1/) })
    expect(JSON.stringify(listed)).not.toContain(made.body.secret)
    const revoked = (await api(t.url, 'POST', `/api/v1/admin/keys/${made.body.key.id}/revoke`)).body
    expect(Math.abs(Date.parse(revoked.revokedAt) - Date.now())).toBeLessThan(60_000)
    expect(revoked).toMatchObject({ id: made.body.key.id, prefix: made.body.secret.slice(0, 10) })
    expect((await api(t.url, 'GET', '/api/v1/regions/home', undefined, undefined, bearer)).status).toBe(401)
    expect((await api(t.url, 'POST', '/api/v1/admin/keys', { kind: 'ingest', name: 'no-such-source', regionCode: LONGXING })).status).toBe(422)
  })
})

describe('walls', () => {
  it('lists the walls connected now with their label, stream, address and last frame, to the admins of their region, and drops them when they go', async () => {
    const town = await loginHeaders(t.url, 'lx-admin', 'lx-admin-password')
    const { secret } = await t.app.ctx.accounts.createKey({ kind: 'screen', name: '龙兴镇大屏', label: '龙兴镇大厅', regionCode: LONGXING })
    const county = await t.app.ctx.accounts.createKey({ kind: 'screen', name: '县大厅', regionCode: COUNTY })
    const connect = async (token: string, region: string) => {
      const s = io(t.url, { transports: ['websocket'], auth: { token }, forceNew: true })
      await new Promise<void>((r) => s.once('connect', () => r()))
      expect((await s.timeout(5000).emitWithAck('screen:subscribe', { region })).ok).toBe(true)
      return s
    }
    const wall = await connect(secret, LONGXING)
    const countyWall = await connect(county.secret, COUNTY)
    type Listed = { label: string; who: string; stream: string; address: string; connectedAt: string; lastFrameAt: string | null }
    const walls = async (as?: Record<string, string>) => (await api<Listed[]>(t.url, 'GET', '/api/v1/admin/walls', undefined, undefined, as)).body
    await eventually(async () => (await walls()).some((w) => w.label === '龙兴镇大厅' && w.stream === LONGXING))
    const mine = (await walls()).find((w) => w.label === '龙兴镇大厅')!
    expect(mine).toMatchObject({ who: 'screen', address: expect.stringMatching(/127\.0\.0\.1/), connectedAt: expect.stringMatching(/^\d{4}-/) })
    // A report in the town reaches the wall: its last frame is noted.
    await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: '140825100200' }))
    await eventually(async () => !!(await walls()).find((w) => w.label === '龙兴镇大厅')?.lastFrameAt)
    // The town's admin sees the town's wall, not the county's.
    const seenByTown = (await walls(town)).map((w) => w.label)
    expect(seenByTown).toContain('龙兴镇大厅')
    expect(seenByTown).not.toContain('县大厅')
    wall.disconnect()
    countyWall.disconnect()
    await eventually(async () => !(await walls()).some((w) => w.label === '龙兴镇大厅' || w.label === '县大厅'))
  })
})

describe("a town's admin", () => {
  it("sees and touches only the town's people, keys and audit", async () => {
    const county = await t.app.ctx.accounts.createKey({ kind: 'screen', name: '县大屏', regionCode: COUNTY })
    const sanquan = (await t.app.ctx.accounts.userByName('sq-duty'))!
    const users = (await api(t.url, 'GET', '/api/v1/admin/users', undefined, undefined, town)).body as { regionCode: string }[]
    expect(users.length).toBeGreaterThan(0)
    expect(users.every((u) => u.regionCode.startsWith('140825100'))).toBe(true)
    const keys = (await api(t.url, 'GET', '/api/v1/admin/keys', undefined, undefined, town)).body as { regionCode: string }[]
    expect(keys.every((k) => k.regionCode.startsWith('140825100'))).toBe(true)
    // Another town's person or the county's key: not found, and unchanged.
    expect((await api(t.url, 'POST', `/api/v1/admin/users/${sanquan.id}/disable`, undefined, undefined, town)).status).toBe(404)
    expect((await api(t.url, 'PATCH', `/api/v1/admin/users/${sanquan.id}`, { displayName: '改名' }, undefined, town)).status).toBe(404)
    expect((await api(t.url, 'POST', `/api/v1/admin/users/${sanquan.id}/reset-password`, undefined, undefined, town)).status).toBe(404)
    expect((await api(t.url, 'POST', `/api/v1/admin/keys/${county.key.id}/revoke`, undefined, undefined, town)).status).toBe(404)
    expect((await t.app.ctx.accounts.userById(sanquan.id))!.disabledAt).toBeNull()
    expect((await t.app.ctx.accounts.keyFor(county.secret))).not.toBeNull()
    // Nor made outside the town, nor moved out of it.
    expect((await api(t.url, 'POST', '/api/v1/admin/users', { username: 'sq-two', displayName: '三泉二', role: 'duty', regionCode: SANQUAN }, undefined, town)).status).toBe(403)
    expect((await api(t.url, 'POST', '/api/v1/admin/keys', { kind: 'screen', name: '县大屏二', regionCode: COUNTY }, undefined, town)).status).toBe(403)
    const lxDuty = (await t.app.ctx.accounts.userByName('lx-duty'))!
    expect((await api(t.url, 'PATCH', `/api/v1/admin/users/${lxDuty.id}`, { regionCode: SANQUAN }, undefined, town)).status).toBe(403)
    expect(await t.app.ctx.accounts.userByName('sq-two')).toBeNull()
    const entries = await auditOf(town)
    expect(entries.length).toBeGreaterThan(0)
    expect(entries.every((e) => e.regionCode?.startsWith('140825100'))).toBe(true)
    // The county's admin sees the town's entries and the county's.
    expect((await auditOf()).some((e) => e.regionCode === COUNTY)).toBe(true)
  })
})

describe('warning rules', () => {
  it('previews which open cases a change would recolour, changing nothing; a town admin may not', async () => {
    // Four people: an individual case, green under the rule of five.
    const made = (await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: '140825100200', peopleInvolved: 4, title: '四户邻里噪音纠纷' }))).body
    expect(made.colour).toBe('green')
    const preview = await api(t.url, 'POST', '/api/v1/admin/rules/preview', { groupSize: 4 })
    expect(preview.status).toBe(200)
    expect(preview.body.cases).toContainEqual(expect.objectContaining({ id: made.id, from: 'green', to: 'red', reasons: [expect.objectContaining({ code: 'group' })] }))
    expect(preview.body.counts['green→red']).toBeGreaterThanOrEqual(1)
    // Nothing saved, nothing recoloured.
    expect((await api(t.url, 'GET', '/api/v1/warning-rules')).body.groupSize).toBe(5)
    expect((await api(t.url, 'GET', `/api/v1/cases/${made.id}`)).body.colour).toBe('green')
    // Bad input: the field and the reason.
    const bad = await api(t.url, 'POST', '/api/v1/admin/rules/preview', { groupSize: 1 })
    expect(bad.status).toBe(400)
    expect(bad.body.issues[0].field).toBe('groupSize')
    expect((await api(t.url, 'POST', '/api/v1/admin/rules/preview', { groupSize: 4 }, undefined, town)).status).toBe(403)
  })
})

describe('the audit log', () => {
  it('records a change of the warning rules with the rules before and after', async () => {
    expect((await api(t.url, 'PUT', '/api/v1/warning-rules', { groupSize: 6 })).status).toBe(200)
    const [entry] = (await api<Entry[]>(t.url, 'GET', '/api/v1/admin/audit?action=rules.update')).body
    expect(entry).toMatchObject({ actor: '测试管理员', target: 'warning-rules', regionCode: COUNTY, before: { groupSize: 5 }, after: { groupSize: 6 } })
    await api(t.url, 'PUT', '/api/v1/warning-rules', { groupSize: 5 })
  })

  it('is append-only, and its CSV opens in a spreadsheet without running what a caller typed', async () => {
    await api(t.url, 'POST', '/api/v1/session', { username: '=HYPERLINK("http://x","y")', password: 'wrong-password' }, undefined, {})
    const res = await fetch(`${t.url}/api/v1/admin/audit.csv?action=login.`, { headers: await loginHeaders(t.url, 'test-admin', 'test-admin-password') })
    expect(res.headers.get('content-type')).toContain('text/csv')
    const bytes = Buffer.from(await res.arrayBuffer())
    // A BOM first, so that Excel reads it as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.subarray(3).toString('utf8')
    expect(text.startsWith('"时间","操作人"')).toBe(true)
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`)
    expect(text).not.toMatch(/(^|,)"=HYPERLINK/m)
    const db = t.app.ctx.db
    // PostgreSQL refuses (drizzle wraps its error: the reason is the cause's).
    const refusal = (q: ReturnType<typeof sql>) => db.execute(q).then(() => 'done', (e: Error & { cause?: Error }) => e.cause?.message ?? e.message)
    expect(await refusal(sql`update audit_log set actor = 'someone else'`)).toMatch(/append-only/)
    expect(await refusal(sql`delete from audit_log`)).toMatch(/append-only/)
    expect(await refusal(sql`truncate audit_log`)).toMatch(/append-only/)
    expect((await api(t.url, 'GET', '/api/v1/admin/audit?action=DROP TABLE')).status).toBe(400)
  })
})
