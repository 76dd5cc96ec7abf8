import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, wallFixture } from '../helpers/wall'
import { api, COMMUNITY, newCase, screenToken } from '../helpers/app'
import type { OrganisationPoints, PointsView } from '../../server/contract'

const f = wallFixture()

const num = async (page: import('playwright-core').Page, id: string) => Number(await page.getByTestId(id).innerText())

describe('wall screen', () => {
  it('shows the county live, and a case posted through the API changes counts and feed without a reload', async () => {
    const page = await f.browser.newPage({ viewport: { width: 1920, height: 1080 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    // The server's Content-Security-Policy holds for the built screen: nothing it needs is refused.
    const refused: string[] = []
    page.on('console', (m) => /Content.Security.Policy|Refused to/i.test(m.text()) && refused.push(m.text()))
    const response = await page.goto(`${f.t.url}/screen?token=${screenToken(f.t.url)}`)
    expect(response!.headers()['content-security-policy']).toContain("frame-ancestors 'none'")
    await expect.poll(() => page.getByTestId('connection').getAttribute('class'), { timeout: 10_000 }).toContain('connected')
    // The token is remembered and taken out of the address bar.
    expect(page.url()).not.toContain('token=')
    await page.getByTestId('today-accepted').waitFor()
    await expect.poll(() => page.getByTestId('updated-at').innerText()).toMatch(/\d\d:\d\d:\d\d/)
    // Every panel of the first view drew with data.
    for (const panel of ['headline', 'category', 'map', 'red-flags', 'volunteers', 'feed']) await page.locator(`[data-panel="${panel}"]`).waitFor()
    const before = await num(page, 'today-accepted')
    const quarterBefore = await num(page, 'quarter-accepted')
    const title = `<b>加粗</b><script>window.__xss = 1</script>复兴社区楼道堆放杂物`
    const navigations: string[] = []
    page.on('framenavigated', (f) => navigations.push(f.url()))

    const now = new Date()
    const res = await api(f.t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY, title, reportedAt: new Date(+now - 60_000).toISOString(), acceptedAt: now.toISOString() }))
    expect(res.status).toBe(201)

    await expect.poll(() => num(page, 'today-accepted'), { timeout: 5000 }).toBe(before + 1)
    expect(refused).toEqual([])
    expect(await num(page, 'quarter-accepted')).toBe(quarterBefore + 1)
    const first = page.getByTestId('case-feed').locator('li').first()
    await expect.poll(() => first.getAttribute('data-case-id')).toBe(String(res.body.id))
    // Citizen text is text: the tags show literally, nothing is parsed or run.
    expect(await first.locator('.title').innerText()).toBe(title)
    expect(await first.locator('.title b').count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
    expect(navigations).toEqual([])

    // Every chart drew on a canvas at least as sharp as the viewport.
    const canvases = await page.locator('canvas').evaluateAll((cs) => cs.map((c) => ({ w: (c as HTMLCanvasElement).width, cssW: c.getBoundingClientRect().width })))
    expect(canvases.length).toBeGreaterThanOrEqual(2)
    for (const c of canvases) expect(c.w).toBeGreaterThanOrEqual(Math.floor(c.cssW))
    await page.screenshot({ path: `${ARTIFACTS}/screen-1920x1080.png` })
    expect(errors).toEqual([])
    await page.close()
  })

  it('turns a case red on the wall the moment its deadline passes, with its reason in words', async () => {
    const page = await f.browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await page.goto(`${f.t.url}/screen?token=${screenToken(f.t.url)}`)
    await page.getByTestId('open-red').waitFor()
    await expect.poll(() => page.getByTestId('connection').getAttribute('class'), { timeout: 10_000 }).toContain('connected')
    const redBefore = await num(page, 'open-red')
    const now = Date.now()
    const deadline = now + 3_000
    const res = await api(f.t.url, 'POST', '/api/v1/cases', newCase({
      regionCode: COMMUNITY, title: '西花园小区地下车库积水', reportedAt: new Date(now - 86_400_000).toISOString(), acceptedAt: new Date(now - 86_400_000).toISOString(), deadlineAt: new Date(deadline).toISOString(),
    }))
    const item = page.locator(`[data-case-id="${res.body.id}"]`)
    await expect.poll(() => item.getByTestId('reasons').innerText(), { timeout: 5000 }).toBe('临期·剩1分钟')
    await expect.poll(() => item.locator('.dot').getAttribute('class'), { timeout: 8000 }).toContain('red')
    expect(Date.now() - deadline).toBeLessThan(2_000)
    expect(await item.getByTestId('reasons').innerText()).toMatch(/^超期\d+分钟$/)
    await expect.poll(() => num(page, 'open-red')).toBe(redBefore + 1)
    await page.close()
  })

  it('pages through all its red flags (+N), the newest first, each saying whether the desk has taken it', { timeout: 60_000 }, async () => {
    const page = await f.browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await page.goto(`${f.t.url}/screen?rotate=0&token=${screenToken(f.t.url)}`)
    await expect.poll(() => page.getByTestId('connection').getAttribute('class'), { timeout: 10_000 }).toContain('connected')
    const now = Date.now()
    const made = await api(f.t.url, 'POST', '/api/v1/cases:batch', {
      cases: Array.from({ length: 6 }, (_, i) => newCase({ externalId: `PAGE-${now}-${i}`, regionCode: COMMUNITY, riskLevel: 'high', title: `翻页红色预警${i + 1}`, reportedAt: new Date(now - 60_000).toISOString(), acceptedAt: new Date(now - 60_000 + i * 1000).toISOString() })),
    })
    expect(made.body.created).toBe(6)
    const strip = page.getByTestId('red-flags')
    const total = (await api(f.t.url, 'GET', '/api/v1/warnings/red')).body.length as number
    expect(total).toBeGreaterThan(4)
    await expect.poll(() => strip.getAttribute('data-pages')).toBe(String(Math.ceil(total / 4)))
    expect(await page.getByTestId('red-flags-more').innerText()).toBe(`+${total - 4}`)
    expect(await page.locator('[data-panel="red-flags"]').innerText()).toContain(`共 ${total} 件`)
    const ids = () => strip.locator('[data-case-id]').evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-case-id'))))
    const first = await ids()
    expect(first).toHaveLength(4)
    // Newest first: the batch's cases lead page 1.
    const mine = made.body.results.map((r: { case: { id: number } }) => r.case.id)
    expect(first.every((id) => mine.includes(id))).toBe(true)
    expect(await strip.locator('[data-taken]').evaluateAll((els) => els.map((e) => e.textContent))).toEqual(['未签收', '未签收', '未签收', '未签收'])
    // Taken at the desk: the wall says so.
    await api(f.t.url, 'POST', `/api/v1/cases/${first[0]}/transitions`, { action: 'ack' })
    await expect.poll(() => strip.locator(`[data-case-id="${first[0]}"] [data-taken]`).innerText()).toBe('已签收')
    await page.screenshot({ path: `${ARTIFACTS}/wall-red-flags-page1.png` })
    // The next page comes by itself, with other flags.
    await expect.poll(() => strip.getAttribute('data-page'), { timeout: 12_000 }).toBe('2')
    const second = await ids()
    expect(second.some((id) => first.includes(id))).toBe(false)
    await page.close()
  })

  it('rotates its secondary panels and drills down to a town from the map and back', { timeout: 180_000 }, async () => {
    const page = await f.browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await page.goto(`${f.t.url}/screen?rotate=1&token=${screenToken(f.t.url)}`)
    await page.locator('[data-panel="wishes"]').waitFor({ timeout: 10_000 })
    expect(await num(page, 'wish-collected')).toBeGreaterThan(0)
    await page.locator('[data-panel="heat-matrix"] canvas').first().waitFor({ timeout: 10_000 })
    // 双报到: the county's organisations and members, and its towns with most members.
    const people = page.locator('[data-panel="people"]')
    await people.getByTestId('orgs-reported').waitFor({ timeout: 10_000 })
    expect(await people.getByTestId('orgs-reported').innerText()).toBe('92')
    expect(await people.getByTestId('members-reported').innerText()).toBe('1,692')
    expect(await people.locator('[data-testid="reporting-areas"] li').count()).toBe(3)
    // All within the panel: the last area's row is not cut off.
    // (Measured at once in the page: the rotation may take the panel away between two reads.)
    const fits = () =>
      page.evaluate(`(() => {
        const panel = document.querySelector('[data-panel="people"]')
        const last = panel && panel.querySelector('[data-testid="reporting-areas"] li:last-child')
        return panel && last ? last.getBoundingClientRect().bottom <= panel.getBoundingClientRect().bottom : null
      })()`)
    await expect.poll(fits, { timeout: 10_000 }).toBe(true)
    // The whole wall (the rotation moves on within a second: an element shot would wait for it and miss).
    await page.screenshot({ path: `${ARTIFACTS}/wall-people.png` })
    // 吹哨派单: the county's whistles this year, 232 of them done, and the units called out.
    const whistles = page.locator('[data-panel="whistles"]')
    await whistles.getByTestId('whistle-done').waitFor({ timeout: 10_000 })
    expect(await whistles.getByTestId('whistle-done').innerText()).toBe('232')
    expect(await whistles.getByTestId('whistle-note').innerText()).toMatch(/^点名哨 \d+ 次$/)
    await page.screenshot({ path: `${ARTIFACTS}/wall-whistles.png` })
    // 积分榜: the year's first three organisations by 萤火能量值, as the API ranks them, none cut off.
    const board = (await api(f.t.url, 'GET', '/api/v1/people/points?region=140825000000&limit=3')).body as PointsView
    const points = page.locator('[data-panel="points"]')
    await points.getByTestId('points-board').waitFor({ timeout: 12_000 })
    // Read in one go while the panel is up (the rotation takes it away within the second).
    const shown = () =>
      page.evaluate(`(() => {
        const panel = document.querySelector('[data-panel="points"]')
        const rows = panel ? [...panel.querySelectorAll('[data-testid="points-board"] li')] : []
        // Within the list's own box, which clips what does not fit.
        const list = panel && panel.querySelector('[data-testid="points-board"]')
        return rows.length ? { names: rows.map((li) => li.querySelector('.name').textContent), fits: rows[rows.length - 1].getBoundingClientRect().bottom <= list.getBoundingClientRect().bottom + 0.5 } : null
      })()`)
    await expect.poll(shown, { timeout: 20_000 }).toEqual({ names: board.rows.map((r) => (r as OrganisationPoints).name), fits: true })
    await page.screenshot({ path: `${ARTIFACTS}/wall-points.png` })
    // 趋势预警: eight land cases in 龙湖社区 today, evaluated: the flag is pushed and the panel lists it.
    const now = Date.now()
    const surge = Array.from({ length: 8 }, (_, i) => newCase({ externalId: `SURGE-${now}-${i}`, regionCode: COMMUNITY, category: 'land', title: '承包地边界纠纷', reportedAt: new Date(now - (i + 1) * 600_000).toISOString(), acceptedAt: new Date(now - (i + 1) * 600_000 + 60_000).toISOString() }))
    expect((await api(f.t.url, 'POST', '/api/v1/cases:batch', { cases: surge })).body.failed).toBe(0)
    const { raised } = await f.t.app.ctx.trends.evaluate()
    expect(raised.some((x) => x.regionCode === COMMUNITY && x.category === 'land')).toBe(true)
    const surges = page.locator('[data-panel="surges"]')
    const listed = () =>
      page.evaluate(`(() => {
        const row = document.querySelector('[data-panel="surges"] [data-surge="${COMMUNITY}:land"]')
        return row ? row.innerText.replace(/\\s+/g, ' ').trim() : null
      })()`)
    // The panel is up one second in eight (rotate=1): on a busy machine that takes a few rounds.
    await expect.poll(listed, { timeout: 60_000 }).toMatch(/^龙湖社区 土地承包 8 件 \/ 近7天 · 常态 [\d.]+ 件\/周 · /)
    await surges.waitFor({ timeout: 12_000 }).catch(() => undefined)
    await page.screenshot({ path: `${ARTIFACTS}/wall-surges.png` })
    await expect.poll(() => page.locator('[data-panel="category"] h2').innerText(), { timeout: 10_000 }).toBe('本季度矛盾纠纷来源')
    expect(await page.getByTestId('schematic').innerText()).toBe('村社区边界示意')

    const header = page.locator('header h1')
    expect(await header.innerText()).toContain('新绛县')
    // A click in the middle of the county lands in one of its towns.
    const box = (await page.getByTestId('community-map').boundingBox())!
    const [x, y] = await page.getByTestId('community-map').evaluate((el) => {
      type Geo = { coordinateSystem: { getBoundingRect(): { x: number; y: number; width: number; height: number } } }
      const chart = (el as unknown as { __chart: () => { getModel(): { getComponent(t: string, i: number): Geo }; convertToPixel(f: object, v: number[]): number[] } }).__chart()
      const r = chart.getModel().getComponent('geo', 0).coordinateSystem.getBoundingRect()
      return chart.convertToPixel({ geoIndex: 0 }, [r.x + r.width / 2, r.y + r.height / 2])
    })
    await page.mouse.click(box.x + x!, box.y + y!)
    await page.getByTestId('drill-back').waitFor({ timeout: 5000 })
    await expect.poll(() => header.innerText(), { timeout: 5000 }).toMatch(/镇|社区|开发区/)
    await page.getByTestId('drill-back').click()
    await expect.poll(() => header.innerText(), { timeout: 5000 }).toContain('新绛县综治中心')
    await page.close()
  })

  it('says so when the connection drops, greys out, and comes back by itself', { timeout: 60_000 }, async () => {
    const page = await f.browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await page.goto(`${f.t.url}/screen?token=${screenToken(f.t.url)}`)
    await page.getByTestId('today-accepted').waitFor()
    // Cut every socket from the server side and refuse new ones for a while: the screen must
    // say so, and reconnect on its own once the server takes connections again.
    let refusing = true
    f.t.app.io.use((_socket, next) => (refusing ? next(new Error('refused for the test')) : next()))
    f.t.app.io.disconnectSockets(true)
    await page.getByTestId('disconnected-banner').waitFor({ timeout: 10_000 })
    expect(await page.getByTestId('disconnected-banner').innerText()).toMatch(/连接中断 · 数据截至 \d\d:\d\d:\d\d/)
    await expect.poll(() => page.locator('[data-stale="true"]').count()).toBeGreaterThan(0)
    await page.screenshot({ path: `${ARTIFACTS}/screen-disconnected.png` })
    refusing = false
    await page.getByTestId('disconnected-banner').waitFor({ state: 'detached', timeout: 20_000 })
    await expect.poll(() => page.locator('[data-stale="true"]').count(), { timeout: 5000 }).toBe(0)
    await page.close()
  })

  it('reloads itself when the server it reconnects to serves a newer screen build (a wall left running across an upgrade)', { timeout: 60_000 }, async () => {
    const page = await f.browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await page.goto(`${f.t.url}/screen?token=${screenToken(f.t.url)}`)
    await page.getByTestId('today-accepted').waitFor()
    await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true))
    const served = f.t.app.ctx.hub.buildOf()
    expect(served).toBe((JSON.parse(readFileSync('dist/build.json', 'utf8')) as { id: string }).id)
    // The server now serves another build (an upgrade): the wall reconnects and learns it.
    const buildOf = f.t.app.ctx.hub.buildOf
    f.t.app.ctx.hub.buildOf = () => `${served}-next`
    f.t.app.io.disconnectSockets(true)
    await expect.poll(() => page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce ?? false), { timeout: 15_000 }).toBe(false)
    f.t.app.ctx.hub.buildOf = buildOf
    await page.getByTestId('today-accepted').waitFor()
    expect(page.url()).not.toContain('token=')
    await page.close()
  })

  it('shows nothing of the county to a browser without a screen token or a session, and says why', async () => {
    const page = await f.browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await page.goto(`${f.t.url}/screen`)
    await page.getByTestId('unauthorised-banner').waitFor({ timeout: 10_000 })
    expect(await page.getByTestId('unauthorised-banner').innerText()).toContain('大屏未授权')
    expect(await page.locator('[data-case-id]').count()).toBe(0)
    await page.close()
  })
})
