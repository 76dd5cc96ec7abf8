import { apiFetch } from './credentials'
/** GETs JSON, retrying with capped back-off until it succeeds: a wall waits out a server restart. */
export async function fetchForever<T>(url: string): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await apiFetch(url)
      if (res.ok) return (await res.json()) as T
    } catch {
      // server unreachable for now
    }
    await new Promise((r) => setTimeout(r, Math.min(15_000, 1000 * 2 ** attempt)))
  }
}
