/**
 * Due times keyed by id, earliest first: a binary heap with lazy deletion. Rescheduling a key
 * pushes a new entry and leaves the old one to be skipped when it surfaces, so every operation
 * is O(log n) and nothing scans the whole queue.
 */
export class TimerQueue<K> {
  private heap: { at: number; key: K }[] = []
  private due = new Map<K, number>()

  get size() {
    return this.due.size
  }

  set(key: K, at: number | null) {
    if (at === null) {
      this.due.delete(key)
      return
    }
    if (this.due.get(key) === at) return
    this.due.set(key, at)
    this.heap.push({ at, key })
    this.up(this.heap.length - 1)
    // Stale entries are garbage; compact when they outnumber live ones.
    if (this.heap.length > 64 && this.heap.length > 2 * this.due.size) this.rebuild()
  }

  has(key: K) {
    return this.due.has(key)
  }

  /** The earliest live due time, or null. */
  peek(): number | null {
    this.dropStale()
    return this.heap[0]?.at ?? null
  }

  /** Removes and returns every key due at or before `now`, earliest first. */
  popDue(now: number): { key: K; at: number }[] {
    const out: { key: K; at: number }[] = []
    for (;;) {
      this.dropStale()
      const top = this.heap[0]
      if (!top || top.at > now) return out
      this.pop()
      this.due.delete(top.key)
      out.push(top)
    }
  }

  private dropStale() {
    while (this.heap.length && this.due.get(this.heap[0]!.key) !== this.heap[0]!.at) this.pop()
  }

  private pop() {
    const last = this.heap.pop()!
    if (this.heap.length) {
      this.heap[0] = last
      this.down(0)
    }
  }

  private rebuild() {
    this.heap = [...this.due].map(([key, at]) => ({ key, at }))
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.down(i)
  }

  private up(i: number) {
    const h = this.heap
    while (i > 0) {
      const p = (i - 1) >> 1
      if (h[p]!.at <= h[i]!.at) return
      ;[h[p], h[i]] = [h[i]!, h[p]!]
      i = p
    }
  }

  private down(i: number) {
    const h = this.heap
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < h.length && h[l]!.at < h[m]!.at) m = l
      if (r < h.length && h[r]!.at < h[m]!.at) m = r
      if (m === i) return
      ;[h[m], h[i]] = [h[i]!, h[m]!]
      i = m
    }
  }
}
