import { describe, expect, it } from 'vitest'
import { TimerQueue } from '../../../server/warnings/timerQueue'

describe('timer queue', () => {
  it('hands out due keys earliest first and keeps later ones', () => {
    const q = new TimerQueue<string>()
    for (const [k, t] of [['c', 30], ['a', 10], ['d', 40], ['b', 20]] as const) q.set(k, t)
    expect(q.peek()).toBe(10)
    expect(q.popDue(25)).toEqual([{ key: 'a', at: 10 }, { key: 'b', at: 20 }])
    expect(q.size).toBe(2)
    expect(q.peek()).toBe(30)
  })

  it('moves a rescheduled key and forgets a removed one', () => {
    const q = new TimerQueue<string>()
    q.set('a', 10)
    q.set('b', 20)
    q.set('a', 50)
    q.set('b', null)
    expect(q.popDue(40)).toEqual([])
    expect(q.popDue(50)).toEqual([{ key: 'a', at: 50 }])
    expect(q.size).toBe(0)
    expect(q.peek()).toBeNull()
  })

  it('stays ordered through many reschedules (compaction included)', () => {
    const q = new TimerQueue<number>()
    const want = new Map<number, number>()
    let seed = 7
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let i = 0; i < 5000; i++) {
      const k = Math.floor(rnd() * 300)
      const t = Math.floor(rnd() * 1e6)
      q.set(k, t)
      want.set(k, t)
    }
    const got = q.popDue(Infinity)
    expect(got.length).toBe(want.size)
    expect(got.map((g) => g.at)).toEqual([...want.values()].sort((a, b) => a - b))
    for (const g of got) expect(want.get(g.key)).toBe(g.at)
  })
})
