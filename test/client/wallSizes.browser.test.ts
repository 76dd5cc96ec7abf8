import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS, wallFixture } from '../helpers/wall'
import { screenToken } from '../helpers/app'

const f = wallFixture()

/** What a reader three metres away needs: every panel drawn, nothing cut off, nothing tiny, nothing blurred. */
async function audit(page: Page) {
  return page.evaluate(() => {
    const stage = document.querySelector('[data-layout]') as HTMLElement
    const scale = stage.getBoundingClientRect().width / stage.offsetWidth
    const problems: string[] = []
    for (const panel of document.querySelectorAll<HTMLElement>('[data-panel]')) {
      const name = panel.dataset.panel
      const body = (panel.querySelector('.body') as HTMLElement | null) ?? panel
      if (body.scrollHeight > body.clientHeight + 2) problems.push(`${name}: content overflows (${body.scrollHeight} > ${body.clientHeight})`)
      if (name !== 'feed' && body.scrollWidth > body.clientWidth + 2) problems.push(`${name}: content too wide (${body.scrollWidth} > ${body.clientWidth})`)
      const title = panel.querySelector('h2')
      if (title && title.scrollWidth > title.clientWidth + 2) problems.push(`${name}: title cut off`)
      for (const canvas of panel.querySelectorAll('canvas')) {
        const css = canvas.getBoundingClientRect()
        if (canvas.width < Math.floor(css.width * window.devicePixelRatio) - 1) problems.push(`${name}: canvas drawn at ${canvas.width}px for ${css.width} screen px`)
      }
    }
    // Text in design pixels: at least 20 px at the 1920×1080 design size (the stage scales it).
    const walker = document.createTreeWalker(stage, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement!
      if (!n.textContent?.trim() || el.closest('[aria-hidden="true"]') || el.getClientRects().length === 0) continue
      const size = parseFloat(getComputedStyle(el).fontSize)
      if (size < 20) problems.push(`text "${n.textContent.trim().slice(0, 20)}" at ${size}px`)
    }
    const charts = [...document.querySelectorAll('[data-panel] canvas')].length
    return { problems, scale, charts }
  })
}

/** A chart with data has painted pixels; an empty one is blank. */
async function paintedCharts(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid$="-chart"], [data-testid^="breakdown-"], [data-testid="community-map"], [data-testid="heat-matrix"]')].map((el) => {
      const canvas = el.querySelector('canvas')!
      const ctx = canvas.getContext('2d')!
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height)
      let painted = 0
      let samples = 0
      for (let i = 3; i < data.length; i += 4 * 97, samples++) if (data[i]! > 0) painted++
      return { chart: el.dataset.testid, share: painted / samples }
    }),
  )
}

describe('the wall at every size', () => {
  for (const [w, h, layout] of [[1920, 1080, 'standard'], [3840, 2160, 'standard'], [5760, 1080, 'wide']] as const) {
    it(`is complete, legible and sharp at ${w}×${h} (${layout} layout)`, async () => {
      const page = await f.browser.newPage({ viewport: { width: w, height: h } })
      const outside: string[] = []
      page.on('request', (r) => {
        const host = new URL(r.url()).hostname
        if (host !== '127.0.0.1' && host !== 'localhost') outside.push(r.url())
      })
      await page.goto(`${f.t.url}/screen?rotate=0&token=${screenToken(f.t.url)}`)
      await page.locator('[data-panel="map"] canvas').first().waitFor({ timeout: 10_000 })
      await page.locator('[data-panel="red-flags"] li').first().waitFor()
      await page.waitForTimeout(1500) // charts finish their first animation
      expect(await page.locator('[data-layout]').getAttribute('data-layout')).toBe(layout)

      const { problems, scale } = await audit(page)
      expect(problems).toEqual([])
      expect(scale).toBeCloseTo(layout === 'wide' ? 1 : w / 1920, 1)
      for (const c of await paintedCharts(page)) expect(c.share, c.chart).toBeGreaterThan(0.01)
      await page.screenshot({ path: `${ARTIFACTS}/wall-${w}x${h}.png` })
      // Offline by design: no font, tile or script from anywhere but this server.
      expect(outside).toEqual([])
      await page.close()
    })
  }
})
