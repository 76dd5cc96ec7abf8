import { onBeforeUnmount, shallowRef, watch, type ShallowRef } from 'vue'

/**
 * A view of `source` that changes at most once per `ms` (first change at once, the latest one
 * after the pause). Charts redraw from these: a wall at 20 events a second must not redraw a
 * canvas 20 times a second. `ms` may change with what is happening (read at each change).
 */
export function throttled<T>(source: () => T, ms: number | (() => number)): ShallowRef<T> {
  const out = shallowRef(source())
  let last = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const flush = () => {
    timer = undefined
    last = Date.now()
    out.value = source()
  }
  watch(source, () => {
    if (timer) return
    const wait = last + (typeof ms === 'number' ? ms : ms()) - Date.now()
    if (wait <= 0) flush()
    else timer = setTimeout(flush, wait)
  })
  onBeforeUnmount(() => clearTimeout(timer))
  return out
}

/** The same array as last time when its items are the same: keeps props stable for charts. */
export function stableList<T>(compute: () => T[]): () => T[] {
  let prev: T[] = []
  return () => {
    const next = compute()
    if (next.length === prev.length && next.every((x, i) => x === prev[i])) return prev
    return (prev = next)
  }
}
