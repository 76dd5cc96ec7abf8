import { ref } from 'vue'
import { problem } from '../stores/session'
import { apiFetch } from './credentials'

/**
 * A page's writes: POST a JSON body; on success read the page again (`after`), otherwise keep
 * the server's field and reason (or that it could not be reached) in `error` for the page to show.
 */
export function usePoster(after: () => Promise<unknown>) {
  const error = ref('')
  async function post(url: string, body: unknown): Promise<boolean> {
    const res = await apiFetch(url, { method: 'POST', body: JSON.stringify(body) }).catch(() => null)
    if (!res) return (error.value = '服务器无法连接'), false
    if (!res.ok) {
      const p = await problem(res)
      return (error.value = `${p.field}：${p.reason}`), false
    }
    error.value = ''
    await after()
    return true
  }
  return { error, post }
}
