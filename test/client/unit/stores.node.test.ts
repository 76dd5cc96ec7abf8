/**
 * The screens' stores as the wall runs them, against a real server: the page's globals (its
 * address, its storage, fetch on its own origin) are the only things supplied.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { screenToken, startTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
let stores: {
  regions: typeof import('../../../client/stores/regions').useRegionsStore
  codes: typeof import('../../../client/stores/codes').useCodesStore
  trend: typeof import('../../../client/stores/trend').useTrendStore
  volunteers: typeof import('../../../client/stores/volunteers').useVolunteersStore
}
let unauthorised: typeof import('../../../client/lib/credentials').unauthorised

/** A page at `path` of the test server: its address, its storage, fetch relative to it. */
function openPage(path: string) {
  const page = new URL(path, t.url)
  const storage = new Map<string, string>()
  vi.stubGlobal('location', page)
  vi.stubGlobal('history', { state: null, replaceState: (_s: unknown, _t: string, url: string) => Object.assign(page, { href: new URL(url, page).href }) })
  vi.stubGlobal('localStorage', { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v), removeItem: (k: string) => storage.delete(k) })
  const real = globalThis.fetch
  vi.stubGlobal('fetch', (url: string, init?: RequestInit) => real(new URL(url, page), init))
  setActivePinia(createPinia())
}

beforeAll(async () => {
  t = await startTestApp()
  openPage('/screen')
  stores = {
    regions: (await import('../../../client/stores/regions')).useRegionsStore,
    codes: (await import('../../../client/stores/codes')).useCodesStore,
    trend: (await import('../../../client/stores/trend')).useTrendStore,
    volunteers: (await import('../../../client/stores/volunteers')).useVolunteersStore,
  }
  unauthorised = (await import('../../../client/lib/credentials')).unauthorised
}, 60_000)
afterAll(async () => {
  vi.unstubAllGlobals()
  await t?.close()
})

describe("the screens' stores", () => {
  it('regions: the tree, names, a town’s children; a place named with its county on a city’s screen; the token’s own region is home', async () => {
    openPage(`/screen?token=${screenToken(t.url)}`)
    const regions = stores.regions()
    await regions.load()
    expect(regions.name('140825000000')).toBe('新绛县')
    const towns = regions.children('140825000000').map((r) => r.name)
    expect(towns).toContain('龙兴镇')
    expect(towns).toContain('新绛县社区')
    expect(regions.children('140825000000').every((r) => r.level === 'town')).toBe(true)
    const community = regions.children('140825100000')[0]!
    expect(regions.place(community.code)).toBe(community.name)
    regions.viewing = '140800000000'
    expect(regions.place(community.code)).toBe(`新绛县 ${community.name}`)
    // An unknown code is shown as it is, never as nothing.
    expect(regions.name('999999999999')).toBe('999999999999')
    await regions.loadHome()
    expect(regions.home).toBe('140825000000')
    // The token left the address bar once stored.
    expect(location.search).not.toContain('token=')
  })

  it('codes: labels in Chinese from the server’s tables; an unknown code as it is', async () => {
    const codes = stores.codes()
    await codes.load()
    expect(codes.label('category', 'neighbour')).toBe('邻里纠纷')
    expect(codes.label('category', 'no-such-code')).toBe('no-such-code')
  })

  it('trend and volunteer heat: read with the wall’s token, fresh until two refreshes are missed', async () => {
    openPage(`/screen?token=${screenToken(t.url)}`)
    const trend = stores.trend()
    trend.follow('140825000000')
    await vi.waitFor(() => expect(trend.trend).not.toBeNull(), { timeout: 10_000 })
    expect(trend.trend!.months).toHaveLength(12)
    expect(trend.staleAt(Date.now())).toBe(false)
    expect(trend.staleAt(trend.fetchedAt + 10 * 60_000 + 1)).toBe(true)
    trend.stop()
    const heat = stores.volunteers()
    heat.follow('140825000000', 30)
    await vi.waitFor(() => expect(heat.heat).not.toBeNull(), { timeout: 10_000 })
    expect(heat.heat!.days).toBe(30)
    expect(heat.heat!.matrix).toHaveLength(7)
    heat.stop()
  })

  it('a page without a token or session reads nothing private, keeps what it had, and says it is not authorised', async () => {
    openPage('/screen')
    localStorage.removeItem('gs_screen_token')
    const trend = stores.trend()
    trend.follow('140825000000')
    await vi.waitFor(() => expect(unauthorised.value).toBe(true), { timeout: 10_000 })
    expect(trend.trend).toBeNull()
    expect(trend.staleAt(Date.now())).toBe(true)
    trend.stop()
  })
})
