import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { CaseDetail, CaseSummary, DutyQueue, TrendFlagView } from '../../server/contract'
import { byUrgency, inQueue } from '../../server/domain/urgency'
import { prefixOf } from '../../server/domain/regions'
import { DUTY_QUEUE_LIMIT } from '../../server/contract/views'
import { chime, notify, say, type SoundResult } from '../lib/alert'
import { emptyFilter, queueView, type QueueFilter } from '../duty/queueView'
import { apiFetch } from '../lib/credentials'
import { followRegion } from '../lib/follower'
import { useConnectionStore } from './connection'
import { useRegionsStore } from './regions'
import { problem, type FormError } from './session'
import { td } from '../i18n/duty'

/** How long the banner naming a new red flag stays up unless clicked. */
const ANNOUNCE_MS = 20_000
/** How often, at most, a running import makes the desk read its queue again. */
const IMPORT_RELOAD_MS = 3000
const MUTED = 'gs_duty_muted'

/** What an action said: done, or refused with the field and reason (409: someone else was first). */
export type ActResult = { ok: true } | { ok: false; status: number; error: FormError }

/**
 * The duty desk: the queue of warned cases of the user's region, kept live from the region's
 * stream (re-read after every resync), the selected case's detail, and the red-flag alarm.
 */
