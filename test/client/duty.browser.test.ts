import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { manualClock, type ManualClock } from '../../server/domain/clock'
import { sql } from 'drizzle-orm'
import { queryRows } from '../../db/client'
import { api, COMMUNITY, newCase, startTestApp, type TestApp } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { ARTIFACTS } from '../helpers/wall'

// Two people at the desk, each in their own browser session; the server's clock turns a case red.
let t: TestApp
let clock: ManualClock
let browser: Browser
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  clock = manualClock(new Date())
  t = await startTestApp({ clock })
  for (const [username, displayName] of [['desk1', '值班员甲'], ['desk2', '值班员乙']]) {
    await t.app.ctx.accounts.createUser({ username: username!, displayName: displayName!, role: 'duty', regionCode: t.app.ctx.rootCode, password: `${username}-password` })
  }
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await t?.close()
})

/** A desk in its own browser context (own cookies), logged in through the form, notifications allowed and recorded. */
async function desk(username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
  await context.grantPermissions(['notifications'], { origin: t.url })
  const page = await context.newPage()
  await page.addInitScript(`
    window.__notes = [];
    const Real = window.Notification;
    window.Notification = class extends Real { constructor(title, o) { super(title, o); window.__notes.push(title + ' | ' + (o && o.body)); } };
    window.Notification.requestPermission = Real.requestPermission.bind(Real);
    Object.defineProperty(window.Notification, 'permission', { get: () => Real.permission });
  `)
  await page.goto(`${t.url}/duty`)
  await page.getByTestId('username').fill(username)
  await page.getByTestId('password').fill(`${username}-password`)
  await page.getByTestId('password').press('Enter')
  await page.getByTestId('queue').waitFor()
  await expect.poll(() => page.getByTestId('connection').getAttribute('class')).toContain('connected')
  return page
}

const row = (page: Page, id: number) => page.locator(`[data-queue-id="${id}"]`)

