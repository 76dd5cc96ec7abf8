/**
 * Every word on the wall fits where it stands, in Chinese and in English, on a 16:9 wall and on a
 * 32:9 one: no title, card label or legend is cut off, and nothing runs over the colour chips. And
 * the map's red is told from its yellow without the hue (a deuteranopia view is kept to look at).
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { ARTIFACTS, wallFixture } from '../helpers/wall'
import { screenToken } from '../helpers/app'

const f = wallFixture()

/**
 * Texts cut off: wider than their own box (an ellipsis), or running past the box of the nearest
 * ancestor that clips (a panel's edge).
 */
function clipped(page: Page) {
  return page.evaluate(() => {
    const clipOf = (el: HTMLElement) => {
      for (let p = el.parentElement; p; p = p.parentElement) if (getComputedStyle(p).overflow !== 'visible') return p.getBoundingClientRect()
      return null
    }
    return [...document.querySelectorAll<HTMLElement>('header h1, .panel h2, .cell .label, .legend, [data-testid="schematic"], .figures span, .totals')]
      .filter((el) => el.offsetParent !== null)
      .flatMap((el) => {
        const range = document.createRange()
        range.selectNodeContents(el)
        const text = range.getBoundingClientRect()
        const clip = clipOf(el)
        const own = el.scrollWidth > el.clientWidth + 1
        const past = clip && (text.right > clip.right + 1 || text.left < clip.left - 1)
        return own || past ? [`${el.textContent?.trim()} (text ${Math.round(text.left)}–${Math.round(text.right)}, box ${el.clientWidth}, clip ${clip ? `${Math.round(clip.left)}–${Math.round(clip.right)}` : '-'})`] : []
      })
  })
}

const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

describe('the wall’s words fit', () => {
  for (const lang of ['zh-CN', 'en'] as const)
    for (const [width, height] of [[1920, 1080], [5760, 1080]] as const)
      it(`${lang} at ${width}×${height}`, { timeout: 60_000 }, async () => {
        const page = await f.browser.newPage({ viewport: { width, height } })
        // A turn a second: every panel of the rotation comes round in the loop below.
        await page.goto(`${f.t.url}/screen?rotate=1&lang=${lang}&token=${screenToken(f.t.url)}`)
        await page.getByTestId('today-accepted').waitFor()
        await page.locator('[data-panel="map"] canvas').first().waitFor()
        const cut = new Set<string>()
        const titles = new Set<string>()
        for (let i = 0; i < 9; i++) {
          for (const c of await clipped(page)) cut.add(c)
          for (const h of await page.locator('.panel h2').allInnerTexts()) titles.add(h)
          await page.waitForTimeout(1000)
        }
        expect([...cut]).toEqual([])
        expect(titles.size, [...titles].join(' | ')).toBeGreaterThanOrEqual(9)
        const badge = (await page.getByTestId('schematic').boundingBox())!
        for (const chip of ['open-red', 'open-yellow', 'open-green']) expect(overlaps(badge, (await page.getByTestId(chip).locator('..').boundingBox())!), chip).toBe(false)
        if (lang === 'en') await page.screenshot({ path: `${ARTIFACTS}/wall-en-${width}x${height}.png` })
        await page.close()
      })

  it('tells red from yellow by shape and texture too: hatched red cells, dots and triangles by the counts', async () => {
    const page = await f.browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await page.goto(`${f.t.url}/screen?rotate=0&token=${screenToken(f.t.url)}`)
    await page.locator('[data-panel="map"] canvas').first().waitFor()
    await expect.poll(() => page.getByTestId('open-red').innerText()).not.toBe('0')
    // The map follows the chip within a second (it redraws at most once a second).
    const drawn = () => page.getByTestId('community-map').evaluate((el) => {
      type Region = { name: string; itemStyle?: { areaColor?: unknown } }
      const chart = (el as unknown as { __chart: () => { getOption(): { geo: { regions: Region[] }[]; series: { id?: string; data?: { name: string }[] }[] } } }).__chart()
      const o = chart.getOption()
      const kinds = o.geo[0]!.regions.map((r) => (typeof r.itemStyle?.areaColor === 'object' && r.itemStyle.areaColor !== null && 'image' in r.itemStyle.areaColor ? 'pattern' : String(r.itemStyle?.areaColor)))
      const labels = (o.series.find((s) => s.id === 'labels')?.data ?? []).map((d) => d.name).join('\n')
      return { kinds, labels }
    })
    await expect.poll(async () => (await drawn()).kinds, { timeout: 5000 }).toContain('pattern')
    const fills = await drawn()
    // Yellow counts carry a triangle, red ones a dot: never the same mark.
    expect(fills.labels).toMatch(/\{y\|▲ \d+\}/)
    expect(fills.labels).not.toMatch(/\{y\|●/)
    // How it looks to a deuteranope (Machado et al. 2009, severity 1.0), kept to look at.
    await page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<svg xmlns="http://www.w3.org/2000/svg" style="position:absolute;width:0;height:0"><filter id="deutan"><feColorMatrix type="matrix" values="0.367 0.861 -0.228 0 0  0.280 0.673 0.047 0 0  -0.012 0.043 0.969 0 0  0 0 0 1 0"/></filter></svg>')
      document.documentElement.style.filter = 'url(#deutan)'
    })
    await page.waitForTimeout(300)
    await page.screenshot({ path: `${ARTIFACTS}/wall-deuteranopia.png` })
    await page.close()
  })
})
