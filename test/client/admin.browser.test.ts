/**
 * /admin in Chromium: an admin makes a town's duty officer and a wall token, the wall opens on
 * its link, the token is revoked and the wall says so, the officer is disabled while at the desk,
 * and the audit log has all of it, in order. Screenshots of every tab at 1920×1080 and 1366×768.
 */
import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { api, COMMUNITY, newCase, startTestApp, type TestApp } from '../helpers/app'
import { launchChromium } from '../helpers/browser'
import { ARTIFACTS } from '../helpers/wall'
import jsQR from 'jsqr'
import iconv from 'iconv-lite'

const LONGXING = '140825100000'
let t: TestApp
let browser: Browser
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  t = await startTestApp({ history: true })
  await t.app.ctx.accounts.createUser({ username: 'chief', displayName: '县中心管理员', role: 'admin', regionCode: t.app.ctx.rootCode, password: 'chief-admin-password' })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await t?.close()
})

async function logIn(page: Page, path: string, username: string, password: string) {
  await page.goto(`${t.url}${path}`)
  await page.getByTestId('username').fill(username)
  await page.getByTestId('password').fill(password)
  await page.getByTestId('password').press('Enter')
}

describe('/admin', () => {
  it('makes a duty officer and a wall token, revokes and disables them at once, and audits it all', { timeout: 120_000 }, async () => {
    const admin = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage()
    await logIn(admin, '/admin', 'chief', 'chief-admin-password')
    await admin.getByTestId('users').waitFor()

    // A duty officer for 龙兴镇: the one-time password is shown once.
    await admin.getByTestId('new-username').fill('lx-officer')
    await admin.getByTestId('new-name').fill('龙兴值班员')
    await admin.getByTestId('new-region').selectOption(LONGXING)
    await admin.getByTestId('create-user').click()
    const password = (await admin.getByTestId('secret').innerText()).trim()
    expect(password.length).toBeGreaterThanOrEqual(10)
    await admin.locator('[data-username="lx-officer"]').waitFor()
    await admin.screenshot({ path: `${ARTIFACTS}/admin-people-1920.png`, fullPage: true })
    await admin.getByTestId('close-once').click()

    // A wall token for 龙兴镇, and its link opened on "the wall PC".
    await admin.getByTestId('tab-keys').click()
    await admin.getByTestId('new-key-name').fill('龙兴镇大屏')
    await admin.getByTestId('new-key-region').selectOption(LONGXING)
    await admin.getByTestId('create-key').click()
    const link = (await admin.getByTestId('wall-link').innerText()).trim()
    expect(link).toMatch(new RegExp(`^${t.url}/screen\\?token=gss_`))
    // The QR code, drawn into pixels and read back by a QR reader, is that same link.
    const pixels = await admin.getByTestId('wall-qr').evaluate(async (svg) => {
      const img = new Image()
      img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`
      await img.decode()
      const canvas = Object.assign(document.createElement('canvas'), { width: 400, height: 400 })
      const ctx = canvas.getContext('2d')!
      ctx.drawImage(img, 0, 0, 400, 400)
      return Array.from(ctx.getImageData(0, 0, 400, 400).data)
    })
    expect(jsQR(Uint8ClampedArray.from(pixels), 400, 400)?.data).toBe(link)
    await admin.screenshot({ path: `${ARTIFACTS}/admin-keys-1920.png`, fullPage: true })
    await admin.getByTestId('close-once').click()
    const wall = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage()
    await wall.goto(link)
    await expect.poll(() => wall.locator('header h1').innerText(), { timeout: 15_000 }).toContain('龙兴镇')
    await wall.getByTestId('today-accepted').waitFor()
    // It is listed under the walls connected now.
    await admin.getByTestId('tab-walls').click()
    await admin.locator('[data-wall="龙兴镇大屏"]').waitFor({ timeout: 12_000 })
    expect(await admin.locator('[data-wall="龙兴镇大屏"]').innerText()).toContain('龙兴镇')
    await admin.screenshot({ path: `${ARTIFACTS}/admin-walls-1920.png`, fullPage: true })
    await admin.getByTestId('tab-keys').click()

    // The officer logs in at the desk (changing the one-time password first).
    const desk = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage()
    await logIn(desk, '/duty', 'lx-officer', password)
    await desk.getByTestId('current-password').fill(password)
    await desk.getByTestId('new-password').fill('lx-officer-own-password')
    await desk.getByTestId('new-password').press('Enter')
    await desk.getByTestId('queue').waitFor({ timeout: 15_000 })
    await expect.poll(() => desk.getByTestId('connection').getAttribute('class'), { timeout: 10_000 }).toContain('connected')

    // Revoked: the wall says 大屏未授权 within 2 s.
    await admin.locator('[data-key="龙兴镇大屏"]').getByRole('button', { name: '吊销' }).click()
    const revokedAt = Date.now()
    await wall.getByTestId('unauthorised-banner').waitFor({ timeout: 2_000 })
    expect(Date.now() - revokedAt).toBeLessThan(2_000)
    expect(await wall.getByTestId('unauthorised-banner').innerText()).toContain('大屏未授权')

    // Disabled while at the desk: its socket closes and its next action is refused.
    await admin.getByTestId('tab-people').click()
    await admin.getByTestId('disable-lx-officer').click()
    await expect.poll(() => desk.getByTestId('connection').getAttribute('class'), { timeout: 5_000 }).not.toMatch(/(^|\s)connected/)
    expect(await desk.evaluate(async () => (await fetch('/api/v1/duty/queue')).status)).toBe(401)

    // The audit log, newest first: all of it, in order.
    await admin.getByTestId('tab-audit').click()
    await admin.locator('[data-action="user.disable"]').first().waitFor()
    const actions = (await admin.locator('[data-testid="audit"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')))).reverse()
    const wanted = ['login.success', 'user.create', 'key.create', 'login.success', 'user.change_password', 'key.revoke', 'user.disable']
    const relevant = actions.filter((a) => wanted.includes(a!))
    expect(relevant.slice(-wanted.length)).toEqual(wanted)
    // To the second: a minute holds many of these.
    expect(await admin.locator('[data-testid="audit"] tbody tr td').first().innerText()).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d$/)
    await admin.screenshot({ path: `${ARTIFACTS}/admin-audit-1920.png`, fullPage: true })

    // 承办单位: one added by hand, more imported from a CSV written by a Chinese Excel (GBK).
    await admin.getByTestId('tab-units').click()
    await admin.locator('[data-unit="龙兴镇司法所"]').waitFor()
    await admin.getByTestId('unit-name').fill('龙兴镇退役军人服务站')
    await admin.getByTestId('unit-region').selectOption(LONGXING)
    await admin.getByTestId('unit-parent').selectOption({ label: '龙兴镇综治中心' })
    await admin.getByTestId('unit-contact').fill('王建国')
    await admin.getByTestId('unit-phone').fill('0359-7511111')
    await admin.getByTestId('create-unit').click()
    await admin.locator('[data-unit="龙兴镇退役军人服务站"]').waitFor()
    expect(await admin.locator('[data-unit="龙兴镇退役军人服务站"]').innerText()).toMatch(/乡镇\s+龙兴镇\s+龙兴镇综治中心\s+王建国\s+0359-7511111/)
    const gbk = (text: string) => ({ name: '单位.csv', mimeType: 'text/csv', buffer: iconv.encode(text, 'gbk') })
    const unitImport = admin.getByTestId('unit-import-panel')
    await unitImport.getByTestId('file').setInputFiles(gbk('名称,所属地区,上级单位,联系人,联系电话\r\n龙兴镇文化站,龙兴镇,,李文华,0359-7500001\r\n火星站,火星镇,,,\r\n'))
    await unitImport.getByTestId('problems').waitFor()
    expect(await unitImport.locator('[data-testid="problems"] tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^3\s+所属地区\s+火星镇\s+本地区没有这个地名$/)])
    expect(await unitImport.getByTestId('import').count()).toBe(0)
    await admin.screenshot({ path: `${ARTIFACTS}/admin-units-1920.png`, fullPage: true })
    await unitImport.getByTestId('file').setInputFiles(gbk('名称,所属地区,上级单位,联系人,联系电话\r\n龙兴镇文化站,龙兴镇,新绛县司法局,李文华,0359-7500001\r\n孝义坊村文化室,孝义坊村,龙兴镇文化站,,\r\n'))
    await unitImport.getByTestId('import').click()
    await expect.poll(() => unitImport.getByTestId('done').innerText()).toContain('新增 2 个')
    await admin.getByTestId('unit-search').fill('文化')
    expect(await admin.locator('[data-testid="units"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit')))).toEqual(['龙兴镇文化站', '孝义坊村文化室'])
    expect(await admin.locator('[data-unit="孝义坊村文化室"]').innerText()).toContain('龙兴镇文化站')

    // The same pages on a small laptop screen.
    await admin.setViewportSize({ width: 1366, height: 768 })
    // The warning rules: a preview first (nothing changes), then saved and audited.
    await admin.getByTestId('tab-rules').click()
    await admin.getByTestId('rule-groupSize').fill('3')
    await admin.getByTestId('rules-preview').click()
    await admin.getByTestId('rules-preview-result').waitFor()
    expect(await admin.getByTestId('rules-preview-result').innerText()).toMatch(/件未办结案件中 \d+ 件将改变颜色/)
    await admin.screenshot({ path: `${ARTIFACTS}/admin-rules-1920.png`, fullPage: true })
    await admin.getByTestId('rules-save').click()
    await admin.getByTestId('rules-saved').waitFor()
    expect((await t.app.ctx.rules.current).groupSize).toBe(3)

    for (const tab of ['people', 'keys', 'walls', 'units', 'reporting', 'teams', 'ledger', 'webhooks', 'rules', 'audit']) {
      await admin.getByTestId(`tab-${tab}`).click()
      await admin.waitForTimeout(300)
      // Nothing runs off the side: the page is as wide as the window.
      expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366)
      await admin.screenshot({ path: `${ARTIFACTS}/admin-${tab}-1366.png`, fullPage: true })
    }
    // The units kept above are in the audit log too, by the admin.
    expect(await admin.locator('[data-action="unit.create"]').count()).toBe(1)
    expect(await admin.locator('[data-action="unit.import"]').count()).toBe(1)
  })

  it('双报到: the county’s organisations and members counted; one added and reported by hand; a members roster checked row by row, then imported', { timeout: 90_000 }, async () => {
    const admin = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage()
    await logIn(admin, '/admin', 'chief', 'chief-admin-password')
    await admin.getByTestId('tab-reporting').click()
    await admin.getByTestId('reporting-summary').waitFor()
    expect(await admin.getByTestId('orgs-reported').innerText()).toBe('92')
    expect(await admin.getByTestId('members-reported').innerText()).toBe('1,692')
    expect(await admin.getByTestId('reporting-summary').innerText()).toContain('报到率 100.00%')
    // Added, not yet reported: the rate falls; reported to 龙湖社区: back to whole.
    await admin.getByTestId('org-name').fill('新绛县档案馆机关党支部')
    await admin.getByTestId('create-org').click()
    await admin.locator('[data-org="新绛县档案馆机关党支部"]').waitFor()
    await expect.poll(() => admin.getByTestId('reporting-summary').innerText()).toContain('应报到 93 · 报到率 98.92%')
    await admin.getByTestId('report-新绛县档案馆机关党支部').click()
    await admin.getByTestId('report-community').selectOption({ label: '龙湖社区' })
    await admin.getByTestId('save-report').click()
    await expect.poll(() => admin.getByTestId('orgs-reported').innerText()).toBe('93')
    expect(await admin.locator('[data-org="新绛县档案馆机关党支部"]').innerText()).toMatch(/机关党组织\s+新绛县\s+龙湖社区\s+\d{4}-\d\d-\d\d\s+0 \/ 0/)
    // A roster written by a Chinese Excel (GBK): the bad row named, nothing stored; then the good one.
    const gbk = (text: string) => ({ name: '党员.csv', mimeType: 'text/csv', buffer: iconv.encode(text, 'gbk') })
    const members = admin.getByTestId('member-import')
    await members.getByTestId('file').setInputFiles(gbk('姓名,所属组织,居住社区,报到时间,岗位\r\n张文明,新绛县档案馆机关党支部,龙湖社区,2026-03-10,党建宣传岗\r\n李秀英,不存在的组织,龙湖社区,2026-03-11,\r\n'))
    await members.getByTestId('problems').waitFor()
    expect(await members.locator('tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^3\s+所属组织\s+不存在的组织\s+本地区没有这个组织/)])
    expect(await members.getByTestId('import').count()).toBe(0)
    await members.screenshot({ path: `${ARTIFACTS}/admin-reporting-problems-1920.png` })
    await members.getByTestId('file').setInputFiles(gbk('姓名,所属组织,居住社区,报到时间,岗位\r\n张文明,新绛县档案馆机关党支部,龙湖社区,2026-03-10,党建宣传岗\r\n李秀英,新绛县档案馆机关党支部,龙湖社区,2026-03-11,爱心守护岗\r\n'))
    await members.getByTestId('import').click()
    await expect.poll(() => members.getByTestId('done').innerText()).toContain('新增 2')
    await expect.poll(() => admin.getByTestId('members-reported').innerText()).toBe('1,694')
    expect(await admin.locator('[data-org="新绛县档案馆机关党支部"]').innerText()).toContain('2 / 2')
    await admin.getByTestId('reporting-summary').scrollIntoViewIfNeeded()
    await admin.getByTestId('reporting-summary').screenshot({ path: `${ARTIFACTS}/admin-reporting-1920.png` })
    await admin.context().close()
  })

  it('志愿队伍: a team added by hand; a GBK teams list and its volunteers imported; the roster counts them', { timeout: 90_000 }, async () => {
    const admin = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage()
    await logIn(admin, '/admin', 'chief', 'chief-admin-password')
    await admin.getByTestId('tab-teams').click()
    await admin.getByTestId('roster-summary').waitFor()
    const count = async (id: string) => Number((await admin.getByTestId(id).innerText()).replace(/\D/g, ''))
    const [teams, volunteers] = [await count('teams-total'), await count('volunteers-total')]
    await admin.getByTestId('team-name').fill('龙湖社区“橙色蒲公英”义诊小分队')
    await admin.getByTestId('team-colour').selectOption('orange')
    await admin.getByTestId('team-region').selectOption('140825400012')
    await admin.getByTestId('create-team').click()
    await admin.locator('[data-team="龙湖社区“橙色蒲公英”义诊小分队"]').waitFor()
    await expect.poll(() => count('teams-total')).toBe(teams + 1)
    const gbk = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: iconv.encode(text, 'gbk') })
    const teamImport = admin.getByTestId('team-import')
    await teamImport.getByTestId('file').setInputFiles(gbk('队伍.csv', '队伍名称,颜色,类型,所在地区,队长\r\n龙湖社区平安巡逻志愿服务队,蓝色·平安建设,专业,龙湖社区,王建国\r\n'))
    await teamImport.getByTestId('import').click()
    await expect.poll(() => teamImport.getByTestId('done').innerText()).toContain('新增 1')
    const people = admin.getByTestId('volunteer-import')
    await people.getByTestId('file').setInputFiles(gbk('志愿者.csv', '姓名,所属队伍,居住社区,岗位,政治面貌\r\n刘海燕,龙湖社区平安巡逻志愿服务队,龙湖社区,平安建设岗,党员\r\n陈立新,龙湖社区平安巡逻志愿服务队,龙湖社区,,群众\r\n'))
    await people.getByTestId('import').click()
    await expect.poll(() => people.getByTestId('done').innerText()).toContain('新增 2')
    await expect.poll(() => count('volunteers-total')).toBe(volunteers + 2)
    expect(await count('teams-total')).toBe(teams + 2)
    expect(await admin.locator('[data-team="龙湖社区平安巡逻志愿服务队"]').innerText()).toMatch(/蓝色\s+专业\s+龙湖社区\s+王建国\s+2\s/)
    await admin.screenshot({ path: `${ARTIFACTS}/admin-teams-1920.png` })
    await admin.context().close()
  })

  it('台账导入: a GBK ledger with a column the page does not know, assigned by hand; the bad row listed; the rest imported with a progress that a reload keeps', { timeout: 120_000 }, async () => {
    const admin = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage()
    await logIn(admin, '/admin', 'chief', 'chief-admin-password')
    await admin.getByTestId('tab-ledger').click()
    const csv = ['台账号,登记时间,所属村社区,纠纷类别,事由,办结时间,化解结果']
    for (let i = 1; i <= 3; i++) csv.push(`LJ-2024-${i},2024-05-0${i} 09:30,龙湖社区,邻里纠纷,楼道堆物纠纷${i},2024-05-1${i} 16:00,化解成功`)
    csv.push('LJ-2024-4,2024-05-04 09:30,火星村,邻里纠纷,无此村,,')
    await admin.getByTestId('ledger-file').setInputFiles({ name: '2024年台账.csv', mimeType: 'text/csv', buffer: iconv.encode(csv.join('\r\n'), 'gbk') })
    // 台账号 is not a header the page knows: it says what is missing and offers the file's columns.
    await admin.getByTestId('ledger-mapping').waitFor()
    expect(await admin.getByTestId('ledger-error').innerText()).toContain('受理编号')
    await admin.getByTestId('map-externalId').selectOption('台账号')
    await admin.getByTestId('ledger-recheck').click()
    await admin.getByTestId('ledger-checked').waitFor()
    expect(await admin.getByTestId('ledger-summary').innerText()).toBe('2024年台账.csv：3 行可导入，1 个问题（有问题的行不会导入）。')
    expect(await admin.locator('[data-testid="ledger-problems"] tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^5\s+所属村社区\s+火星村\s+本地区没有这个村（社区）$/)])
    expect(await admin.getByTestId('ledger-unmatched').innerText()).toContain('火星村')
    await admin.screenshot({ path: `${ARTIFACTS}/admin-ledger-checked-1920.png`, fullPage: true })
    await admin.getByTestId('ledger-start').click()
    const row = () => admin.locator('[data-testid="ledger-imports"] tbody tr').first()
    await expect.poll(() => row().getAttribute('data-status'), { timeout: 20_000 }).toBe('done')
    expect(await row().innerText()).toMatch(/2024年台账\.csv\s+已完成\s+3 \/ 3\s+3\s+0\s+1/)
    // The progress is the server's: a reload shows the same.
    await admin.reload()
    await admin.getByTestId('tab-ledger').click()
    await expect.poll(() => row().getAttribute('data-status')).toBe('done')
    await admin.screenshot({ path: `${ARTIFACTS}/admin-ledger-done-1920.png`, fullPage: true })
    const stored = await t.app.ctx.db.execute("select count(*)::int as n from cases where external_id like 'LJ-2024-%'")
    expect((stored as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(3)
    await admin.close()
  })

  it('消息推送: a group robot is added, sent a test, and told of a red flag; the log says delivered', { timeout: 60_000 }, async () => {
    const heard: string[] = []
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', (d) => (body += d))
      req.on('end', () => (heard.push(body), res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}')))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cgi-bin/webhook/send?key=demo`
    const admin = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage()
    await logIn(admin, '/admin', 'chief', 'chief-admin-password')
    await admin.getByTestId('tab-webhooks').click()
    await admin.getByTestId('webhook-name').fill('县中心值班群')
    await admin.getByTestId('webhook-format').selectOption('wecom')
    await admin.getByTestId('webhook-url').fill(url)
    await admin.getByTestId('create-webhook').click()
    // Its signing key is shown once (a WeCom robot does not need it; our JSON would).
    await admin.getByTestId('shown-once').waitFor()
    await admin.getByTestId('close-once').click()
    await admin.locator('[data-webhook="县中心值班群"]').waitFor()
    expect(await admin.locator('[data-webhook="县中心值班群"]').innerText()).toContain('key=…')
    await admin.getByTestId('test-县中心值班群').click()
    await expect.poll(() => heard.length, { timeout: 10_000 }).toBe(1)
    expect(JSON.parse(heard[0]!)).toEqual({ msgtype: 'text', text: { content: expect.stringContaining('【测试】') } })
    // A red flag of the county reaches the group.
    const day = 86_400_000
    await api(t.url, 'POST', '/api/v1/cases', newCase({ regionCode: COMMUNITY, title: '丽华苑电梯停运三天', reportedAt: new Date(Date.now() - 3 * day).toISOString(), acceptedAt: new Date(Date.now() - 3 * day).toISOString(), deadlineAt: new Date(Date.now() - day).toISOString() }))
    await expect.poll(() => heard.length, { timeout: 10_000 }).toBe(2)
    expect(JSON.parse(heard[1]!).text.content).toMatch(/^【红色预警】.*丽华苑电梯停运三天/)
    await admin.getByTestId('log-县中心值班群').click()
    await expect.poll(() => admin.locator('[data-testid="webhook-log"] [data-delivery="sent"]').count(), { timeout: 10_000 }).toBe(2)
    await admin.screenshot({ path: `${ARTIFACTS}/admin-webhooks-1920.png`, fullPage: true })
    await admin.close()
    server.close()
  })

  it('tells a person who is not an admin that the page is not theirs', async () => {
    await t.app.ctx.accounts.createUser({ username: 'plain-duty', displayName: '普通值班员', role: 'duty', regionCode: t.app.ctx.rootCode, password: 'plain-duty-password' })
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await logIn(page, '/admin', 'plain-duty', 'plain-duty-password')
    await page.getByTestId('not-admin').waitFor()
    expect(await page.getByTestId('users').count()).toBe(0)
  })
})
