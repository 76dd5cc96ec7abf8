/**
 * A busy desk: 120 warned cases in the queue, 40 of them red and not taken. A new red flag must
 * be seen at once, without scrolling, and stay marked until the person opens it; search and
 * filters narrow the queue; closed cases are one tab away.
 */
import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, COMMUNITY, newCase, OTHER_TOWN_COMMUNITY, startTestApp, type TestApp } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { ARTIFACTS } from '../helpers/wall'

let t: TestApp
let browser: Browser
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  t = await startTestApp()
  await t.app.ctx.accounts.createUser({ username: 'busy', displayName: '值班员丙', role: 'duty', regionCode: t.app.ctx.rootCode, password: 'busy-desk-password' })
  // 40 red (high risk), 80 yellow (medium risk), in two towns; one closed.
  const cases = Array.from({ length: 120 }, (_, i) =>
    newCase({ externalId: `BUSY-${i}`, regionCode: i % 3 ? COMMUNITY : OTHER_TOWN_COMMUNITY, riskLevel: i < 40 ? 'high' : 'medium', title: `排队案件${i + 1}号` }),
  )
  expect((await api(t.url, 'POST', '/api/v1/cases:batch', { cases })).body.created).toBe(120)
  const done = (await api(t.url, 'POST', '/api/v1/cases', newCase({ externalId: 'BUSY-CLOSED', regionCode: COMMUNITY, title: '已经办结的案件' }))).body
  await api(t.url, 'POST', `/api/v1/cases/${done.id}/transitions`, { action: 'resolve', outcome: 'success', level: 'village' })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await t?.close()
})

async function desk(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage()
  await page.goto(`${t.url}/duty`)
  await page.getByTestId('username').fill('busy')
  await page.getByTestId('password').fill('busy-desk-password')
  await page.getByTestId('password').press('Enter')
  await page.getByTestId('queue').waitFor()
  await expect.poll(() => page.getByTestId('connection').getAttribute('class')).toContain('connected')
  await expect.poll(() => page.locator('[data-queue-id]').count()).toBeGreaterThanOrEqual(120)
  return page
}

/** Whether the element is inside the window, without scrolling anything. */
const inView = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect()
    return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth && r.height > 0
  })

describe('a busy duty desk', () => {
  it('shows a new red flag at once, above the queue and named, until it is opened', { timeout: 90_000 }, async () => {
    const page = await desk()
    const reported = Date.now()
    const fresh = (await api(t.url, 'POST', '/api/v1/cases', newCase({ externalId: 'BUSY-NEW', regionCode: OTHER_TOWN_COMMUNITY, riskLevel: 'high', title: '新来的群体性纠纷' }))).body
    const item = `[data-fresh-id="${fresh.id}"]`
    await page.locator(item).waitFor({ timeout: 1_000 })
    expect(Date.now() - reported).toBeLessThan(1_000)
    expect(await inView(page, item)).toBe(true)
    expect(await page.locator(item).innerText()).toMatch(/^新\s+新来的群体性纠纷\s+孝义坊村\s+\d\d:\d\d:\d\d 到达$/)
    // Named in the banner too (and aloud where the machine has a voice).
    expect(await page.getByTestId('red-flag-announce').innerText()).toContain('新来的群体性纠纷')
    await page.screenshot({ path: `${ARTIFACTS}/duty-busy-new-flag.png` })

    // Marked until opened: not by time passing, nor by a reload.
    await page.waitForTimeout(2_000)
    await page.reload()
    await page.locator(item).waitFor()
    expect(await page.locator(`[data-queue-id="${fresh.id}"] .mark`).count()).toBe(1)
    await page.locator(item).click()
    await expect.poll(() => page.locator(item).count()).toBe(0)
    expect(await page.locator(`[data-queue-id="${fresh.id}"] .mark`).count()).toBe(0)
    await expect.poll(() => page.getByTestId('case-detail').getAttribute('data-case-id')).toBe(String(fresh.id))
    await page.close()
  })

  it('searches by number, title or place, filters and sorts the queue, and lists the closed cases', { timeout: 60_000 }, async () => {
    const page = await desk()
    const ids = () => page.locator('[data-queue-id]').evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-queue-id'))))
    const all = (await ids()).length

    const some = (await api(t.url, 'GET', '/api/v1/cases?limit=200')).body.find((c: { externalId: string }) => c.externalId === 'BUSY-7')
    await page.getByTestId('queue-search').fill(`#${some.id}`)
    await expect.poll(ids).toEqual([some.id])
    await page.getByTestId('queue-search').fill('排队案件11')
    await expect.poll(async () => (await ids()).length).toBe(11) // 11, 110–119
    await page.getByTestId('queue-search').fill('孝义坊')
    await expect.poll(async () => (await ids()).length).toBeGreaterThanOrEqual(40)
    expect(await page.getByTestId('queue-filtered').innerText()).toMatch(new RegExp(`筛选后 \\d+ / ${all}`))
    await page.getByTestId('queue-search').fill('')

    await page.getByTestId('queue-colour').selectOption('yellow')
    await expect.poll(async () => new Set(await page.locator('[data-queue-id]').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-colour'))))).toEqual(new Set(['yellow']))
    await page.getByTestId('queue-colour').selectOption('')
    await page.getByTestId('queue-unack').check()
    await expect.poll(async () => new Set(await page.locator('[data-queue-id]').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-unacknowledged'))))).toEqual(new Set(['true']))
    await page.getByTestId('queue-town').selectOption('140825100000')
    const townOnly = await page.locator('[data-queue-id] .line2').allInnerTexts()
    expect(townOnly.length).toBeGreaterThan(0)
    expect(townOnly.every((s) => s.includes('孝义坊村'))).toBe(true)
    await page.screenshot({ path: `${ARTIFACTS}/duty-busy-filtered.png` })
    await page.getByRole('button', { name: '清除筛选' }).click()
    await expect.poll(async () => (await ids()).length).toBe(all)

    // Sorted by place: the places' names in order.
    await page.getByTestId('queue-sort').selectOption('place')
    const places = await page.locator('[data-queue-id] .line2 span:nth-child(2)').allInnerTexts()
    expect(places).toEqual([...places].sort((a, b) => a.localeCompare(b, 'zh-CN')))

    await page.getByTestId('tab-closed').click()
    await page.locator('[data-testid="closed-cases"] li').first().waitFor()
    expect(await page.getByTestId('closed-cases').innerText()).toContain('已经办结的案件')
    await page.close()
  })
})
