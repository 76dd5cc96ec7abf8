/**
 * A city's wall (运城市): opened with the city's token and no `?region=`, it shows the city, its
 * counties on the map, its red flags named with their county; clicking a county drills into it,
 * and back comes up one level.
 */
import { mkdirSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, newCase, screenToken, startTestApp, type TestApp } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { ARTIFACTS } from '../helpers/wall'

let t: TestApp
let browser: Browser
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  t = await startTestApp({ scope: 'city' })
  browser = await launchChromium()
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await t?.close()
})

describe('a city wall', () => {
  it('shows the city, names red flags with their county, and drills into a county and back', { timeout: 90_000 }, async () => {
    // A group dispute of 60 people in 绛县 龙王庙社区 is red at once; two more cases elsewhere.
    const now = new Date()
    const at = { reportedAt: new Date(+now - 60_000).toISOString(), acceptedAt: now.toISOString() }
    await api(t.url, 'POST', '/api/v1/cases', newCase({ ...at, regionCode: '140826100005', peopleInvolved: 60, scale: 'major_group', riskLevel: 'high', title: '征地补偿群体纠纷' }))
    await api(t.url, 'POST', '/api/v1/cases', newCase({ ...at, regionCode: '140802001001' }))
    await api(t.url, 'POST', '/api/v1/cases', newCase({ ...at, regionCode: '140825400012' }))

    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await page.goto(`${t.url}/screen?rotate=0&token=${screenToken(t.url)}`)
    const header = page.locator('header h1')
    await expect.poll(() => header.innerText(), { timeout: 15_000 }).toContain('运城市综治中心')
    await page.getByTestId('community-map').locator('canvas').first().waitFor({ timeout: 15_000 })
    await expect.poll(() => page.locator('[data-panel="red-flags"]').innerText(), { timeout: 10_000 }).toContain('绛县 龙王庙社区')
    await page.waitForTimeout(1500)
    await page.screenshot({ path: `${ARTIFACTS}/city-wall-1920.png` })

    // The middle of the city's map is a county: into it, then back up to the city.
    const box = (await page.getByTestId('community-map').boundingBox())!
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.55)
    await page.getByTestId('drill-back').waitFor({ timeout: 5000 })
    await expect.poll(() => header.innerText(), { timeout: 5000 }).toMatch(/[县区市]综治中心/)
    expect(await header.innerText()).not.toContain('运城市')
    await page.getByTestId('drill-back').click()
    await expect.poll(() => header.innerText(), { timeout: 5000 }).toContain('运城市综治中心')
    await page.close()

    const wide = await browser.newPage({ viewport: { width: 5760, height: 1080 } })
    await wide.goto(`${t.url}/screen?rotate=0&token=${screenToken(t.url)}`)
    await expect.poll(() => wide.locator('header h1').innerText(), { timeout: 15_000 }).toContain('运城市综治中心')
    await wide.getByTestId('community-map').locator('canvas').first().waitFor({ timeout: 15_000 })
    await wide.waitForTimeout(1500)
    await wide.screenshot({ path: `${ARTIFACTS}/city-wall-5760.png` })
    await wide.close()
  })
})
