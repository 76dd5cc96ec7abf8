/**
 * Notices to phones: a webhook on a local receiver hears of a red flag within 2 s, signed; a
 * receiver that fails is tried again with back-off and the delivery log says so; DingTalk and
 * WeCom robots get plain text; a disabled webhook hears nothing.
 */
import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, COMMUNITY, newCase, startTestApp, type TestApp } from '../../helpers/app'
import { until } from '../../helpers/events'
import { receiver } from '../../helpers/receiver'

let t: TestApp
const closers: (() => unknown)[] = []
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(async () => {
  for (const c of closers) await c()
  await t?.close()
})

/** A case red at once: its deadline passed yesterday. */
const redCase = (title: string) => {
  const day = 86_400_000
  return newCase({ regionCode: COMMUNITY, title, reportedAt: new Date(Date.now() - 3 * day).toISOString(), acceptedAt: new Date(Date.now() - 3 * day).toISOString(), deadlineAt: new Date(Date.now() - day).toISOString() })
}

describe('webhooks', () => {
  it('a red flag reaches the receiver within 2 s, signed, as plain data', async () => {
    const rx = await receiver()
    closers.push(rx.close)
    const made = await api(t.url, 'POST', '/api/v1/admin/webhooks', { name: '县中心值班群', regionCode: '140825000000', url: rx.url, format: 'json', events: ['red_flag'] })
    expect(made.status).toBe(201)
    const secret = made.body.secret as string
    expect(secret.length).toBeGreaterThanOrEqual(32)
    const title = '<b>楼上漏水</b> =HYPERLINK("x")'
    const sent = Date.now()
    const c = await api(t.url, 'POST', '/api/v1/cases', redCase(title))
    expect(c.body.colour).toBe('red')
    await until(() => rx.heard.length > 0, 5_000)
    const h = rx.heard[0]!
    expect(h.at - sent).toBeLessThan(2_000)
    // Signed: HMAC-SHA256 of "timestamp.body" with the webhook's secret.
    const ts = String(h.headers['x-govscreen-timestamp'])
    expect(h.headers['x-govscreen-signature']).toBe(`sha256=${createHmac('sha256', secret).update(`${ts}.${h.body}`).digest('hex')}`)
    const body = JSON.parse(h.body) as { event: string; text: string; case: { id: number; title: string; place: string; reasons: string } }
    expect(body.event).toBe('red_flag')
    expect(body.case).toMatchObject({ id: c.body.id, title })
    expect(body.case.place).toContain('龙湖社区')
    expect(body.text).toContain(`【红色预警】`)
    expect(body.text).toContain(title)
    expect(body.case.reasons).toMatch(/^超期/)
    // Once: a later change of the same red case sends nothing more.
    await api(t.url, 'POST', `/api/v1/cases/${c.body.id}/transitions`, { action: 'note', note: '已电话联系' })
    await new Promise((r) => setTimeout(r, 1500))
    expect(rx.heard).toHaveLength(1)
  })

  it('a receiver that fails is tried again with back-off, and the log says so; robots get text', { timeout: 30_000 }, async () => {
    let n = 0
    const rx = await receiver(() => (++n <= 2 ? 500 : 200))
    closers.push(rx.close)
    const made = await api(t.url, 'POST', '/api/v1/admin/webhooks', { name: '企业微信群', regionCode: '140825400000', url: `${rx.url}?key=abc`, format: 'wecom', events: ['red_flag'] })
    const c = await api(t.url, 'POST', '/api/v1/cases', redCase('小区停车位纠纷'))
    await until(() => rx.heard.length >= 3, 15_000)
    // At once, then about 1 s and 2 s later.
    expect(rx.heard[1]!.at - rx.heard[0]!.at).toBeGreaterThanOrEqual(900)
    expect(rx.heard[2]!.at - rx.heard[1]!.at).toBeGreaterThanOrEqual(1900)
    expect(JSON.parse(rx.heard[2]!.body)).toEqual({ msgtype: 'text', text: { content: expect.stringContaining('小区停车位纠纷') } })
    const log = async () => (await api(t.url, 'GET', `/api/v1/admin/webhooks/${made.body.webhook.id}/deliveries`)).body as { event: string; status: string; attempts: number; lastStatus: number; lastError: string | null }[]
    await expect.poll(async () => (await log())[0]?.status, { timeout: 5_000 }).toBe('sent')
    expect((await log())[0]).toMatchObject({ event: 'red_flag', status: 'sent', attempts: 3, lastStatus: 200, lastError: null })
    expect(c.status).toBe(201)
  })

  it('DingTalk robots get text and their own signature; "send test" goes through; a disabled webhook hears nothing', { timeout: 30_000 }, async () => {
    const rx = await receiver()
    closers.push(rx.close)
    const made = await api(t.url, 'POST', '/api/v1/admin/webhooks', { name: '钉钉群', regionCode: '140825000000', url: `${rx.url}?access_token=t`, format: 'dingtalk', events: ['red_flag'], secret: 'SECtest' })
    const id = made.body.webhook.id
    expect((await api(t.url, 'POST', `/api/v1/admin/webhooks/${id}/test`)).status).toBe(202)
    await until(() => rx.heard.length > 0, 5_000)
    const h = rx.heard[0]!
    const q = new URL(h.url, 'http://x').searchParams
    expect(q.get('sign')).toBe(createHmac('sha256', 'SECtest').update(`${q.get('timestamp')}\nSECtest`).digest('base64'))
    expect(JSON.parse(h.body)).toEqual({ msgtype: 'text', text: { content: expect.stringMatching(/^【测试】新绛县综治中心的消息推送已接通/) } })

    await api(t.url, 'POST', `/api/v1/admin/webhooks/${id}/disable`)
    await api(t.url, 'POST', '/api/v1/cases', redCase('停用后的红色预警'))
    await new Promise((r) => setTimeout(r, 2000))
    expect(rx.heard).toHaveLength(1)
  })

  it('refuses an address that is not http(s), and a region outside the admin’s', async () => {
    const bad = await api(t.url, 'POST', '/api/v1/admin/webhooks', { name: 'x', regionCode: '140825000000', url: 'file:///etc/passwd', format: 'json', events: ['red_flag'] })
    expect(bad.status).toBe(400)
    expect(bad.body.issues[0].field).toBe('url')
    const none = await api(t.url, 'POST', '/api/v1/admin/webhooks', { name: 'x', regionCode: '140825000000', url: 'http://127.0.0.1:9/x', format: 'json', events: [] })
    expect(none.body.issues[0].field).toBe('events')
  })
})
