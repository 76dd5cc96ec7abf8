/**
 * The wall's map names every place it should and no two names overlap, at every wall size, for
 * the county and for each of its towns; the counts beside the names add up to the red chip.
 */
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { ARTIFACTS, wallFixture } from '../helpers/wall'
import { screenToken } from '../helpers/app'

const f = wallFixture()
const SIZES = [[1920, 1080], [3840, 2160], [5760, 1080]] as const

interface Drawn { text: string; x: number; y: number; w: number; h: number; hidden: boolean }

/**
 * The map's label texts as drawn: their boxes on the canvas after the label layout moved them.
 * `labels` names the places of the map; `inset-labels` the communities of the urban core's close-up.
 */
function drawnLabels(page: Page, id: 'labels' | 'inset-labels' = 'labels'): Promise<Drawn[]> {
  return page.locator('[data-testid="community-map"]').evaluate((el, id) => {
    type Rect = { x: number; y: number; width: number; height: number; clone(): Rect; applyTransform(m: unknown): void }
    type Label = { style: { text: string }; ignore: boolean; invisible: boolean; getBoundingRect(): Rect; getComputedTransform(): unknown }
    type Symbol = { childAt(i: number): { getTextContent(): Label | undefined } | undefined }
    const chart = (el as unknown as { __chart: () => { getModel(): { getSeries(): { id: string; getData(): { count(): number; getItemGraphicEl(i: number): Symbol | undefined } }[] } } }).__chart()
    const series = chart.getModel().getSeries().find((s) => s.id === id)
    if (!series) return []
    const data = series.getData()
    return Array.from({ length: data.count() }, (_, i) => {
      // A scatter point is a group; its label hangs on the symbol's path.
      const label = data.getItemGraphicEl(i)?.childAt(0)?.getTextContent()
      if (!label) return { text: '', x: 0, y: 0, w: 0, h: 0, hidden: true }
      const r = label.getBoundingRect().clone()
      r.applyTransform(label.getComputedTransform())
      const style = label.style as { text: string; opacity?: number }
      return { text: style.text, x: r.x, y: r.y, w: r.width, h: r.height, hidden: !!(label.ignore || label.invisible) || style.opacity === 0 }
    })
  }, id)
}

/** The close-up's frame on the map, if it has one. */
function insetFrame(page: Page): Promise<Drawn | null> {
  return page.locator('[data-testid="community-map"]').evaluate((el) => {
    type Graphic = { elements?: { type: string; shape?: { x: number; y: number; width: number; height: number } }[] }
    const chart = (el as unknown as { __chart: () => { getOption(): { graphic?: Graphic[] } } }).__chart()
    const rect = chart.getOption().graphic?.[0]?.elements?.find((e) => e.type === 'rect')?.shape
    return rect ? { text: 'frame', x: rect.x, y: rect.y, w: rect.width, h: rect.height, hidden: false } : null
  })
}
const redOf = (l: Drawn) => Number(/\{r\|● (\d+)\}/.exec(l.text)?.[1] ?? 0)

const overlap = (a: Drawn, b: Drawn) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

describe('the map labels', () => {
  it('never overlap and are never dropped, for the county and every town, at 1920×1080, 3840×2160 and 5760×1080', { timeout: 240_000 }, async () => {
    const towns = (await (await fetch(`${f.t.url}/api/v1/regions?level=town`)).json()) as { code: string; name: string }[]
    for (const [width, height] of SIZES) {
      const page = await f.browser.newPage({ viewport: { width, height } })
      for (const region of ['140825000000', ...towns.map((t) => t.code)]) {
        await page.goto(`${f.t.url}/screen?rotate=0&region=${region}&token=${screenToken(f.t.url)}`)
        await page.locator('[data-panel="map"] canvas').first().waitFor({ timeout: 15_000 })
        await expect.poll(() => page.getByTestId('connection').getAttribute('class'), { timeout: 10_000 }).toContain('connected')
        await page.waitForTimeout(400)
        // The map follows the counts within a second (it redraws at most once a second): the red
        // counts beside the names add up to the red chip once it has.
        if (region === '140825000000') {
          const chip = async () => Number(await page.getByTestId('open-red').innerText())
          await expect.poll(async () => (await drawnLabels(page)).reduce((n, l) => n + redOf(l), 0) === (await chip()), { timeout: 5000 }).toBe(true)
        }
        const own = await drawnLabels(page)
        const close = await drawnLabels(page, 'inset-labels')
        const labels = [...own, ...close]
        const frame = await insetFrame(page)
        const where = `${region} at ${width}×${height}`
        if (region === '140825000000') await page.screenshot({ path: `${ARTIFACTS}/map-county-${width}x${height}.png` })
        expect(labels.filter((l) => l.hidden).map((l) => l.text), where).toEqual([])
        // On the map, not pushed off it.
        const box = (await page.getByTestId('community-map').boundingBox())!
        for (const l of labels) expect(l.x >= 0 && l.y >= 0 && l.x + l.w <= box.width && l.y + l.h <= box.height, `${where}: ${JSON.stringify(l)} outside ${box.width}×${box.height}`).toBe(true)
        for (let i = 0; i < labels.length; i++)
          for (let j = i + 1; j < labels.length; j++) expect(overlap(labels[i]!, labels[j]!), `${where}: ${JSON.stringify(labels[i])} × ${JSON.stringify(labels[j])}`).toBe(false)
        if (region === '140825000000') {
          // Every town is named, and the red counts beside the names add up to the red chip.
          expect(own.length, where).toBe(towns.length)
          const red = own.reduce((n, l) => n + redOf(l), 0)
          expect(red, where).toBe(Number(await page.getByTestId('open-red').innerText()))
          // The county seat's streets, a speck at the county's scale, are drawn again large in a
          // frame of their own, which no name of the county map covers; its names' red counts
          // add up to the town's.
          expect(frame, where).not.toBeNull()
          for (const l of own) expect(overlap(l, frame!), `${where}: ${l.text} on the close-up`).toBe(false)
          for (const l of close) expect(overlap(l, frame!) && l.x >= frame!.x && l.x + l.w <= frame!.x + frame!.w, `${where}: ${l.text} outside the close-up`).toBe(true)
          const urban = own.find((l) => l.text.startsWith('新绛县社区'))!
          expect(close.reduce((n, l) => n + redOf(l), 0), where).toBe(redOf(urban))
          expect(close.length, where).toBeGreaterThan(0)
        } else {
          expect(frame, where).toBeNull()
        }
        if (region === '140825400000' && width === 1920) {
          await page.waitForTimeout(1500) // the colours arrive after the shapes
          await page.screenshot({ path: `${ARTIFACTS}/map-town-urban-1920x1080.png` })
        }
      }
      await page.close()
    }
  })
})
