import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { ReviewCases, ReviewView } from '../../server/contract'
import { apiFetch } from '../lib/credentials'

type CaseSet = ReviewCases['set']

/** The review page's one view (region × quarter) and the case list behind a clicked number. */
export const useReviewStore = defineStore('review', () => {
  const region = ref<string | null>(null)
  const quarter = ref<string | null>(null)
  /** What the case figures count: 矛盾纠纷 by default, as the seeds' headline; 民生诉求 or both. */
  const kind = ref<ReviewView['kind']>('dispute')
  const view = shallowRef<ReviewView | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const drill = shallowRef<(ReviewCases & { title: string }) | null>(null)

  const query = () => new URLSearchParams({ ...(region.value ? { region: region.value } : {}), ...(quarter.value ? { quarter: quarter.value } : {}), kind: kind.value }).toString()

  let asked = 0
  async function load() {
    const mine = ++asked
    loading.value = true
    const res = await apiFetch(`/api/v1/review?${query()}`).catch(() => null)
    if (mine !== asked) return
    loading.value = false
    if (!res?.ok) {
      error.value = res ? `HTTP ${res.status}` : 'offline'
      return
    }
    error.value = null
    view.value = (await res.json()) as ReviewView
    region.value = view.value.region.code
    quarter.value = view.value.quarter
  }

  function go(next: { region?: string; quarter?: string; kind?: ReviewView['kind'] }) {
    if (next.region) region.value = next.region
    if (next.quarter) quarter.value = next.quarter
    if (next.kind) kind.value = next.kind
    drill.value = null
    void load()
  }

  async function showCases(set: CaseSet, title: string, code?: string, unit?: number) {
    const q = new URLSearchParams({ region: code ?? region.value ?? '', quarter: quarter.value ?? '', set, kind: kind.value, ...(unit ? { unit: String(unit) } : {}) })
    const res = await apiFetch(`/api/v1/review/cases?${q}`)
    if (res.ok) drill.value = { ...((await res.json()) as ReviewCases), title }
  }

  const exportUrl = (kind: 'xlsx' | 'pdf') => `/api/v1/review/export.${kind}?${query()}`

  return { region, quarter, kind, view, loading, error, drill, load, go, showCases, exportUrl, query }
})
