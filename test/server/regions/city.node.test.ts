/**
 * A city of counties: the demo city (运城市, 13 county-level units) as one tree. Its wall streams
 * the whole city and its counties' colours; each county keeps its own stream; the review ranks
 * the counties; the map draws each county as the outline of its own communities.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReviewView, Snapshot } from '../../../server/contract'
import { childDepth, levelOf, streamsOf } from '../../../server/domain/regions'
import { api, loginHeaders, newCase, startTestApp, type TestApp } from '../../helpers/app'
import { recordEvents, until } from '../../helpers/events'

const CITY = '140800000000'
const XINJIANG = '140825000000'
const JIANGXIAN = '140826000000'
/** 绛县 龙王庙社区 and 新绛县 龙湖社区, places the seeds name. */
const LONGWANGMIAO = '140826100005'
const LONGHU = '140825400012'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ scope: 'city' })
}, 120_000)
afterAll(async () => {
  await t.close()
})

describe('division codes above the county', () => {
  it('reads the level from the code and publishes a community on every stream up to the province', () => {
    expect(['140000000000', CITY, XINJIANG, '140825100000', LONGHU, '140825400012001'].map(levelOf)).toEqual(['province', 'city', 'county', 'town', 'community', 'grid'])
    expect(streamsOf(LONGHU)).toEqual([LONGHU, '140825400000', XINJIANG, CITY, '140000000000'])
    expect(['province', 'city', 'county', 'town'].map((l) => childDepth(l as 'city'))).toEqual([4, 6, 9, 12])
  })
})

describe('the city demo', () => {
  it('is one tree under the city: 13 county-level units, no county named as the top', async () => {
    expect(t.app.ctx.rootCode).toBe(CITY)
    const counties = (await api(t.url, 'GET', `/api/v1/regions?parent=${CITY}`)).body as { code: string; name: string; level: string }[]
    expect(counties).toHaveLength(13)
    expect(counties.every((c) => c.level === 'county')).toBe(true)
    expect(counties.map((c) => c.name)).toEqual(expect.arrayContaining(['新绛县', '绛县', '夏县', '盐湖区', '永济市', '河津市']))
    // A wall opened without ?region= shows its token's own region: the city.
    expect((await api(t.url, 'GET', '/api/v1/regions/home')).body).toMatchObject({ code: CITY, level: 'city' })
  })

  it("streams every county's cases to the city's wall in commit order, and each county only its own", async () => {
    const city = await recordEvents(t.url, CITY)
    const jiang = await recordEvents(t.url, JIANGXIAN)
    const snap = (await api<Snapshot>(t.url, 'GET', `/api/v1/snapshot?region=${CITY}`)).body
    // The city's colours: itself, its counties and their towns; villages are the counties' business.
    const levels = new Set(snap.colours.map((c) => levelOf(c.code)))
    expect([...levels].sort()).toEqual(['city', 'county', 'town'])
    expect(snap.colours.filter((c) => levelOf(c.code) === 'county')).toHaveLength(13)

    const ids: number[] = []
    for (const [i, place] of [LONGWANGMIAO, LONGHU, LONGWANGMIAO].entries()) ids.push((await api(t.url, 'POST', '/api/v1/cases', newCase({ externalId: `CITY-${i}`, regionCode: place }))).body.id)
    await until(() => city.of('case:created').length === 3 && jiang.of('case:created').length === 2)
    expect(city.of('case:created').map((e) => e.case.id)).toEqual(ids)
    expect(jiang.of('case:created').map((e) => e.case.id)).toEqual([ids[0], ids[2]])
    const seqs = city.of('case:created').map((e) => e.seq)
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs)
    // 绛县 turned from nothing open to two open cases: its colour reaches the city's wall.
    await until(() => city.of('region:recoloured').some((e) => e.colours.some((c: { code: string; open: { green: number } }) => c.code === JIANGXIAN && c.open.green === 2)))
    const after = (await api<Snapshot>(t.url, 'GET', `/api/v1/snapshot?region=${CITY}`)).body
    expect(after.aggregates.quarter.accepted).toBe(3)
    city.close()
    jiang.close()
  })

  it("ranks the city's counties in the review, and keeps a county's reader to their county", async () => {
    const review = (await api<ReviewView>(t.url, 'GET', `/api/v1/review?region=${CITY}`)).body
    expect(review.children).toHaveLength(13)
    expect(review.children.find((c) => c.code === JIANGXIAN)!.block.accepted).toBe(2)
    expect(review.children.find((c) => c.code === XINJIANG)!.block.accepted).toBe(1)
    // The map above the county is the counties themselves.
    expect(review.map.map((m) => m.code).sort()).toEqual(review.children.map((c) => c.code).sort())

    await t.app.ctx.accounts.createUser({ username: 'xj-duty', displayName: '新绛值班', role: 'duty', regionCode: XINJIANG, password: 'xj-duty-password' })
    const county = await loginHeaders(t.url, 'xj-duty', 'xj-duty-password')
    expect((await api(t.url, 'GET', `/api/v1/review?region=${CITY}`, undefined, undefined, county)).status).toBe(403)
    expect((await api(t.url, 'GET', `/api/v1/review?region=${JIANGXIAN}`, undefined, undefined, county)).status).toBe(403)
    expect((await api(t.url, 'GET', `/api/v1/regions/home`, undefined, undefined, county)).body.code).toBe(XINJIANG)
  })

  it("draws each county as the outline of its own communities' cells", async () => {
    type Geo = { features: { properties: { code: string; cp: [number, number] }; geometry: { type: string; coordinates: unknown } }[] }
    const city = (await api<Geo>(t.url, 'GET', `/api/v1/geo/${CITY}`)).body
    expect(city.features.map((f) => f.properties.code).sort()).toHaveLength(13)
    const county = (await api<Geo>(t.url, 'GET', `/api/v1/geo/${JIANGXIAN}`)).body
    const polygons = (g: Geo['features'][number]['geometry']) => (g.type === 'Polygon' ? [g.coordinates as [number, number][][]] : (g.coordinates as [number, number][][][]))
    const area = (ring: [number, number][]) => Math.abs(ring.reduce((s, p, i) => s + p[0] * ring[(i + 1) % ring.length]![1] - ring[(i + 1) % ring.length]![0] * p[1], 0)) / 2
    const areaOf = (g: Geo['features'][number]['geometry']) => polygons(g).reduce((s, [outer, ...holes]) => s + area(outer!) - holes.reduce((h, r) => h + area(r), 0), 0)
    const outline = city.features.find((f) => f.properties.code === JIANGXIAN)!
    const cells = county.features.reduce((s, f) => s + areaOf(f.geometry), 0)
    // The same land: the outline's area is the sum of its communities' cells.
    expect(Math.abs(areaOf(outline.geometry) - cells) / cells).toBeLessThan(1e-6)
    // And it is a few shapes, not a patchwork: the cells' shared edges are gone.
    expect(polygons(outline.geometry).length).toBeLessThanOrEqual(2)
  })
})
