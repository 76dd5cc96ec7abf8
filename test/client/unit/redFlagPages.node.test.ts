import { describe, expect, it } from 'vitest'
import type { CaseSummary } from '../../../server/contract'
import { NEW_MS, PAGE_MS, pageAt, redFlagOrder } from '../../../client/screen/redFlagPages'

const NOW = Date.parse('2026-11-26T10:00:00+08:00')
const flag = (id: number, minutesRed: number) => ({ id, colourSince: new Date(NOW - minutesRed * 60_000).toISOString() }) as CaseSummary

describe("the wall's red flags", () => {
  it('leads with the flags of the last half hour, newest first, then the longest red, so the oldest never drop off', () => {
    const order = redFlagOrder([flag(1, 5), flag(2, 600), flag(3, 1), flag(4, 45), flag(5, 3000), flag(6, 29)], NOW).map((c) => c.id)
    expect(order).toEqual([3, 1, 6, 5, 2, 4])
    expect(NEW_MS).toBe(30 * 60_000)
  })

  it('pages through all of them in turn, and page 1 comes back', () => {
    const epoch = NOW
    expect(pageAt(31, 4, NOW, epoch)).toEqual({ page: 0, pages: 8, from: 0 })
    expect(pageAt(31, 4, NOW + PAGE_MS, epoch)).toEqual({ page: 1, pages: 8, from: 4 })
    expect(pageAt(31, 4, NOW + 7 * PAGE_MS + 1, epoch)).toEqual({ page: 7, pages: 8, from: 28 })
    expect(pageAt(31, 4, NOW + 8 * PAGE_MS, epoch).page).toBe(0)
    // Nothing or a single page: no paging; a clock behind the epoch stays on page 1.
    expect(pageAt(0, 4, NOW, epoch)).toEqual({ page: 0, pages: 1, from: 0 })
    expect(pageAt(4, 4, NOW + 9 * PAGE_MS, epoch).pages).toBe(1)
    expect(pageAt(31, 4, NOW - 5000, epoch).page).toBe(0)
  })
})
