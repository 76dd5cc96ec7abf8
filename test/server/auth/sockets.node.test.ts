import { io, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SubscribeAck } from '../../../server/contract'
import { loginHeaders, startTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
const sockets: Socket[] = []
beforeAll(async () => {
  t = await startTestApp()
  await t.app.ctx.accounts.createUser({ username: 'longxing', displayName: '龙兴镇值班员', role: 'duty', regionCode: '140825100000', password: 'longxing-password' })
})
afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await t.close()
})

function connect(opts: Parameters<typeof io>[1]): Promise<Socket> {
  const s = io(t.url, { transports: ['websocket'], reconnection: false, ...opts })
  sockets.push(s)
  return new Promise((resolve, reject) => {
    s.on('connect', () => resolve(s))
    s.on('connect_error', reject)
  })
}
const subscribe = (s: Socket, region: string) => new Promise<SubscribeAck>((resolve) => s.emit('screen:subscribe', { region }, resolve))

describe('who may follow which region', () => {
  it("keeps a town user's socket out of another town's room", async () => {
    const { cookie } = await loginHeaders(t.url, 'longxing', 'longxing-password')
    const s = await connect({ extraHeaders: { cookie: cookie! } })
    expect(await subscribe(s, '140825400000')).toEqual({ ok: false, error: 'outside your region' })
    expect(await subscribe(s, '140825000000')).toEqual({ ok: false, error: 'outside your region' })
    expect((await subscribe(s, '140825100200')).ok).toBe(true)
  })

  it('gives a socket without credentials no stream at all (the stream carries citizen text): refused at the handshake', async () => {
    await expect(connect({})).rejects.toThrow(/unauthenticated/)
  })

  it('closes a session\'s sockets when the person logs out', async () => {
    const headers = await loginHeaders(t.url, 'longxing', 'longxing-password')
    const s = await connect({ extraHeaders: { cookie: headers.cookie! } })
    expect((await subscribe(s, '140825100200')).ok).toBe(true)
    const closed = new Promise<string>((resolve) => s.on('disconnect', resolve))
    const out = await fetch(`${t.url}/api/v1/session`, { method: 'DELETE', headers })
    expect(out.status).toBe(204)
    expect(await closed).toBe('io server disconnect')
  })

  it('refuses a socket with a revoked key', async () => {
    const { key, secret } = await t.app.ctx.accounts.createKey({ kind: 'screen', name: '龙兴镇屏', regionCode: '140825100000' })
    const s = await connect({ auth: { token: secret } })
    expect((await subscribe(s, '140825400000')).ok).toBe(false)
    await t.app.ctx.accounts.revokeKey(key.id, new Date())
    await expect(connect({ auth: { token: secret } })).rejects.toThrow(/revoked/)
  })
})