describe('the duty desk', () => {
  it('趋势预警: a surge raised while the desk is open shows at once as a yellow item (its clearing is pushed the same way: trends.node.test.ts)', { timeout: 90_000 }, async () => {
    const page = await desk('desk1')
    expect(await page.getByTestId('desk-trends').count()).toBe(0)
    const now = clock.now().getTime()
    const surge = Array.from({ length: 8 }, (_, i) => newCase({ externalId: `DESK-SURGE-${now}-${i}`, regionCode: COMMUNITY, category: 'land', title: '承包地边界纠纷', reportedAt: new Date(now - (i + 1) * 600_000).toISOString(), acceptedAt: new Date(now - (i + 1) * 600_000 + 60_000).toISOString() }))
    expect((await api(t.url, 'POST', '/api/v1/cases:batch', { cases: surge })).body.failed).toBe(0)
    await t.app.ctx.trends.evaluate()
    const item = page.getByTestId('desk-trends').locator(`[data-trend="${COMMUNITY}:land"]`)
    await item.waitFor({ timeout: 10_000 })
    expect(await item.innerText()).toMatch(/^龙湖社区 土地承包 近7天 8 件（常态 [\d.]+ 件\/周）$/)
    await page.screenshot({ path: `${ARTIFACTS}/duty-trends.png` })
    await page.context().close()
  })

  it('上报: takes a case from its grid up to the town, says where it is handled now, and offers to close it there or above only', { timeout: 90_000 }, async () => {
    const page = await desk('desk1')
    const c = (await api(t.url, 'POST', '/api/v1/cases', newCase({ title: '小区占道经营', riskLevel: 'medium' }))).body
    await row(page, c.id).click()
    await expect.poll(() => page.getByTestId('case-detail').getAttribute('data-case-id')).toBe(String(c.id))
    expect(await page.getByTestId('case-level').innerText()).toBe('网格（小区）')
    await page.locator('[data-action="report_up"]').click()
    const form = page.locator('[data-form="report_up"]')
    expect(await form.locator('[data-field="handled-at"]').innerText()).toBe('网格（小区）')
    expect(await form.locator('[data-field="to"] option').allInnerTexts()).toEqual(['村（社区）', '乡镇（街道）', '县'])
    await form.locator('[data-field="to"]').selectOption('town')
    await page.screenshot({ path: `${ARTIFACTS}/duty-report-up.png` })
    await page.getByTestId('submit-action').click()
    await expect.poll(() => page.getByTestId('case-level').innerText()).toBe('乡镇（街道）')
    expect(await page.locator('[data-testid="timeline"] li[data-action="report_up"]').innerText()).toMatch(/上报\s+网格（小区） → 乡镇（街道）/)
    // Closing: at the town or the county, not below.
    await page.keyboard.press('r')
    expect(await page.locator('[data-form="resolve"] [data-field="level"] option').allInnerTexts()).toEqual(['乡镇（街道）', '县'])
    await page.context().close()
  })

  it('rings for a case that turns red, and two desks see each other take and dispatch it, live', { timeout: 90_000 }, async () => {
    const a = await desk('desk1')
    const b = await desk('desk2')
    const now = clock.now().getTime()
    const title = '<b>楼道堆物</b> 堵塞消防通道'
    const due = (await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY, title, description: '<script>alert(1)</script>群众反映楼道堆物', reportedAt: new Date(now - 3600_000).toISOString(), acceptedAt: new Date(now - 3600_000).toISOString(), deadlineAt: new Date(now + 600_000).toISOString() }))).body
    const medium = (await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY, title: '中风险纠纷', riskLevel: 'medium' }))).body
    await expect.poll(() => row(a, due.id).getAttribute('data-colour')).toBe('yellow')
    await row(b, medium.id).waitFor()
    const unack = async (page: Page) => Number((await page.getByTestId('unack-count').innerText()).split(/\s/)[0])
    const alarms = async () => Number(await a.getByTestId('sound-toggle').getAttribute('data-alarms'))
    const [u0, alarms0] = [await unack(a), await alarms()]

    // The deadline passes on the server's clock: no request, the desk rings and flags it.
    await t.app.settle()
    clock.advance(600_000 + 1000)
    await t.app.settle()
    await expect.poll(() => row(a, due.id).getAttribute('data-colour'), { timeout: 5000 }).toBe('red')
    expect(await row(a, due.id).getAttribute('data-unacknowledged')).toBe('true')
    // (The demo county's own live cases may turn red in the same ten minutes: count relative.)
    const u1 = await unack(a)
    expect(u1).toBeGreaterThan(u0)
    await expect.poll(alarms).toBe(alarms0 + 1)
    await expect.poll(() => a.getByTestId('sound-toggle').getAttribute('data-sound')).toBe('played')
    expect(await a.evaluate('window.__notes')).toContainEqual(expect.stringContaining(`红色预警：${title}`))
    // Red before yellow: the new red flag sits above the yellow case.
    const order = await a.locator('[data-queue-id]').evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-queue-id'))))
    expect(order.indexOf(due.id)).toBeLessThan(order.indexOf(medium.id))
    await a.screenshot({ path: `${ARTIFACTS}/duty-red-flag.png` })
    // Keyboard only: j down the queue to the case, then a to take it.
    const selectedRow = a.locator('[data-queue-id][aria-selected="true"]')
    // Nothing selected yet counts as above the first row: the first j selects it.
    const selectedAt = (await selectedRow.count()) ? order.indexOf(Number(await selectedRow.getAttribute('data-queue-id'))) : -1
    const steps = order.indexOf(due.id) - selectedAt
    for (let i = 0; i < Math.abs(steps); i++) await a.keyboard.press(steps > 0 ? 'j' : 'k')
    await expect.poll(() => a.getByTestId('case-detail').getAttribute('data-case-id')).toBe(String(due.id))
    // Citizen text is shown as text.
    expect(await a.getByTestId('case-title').innerText()).toBe(title)
    expect(await a.getByTestId('case-description').innerText()).toContain('<script>alert(1)</script>')
    await a.keyboard.press('a')
    await expect.poll(() => row(a, due.id).getAttribute('data-unacknowledged')).toBe('false')
    // The other desk sees it taken, without a reload.
    await expect.poll(() => row(b, due.id).getAttribute('data-unacknowledged'), { timeout: 5000 }).toBe('false')
    expect(await unack(b)).toBe(u1 - 1)

    // Dispatch through the form, keyboard only, to a unit picked from the directory (承办单位).
    await a.keyboard.press('d')
    const unit = a.getByTestId('unit-input')
    // A name the directory does not know cannot be sent.
    await unit.fill('城管局')
    await expect.poll(() => a.getByTestId('unit-options').innerText()).toBe('目录中没有匹配的单位')
    await unit.press('Enter')
    await expect.poll(() => a.getByTestId('action-message').innerText()).toContain('请从承办单位目录中选择')
    await unit.fill('住建')
    await expect.poll(() => a.locator('[data-testid="unit-options"] [role="option"]').allInnerTexts()).toEqual([expect.stringMatching(/^新绛县住建局\s*县直/)])
    await unit.fill('')
    await a.screenshot({ path: `${ARTIFACTS}/duty-dispatch-units.png` })
    await unit.fill('住建')
    await unit.press('Enter')
    await expect.poll(() => unit.inputValue()).toBe('新绛县住建局')
    await unit.press('Enter')
    await expect.poll(() => a.getByTestId('case-unit').innerText()).toBe('新绛县住建局')
    await row(b, due.id).click()
    await expect.poll(() => b.getByTestId('case-unit').innerText(), { timeout: 5000 }).toBe('新绛县住建局')
    for (const page of [a, b]) {
      const steps = await page.locator('[data-testid="timeline"] li').evaluateAll((lis) => lis.map((li) => `${li.getAttribute('data-action')} ${li.textContent}`))
      expect(steps[0]).toMatch(/^dispatch .*值班员甲.*分流转办.*县住建局/)
      expect(steps[1]).toMatch(/^ack .*值班员甲.*签收/)
      expect(steps.some((s) => s.startsWith('warning'))).toBe(true)
    }
    await b.screenshot({ path: `${ARTIFACTS}/duty-second-desk.png` })
    // Muting is one key; the next red flag is counted but silent.
    await a.keyboard.press('m')
    expect(await a.getByTestId('sound-toggle').getAttribute('aria-pressed')).toBe('false')
  })

  it('registers walk-in visits at the window: the third on the same matter turns it red (重复访), and who came is shown masked', { timeout: 90_000 }, async () => {
    const a = await desk('desk1')
    await a.getByTestId('visits-open').click()
    const panel = a.getByTestId('visit-panel')
    await panel.waitFor()
    const register = async (purpose: string) => {
      await a.getByTestId('visit-name').fill('李 建国')
      await a.getByTestId('visit-phone').fill('139-0000-1111')
      await a.getByTestId('visit-purpose').fill(purpose)
      await a.getByTestId('visit-submit').click()
      await a.getByTestId('visit-saved').waitFor()
      return a.getByTestId('visit-saved').innerText()
    }
    // First time: a new matter, in 龙湖社区.
    await a.getByTestId('visit-community').selectOption(COMMUNITY)
    await a.getByTestId('visit-category').selectOption('property')
    await a.getByTestId('visit-title').fill('小区电梯长期停运')
    expect(await register('<img src=x onerror=alert(1)>电梯停运三个月')).toContain('第 1 次')
    // Then the visitor is found by phone and the matter offered; twice more.
    for (const n of [2, 3]) {
      await a.getByTestId('visit-phone').fill('13900001111')
      await a.getByTestId('visit-find').click()
      await expect.poll(() => a.getByTestId('visit-earlier').innerText()).toContain(`${n - 1}`)
      expect(await a.getByTestId('visit-matter').inputValue()).not.toBe('new')
      expect(await register(`第${n}次来反映电梯`)).toContain(`第 ${n} 次`)
    }
    expect(await a.getByTestId('visit-saved').innerText()).toContain('重复访')
    const recent = await a.getByTestId('visit-recent').innerText()
    expect(recent).toContain('李*国')
    expect(recent).toContain('139****1111')
    expect(recent).not.toContain('13900001111')
    // Citizen text stays text.
    expect(recent).toContain('<img src=x onerror=alert(1)>')
    expect(await a.locator('[data-testid="visit-recent"] img').count()).toBe(0)
    await a.screenshot({ path: `${ARTIFACTS}/duty-visits.png` })
    // The matter is red on the desk's queue too.
    const [visit] = (await api<{ caseId: number }[]>(t.url, 'GET', '/api/v1/visits?limit=1')).body
    await expect.poll(() => row(a, visit!.caseId).getAttribute('data-colour'), { timeout: 5000 }).toBe('red')
    await a.context().close()
  })

  it('takes a ledger’s open cases into the queue while it is open, those the stream’s events leave out read again', { timeout: 90_000 }, async () => {
    const a = await desk('desk1')
    const all = (await api<{ name: string; code: string }[]>(t.url, 'GET', '/api/v1/regions?level=community')).body.filter((r) => r.code.startsWith('140825'))
    const place = all.find((r) => all.filter((x) => x.name === r.name).length === 1)!.name
    // 250 cases still open, accepted 40 to 289 days ago: all late and red, in one community (one entry, more red than an event carries).
    const local = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
    const lines = Array.from({ length: 250 }, (_, i) => `TZ-D-${i + 1},${local(+clock.now() - (40 + i) * 86_400_000)},${place},邻里纠纷,台账未结${i + 1}`)
    const csv = Buffer.from(['受理编号,登记时间,所属村社区,纠纷类别,事由', ...lines].join('\n'))
    const started = await api<{ id: number }>(t.url, 'POST', '/api/v1/imports', { file: csv.toString('base64'), name: '未结台账.csv', zone: 'Asia/Shanghai', dryRun: false })
    expect(started.status).toBe(202)
    await expect.poll(async () => (await api<{ status: string }>(t.url, 'GET', `/api/v1/imports/${started.body.id}`)).body.status, { timeout: 30_000 }).toBe('done')
    const [newest, oldest] = await Promise.all(['TZ-D-1', 'TZ-D-250'].map(async (x) => (await queryRows<{ id: number; colour: string }>(t.app.ctx.db, sql`select id, colour from cases where external_id = ${x}`))[0]!))
    expect([newest!.colour, oldest!.colour]).toEqual(['red', 'red'])
    // The newest came with the import's event; the oldest, left out of it, with the queue read again.
    await expect.poll(() => row(a, newest!.id).count(), { timeout: 10_000 }).toBe(1)
    await expect.poll(() => row(a, oldest!.id).count(), { timeout: 10_000 }).toBe(1)
    await a.getByTestId('queue-search').fill('台账未结')
    await expect.poll(() => a.locator('[data-queue-id]').count(), { timeout: 10_000 }).toBe(250)
    await a.context().close()
  })
})
