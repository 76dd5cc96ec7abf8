/**
 * /dispatch in Chromium: the county desk whistles a need to a community's paired unit, sees it
 * wait with the time left, records 接单 and 办结 on the unit's board; lists a need, has a unit
 * claim it, reports the project done, and exports the council's list. Citizen text stays text.
 * Screenshots of both tabs at 1920×1080 and the board at 1366×768.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { ARTIFACTS } from '../helpers/wall'

let t: TestApp
let browser: Browser
const HOSTILE = '<img src=x onerror="document.title=1">楼道灯不亮'
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  t = await startTestApp()
  await t.app.ctx.accounts.createUser({ username: 'desk', displayName: '县中心值班员', role: 'duty', regionCode: t.app.ctx.rootCode, password: 'desk-duty-password' })
  browser = await launchChromium()
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await t?.close()
})

async function logIn(page: Page, path: string) {
  await page.goto(`${t.url}${path}`)
  await page.getByTestId('username').fill('desk')
  await page.getByTestId('password').fill('desk-duty-password')
  await page.getByTestId('password').press('Enter')
}

describe('/dispatch', () => {
  it('吹哨 → 接单 → 办结 on the unit’s board, with the time left; the funnel counts it', { timeout: 120_000 }, async () => {
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage()
    await logIn(page, '/dispatch')
    await page.getByTestId('whistle-funnel').waitFor()
    const count = async (id: string) => Number((await page.getByTestId('whistle-funnel').locator('.card').nth(id === 'whistled' ? 0 : id === 'taken' ? 1 : 2).locator('b').innerText()).replace(/\D/g, ''))
    const [whistled, taken, done] = [await count('whistled'), await count('taken'), await count('done')]
    expect(done).toBe(232)

    // Whistle to the first community's paired unit: the unit is filled in for the community.
    const community = page.getByTestId('whistle-community')
    await community.selectOption({ index: 1 })
    const unitName = (await page.getByTestId('whistle-unit').locator('option:checked').innerText()).trim()
    expect(unitName).not.toBe('')
    await page.getByTestId('whistle-title').fill(HOSTILE)
    await page.getByTestId('whistle-hours').selectOption('2')
    await page.getByTestId('whistle-send').click()
    const card = page.getByTestId('board-whistled').locator('article', { hasText: '楼道灯不亮' })
    await card.waitFor()
    // Citizen text is text: the tag shows as typed, no element is made of it.
    expect(await card.locator('.title').innerText()).toBe(HOSTILE)
    expect(await page.locator('article img').count()).toBe(0)
    expect(await card.getByTestId('take-clock').innerText()).toMatch(/^接单剩余 (1 小时 59 分|2 小时 0 分)$/)
    expect(await count('whistled')).toBe(whistled + 1)

    // The unit's board: only its whistles.
    await page.getByTestId('board-unit').selectOption({ label: unitName })
    await expect.poll(async () => (await page.getByTestId('unit-board').locator('article').allInnerTexts()).every((x) => x.includes(`→ ${unitName}`))).toBe(true)
    await card.waitFor()
    await page.screenshot({ path: `${ARTIFACTS}/dispatch-board-1920.png`, fullPage: true })

    await card.getByTestId('take').click()
    await card.getByTestId('step-text').fill('王主任')
    await card.getByTestId('step-save').click()
    const working = page.getByTestId('board-taken').locator('article', { hasText: '楼道灯不亮' })
    await working.waitFor()
    expect(await working.innerText()).toContain('王主任 接单')
    await working.getByTestId('done').click()
    await working.getByTestId('step-text').fill('已更换灯具')
    await working.getByTestId('step-save').click()
    await page.getByTestId('board-done').locator('article', { hasText: '已更换灯具' }).waitFor()
    await page.getByTestId('board-unit').selectOption('0')
    await expect.poll(() => count('done')).toBe(done + 1)
    expect(await count('taken')).toBe(taken + 1)

    const small = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage()
    await logIn(small, '/dispatch')
    await small.getByTestId('board-whistled').waitFor()
    await small.screenshot({ path: `${ARTIFACTS}/dispatch-board-1366.png` })
    // Nothing runs past the page's width.
    expect(await small.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
  })

  it('三张清单: a need listed, claimed by a unit, its project done; the council’s list exported', { timeout: 120_000 }, async () => {
    const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 }, acceptDownloads: true })).newPage()
    await logIn(page, '/dispatch?tab=lists')
    await page.getByTestId('lists-summary').waitFor()
    await page.getByTestId('list-community').selectOption({ label: '龙湖社区' })
    await page.getByTestId('list-title').fill('丽华苑小区楼道扶手安装')
    await page.getByTestId('list-add').click()
    const need = page.getByTestId('list-need').locator('article', { hasText: '丽华苑小区楼道扶手安装' })
    await need.waitFor()
    expect(await need.innerText()).toContain('待认领')
    await need.getByTestId('claim').click()
    await need.getByTestId('claim-unit').selectOption({ index: 0 })
    await need.getByTestId('act-save').click()
    const project = page.getByTestId('list-project').locator('article', { hasText: '丽华苑小区楼道扶手安装' })
    await project.waitFor()
    await project.getByTestId('project-done').click()
    await project.getByTestId('done-report').fill('扶手已安装')
    await project.getByTestId('act-save').click()
    await expect.poll(async () => project.innerText()).toContain('已完成')
    expect(await need.innerText()).toContain('已完成')
    await page.screenshot({ path: `${ARTIFACTS}/dispatch-lists-1920.png`, fullPage: true })

    await page.getByTestId('council-community').selectOption({ label: '龙湖社区' })
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('council-export').click()])
    const text = readFileSync(await download.path(), 'utf8')
    expect(download.suggestedFilename()).toMatch(/^龙湖社区-\d{4}-\d{2}-15-议事清单\.csv$/)
    expect(text).toContain('"上次议事以来完成","项目"')
    expect(text).toContain('丽华苑小区楼道扶手安装')
  })
})