export const useDutyStore = defineStore('duty', () => {
  const conn = useConnectionStore()
  const regions = useRegionsStore()
  const queue = shallowRef<CaseSummary[]>([])
  const truncated = ref(false)
  const selectedId = ref<number | null>(null)
  const detail = shallowRef<CaseDetail | null>(null)
  const muted = ref(localStorage.getItem(MUTED) === '1')
  /** Red flags that rang while this page was open, and what the last ring did. */
  const alarms = ref(0)
  const lastSound = ref<SoundResult | null>(null)
  let region = ''
  /** The region's code prefix: its towns are the filter's choices. */
  const regionPrefix = ref('')

  const unacknowledged = computed(() => queue.value.filter((c) => c.unacknowledged).length)
  const selected = computed(() => queue.value.find((c) => c.id === selectedId.value) ?? null)

  /** The search, filters and order the person chose; j/k walk the list as shown. */
  const filter = ref<QueueFilter>(emptyFilter())
  /** Minute by minute: what "overdue" means moves with the clock. */
  const tick = ref(Date.now())
  setInterval(() => (tick.value = Date.now()), 15_000)
  const visible = computed(() => queueView(queue.value, filter.value, tick.value, (code) => regions.name(code)))

  /**
   * New red flags (新): those that rang while this desk was open and that this person has not
   * opened yet, newest first, with when each arrived. Kept across a reload of the page.
   */
  const fresh = ref<{ id: number; at: number }[]>([])
  const freshKey = () => `gs_duty_fresh_${region}`
  watch(fresh, (f) => region && sessionStorage.setItem(freshKey(), JSON.stringify(f)), { deep: true })
  const freshCases = computed(() => fresh.value.map((f) => ({ c: queue.value.find((x) => x.id === f.id), at: f.at })).filter((x): x is { c: CaseSummary; at: number } => !!x.c))
  const isFresh = (id: number) => fresh.value.some((f) => f.id === id)
  /** The last red flag, named in a banner until clicked or ANNOUNCE_MS pass. */
  const announced = shallowRef<{ c: CaseSummary; at: number } | null>(null)
  let announceTimer: ReturnType<typeof setTimeout> | undefined

  async function loadQueue() {
    const res = await apiFetch(`/api/v1/duty/queue?region=${region}`).catch(() => null)
    if (!res?.ok) return
    const body = (await res.json()) as DutyQueue
    // Events that arrived while the list was read may be newer than it: keep the newer version.
    const live = new Map(queue.value.map((c) => [c.id, c]))
    const merged = body.cases.map((c) => ((live.get(c.id)?.version ?? 0) > c.version ? live.get(c.id)! : c))
    queue.value = merged.sort(byUrgency)
    truncated.value = body.truncated
    conn.received()
    // Open the most urgent case, but never mark a new one as seen on the person's behalf.
    const first = merged.find((c) => !isFresh(c.id))
    if (selectedId.value === null && first) select(first.id)
  }

  function upsert(c: CaseSummary) {
    conn.received()
    const i = queue.value.findIndex((x) => x.id === c.id)
    if (i >= 0 && queue.value[i]!.version > c.version) return
    const rest = i >= 0 ? queue.value.filter((x) => x.id !== c.id) : queue.value
    queue.value = (inQueue(c) ? [...rest, c].sort(byUrgency) : rest).slice(0, DUTY_QUEUE_LIMIT)
    // A case that left the queue (closed, or no longer warned) is no longer new.
    if (!inQueue(c) && isFresh(c.id)) fresh.value = fresh.value.filter((f) => f.id !== c.id)
    if (c.id === selectedId.value) void loadDetail(c.id)
  }

  async function alarm(c: CaseSummary) {
    alarms.value++
    const at = Date.now()
    if (!isFresh(c.id) && c.id !== selectedId.value) fresh.value = [{ id: c.id, at }, ...fresh.value]
    announced.value = { c, at }
    clearTimeout(announceTimer)
    announceTimer = setTimeout(() => (announced.value = null), ANNOUNCE_MS)
    const place = regions.name(c.communityCode)
    lastSound.value = await chime(muted.value)
    if (!muted.value) setTimeout(() => say(`红色预警，${place}，${c.title}`), 700)
    notify(`${td('redFlag')}：${c.title}`, `${place} · ${c.assignedUnit ?? td('undispatched')}`, `case-${c.id}`)
  }

  /** An import's open cases beyond what its events carry: the queue is read again, at most every IMPORT_RELOAD_MS, and once after the last. */
  let reloadTimer: ReturnType<typeof setTimeout> | undefined
  const reloadSoon = () => (reloadTimer ??= setTimeout(() => ((reloadTimer = undefined), void loadQueue()), IMPORT_RELOAD_MS))

  /** 趋势预警 of the region: yellow items to look into, read again when one is pushed and after a resync. */
  const trends = shallowRef<TrendFlagView[]>([])
  async function loadTrends() {
    const res = await apiFetch(`/api/v1/trends?region=${region}`).catch(() => null)
    // Communities first (where to look), then their towns.
    if (res?.ok) trends.value = ((await res.json()) as TrendFlagView[]).sort((a, b) => Number(a.level !== 'community') - Number(b.level !== 'community'))
  }

  const follower = followRegion(conn.socket, () => conn.received(), {
    onCase: upsert,
    onSnapshot: () => (void loadQueue(), void loadTrends()),
    onRedFlag: (c) => void alarm(c),
    onImportOmitted: reloadSoon,
    onTrend: () => void loadTrends(),
  })

  function start(code: string) {
    region = code
    regionPrefix.value = prefixOf(code)
    try {
      fresh.value = JSON.parse(sessionStorage.getItem(freshKey()) ?? '[]') as { id: number; at: number }[]
    } catch {
      fresh.value = []
    }
    queue.value = []
    selectedId.value = null
    detail.value = null
    // The store is first used after login, so the socket's handshake carries the session cookie;
    // after a logout (which closes the socket) the next login connects it afresh.
    if (!conn.socket.active) conn.socket.connect()
    follower.start(code)
    void loadTrends()
  }

  let loading = 0
  async function loadDetail(id: number) {
    const mine = ++loading
    const res = await apiFetch(`/api/v1/cases/${id}`).catch(() => null)
    if (res?.ok && mine === loading && selectedId.value === id) detail.value = (await res.json()) as CaseDetail
  }

  function select(id: number) {
    // Opened: no longer new, and its banner goes.
    if (isFresh(id)) fresh.value = fresh.value.filter((f) => f.id !== id)
    if (announced.value?.c.id === id) announced.value = null
    if (selectedId.value === id) return
    selectedId.value = id
    detail.value = null
    void loadDetail(id)
  }

  /** Moves the selection by `step` rows (j/k) through the queue as shown. */
  function move(step: number) {
    const list = visible.value
    if (!list.length) return
    const i = list.findIndex((c) => c.id === selectedId.value)
    select(list[i < 0 ? 0 : Math.min(list.length - 1, Math.max(0, i + step))]!.id)
  }

  async function post(path: string, body: unknown): Promise<ActResult> {
    const res = await apiFetch(path, { method: 'POST', body: JSON.stringify(body) })
    if (res.ok) return { ok: true }
    const error = await problem(res)
    return { ok: false, status: res.status, error }
  }

  /** A case action, guarded by the version the person saw: a stale one is refused and reloaded. */
  async function act(body: Record<string, unknown>): Promise<ActResult> {
    const c = detail.value
    if (!c) return { ok: false, status: 0, error: { field: '(case)', reason: 'no case selected' } }
    const r = await post(`/api/v1/cases/${c.id}/transitions`, { ...body, expectedVersion: c.version })
    await loadDetail(c.id)
    return r
  }

  async function supervise(note: string): Promise<ActResult> {
    const c = detail.value
    if (!c) return { ok: false, status: 0, error: { field: '(case)', reason: 'no case selected' } }
    const open = c.notices.find((n) => n.status === 'open')
    const r = open ? await post(`/api/v1/notices/${open.id}/escalate`, { by: '值班台', note }) : await post(`/api/v1/cases/${c.id}/notices`, { issuedBy: '值班台', note })
    await loadDetail(c.id)
    return r
  }

  function toggleMute() {
    muted.value = !muted.value
    localStorage.setItem(MUTED, muted.value ? '1' : '0')
  }

  /** 已办结: the region's closed cases, the most recently closed first (read when asked). */
  const closed = shallowRef<CaseSummary[] | null>(null)
  async function loadClosed() {
    const res = await apiFetch(`/api/v1/cases?region=${region}&open=false&limit=200`).catch(() => null)
    if (res?.ok) closed.value = (await res.json()) as CaseSummary[]
  }

  return {
    trends,
    queue, truncated, selectedId, selected, detail, muted, alarms, lastSound, unacknowledged, regionPrefix, filter, visible, fresh, freshCases, isFresh, announced, closed,
    start, select, move, act, supervise, toggleMute, loadClosed,
  }
})
