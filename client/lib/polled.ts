import { shallowRef } from 'vue'
import { apiFetch } from './credentials'

/**
 * A figure a wall reads by request, not from its stream (it changes by the minute or the day):
 * re-read every `ms` from `url`; a failed read (offline, the server away) keeps the last value
 * and `fetchedAt`, so the panel shows how old it is. `staleAt(now)`: older than two reads.
 */
export function polled<T>(ms: number) {
  const value = shallowRef<T | null>(null)
  /** When the value was last read (ms since the epoch; 0: never). */
  const fetchedAt = shallowRef(0)
  let timer: ReturnType<typeof setInterval> | undefined
  let url = ''

  async function read() {
    try {
      const res = await apiFetch(url)
      if (res.ok) {
        value.value = (await res.json()) as T
        fetchedAt.value = Date.now()
      }
    } catch {
      // offline for now: the panel shows its as-of time
    }
  }
  /** Reads `next` from now on (at once, then every `ms`); the same URL again changes nothing. */
  function follow(next: string) {
    if (url === next && timer) return
    url = next
    clearInterval(timer)
    timer = setInterval(read, ms)
    void read()
  }
  function stop() {
    clearInterval(timer)
    timer = undefined
  }
  const staleAt = (now: number) => !fetchedAt.value || now - fetchedAt.value > 2 * ms
  /** Reads now (a push said it changed); the timer goes on as before. */
  const refresh = () => (url ? read() : Promise.resolve())
  return { value, fetchedAt, staleAt, follow, stop, refresh }
}
