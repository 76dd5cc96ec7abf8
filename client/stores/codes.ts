import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import { pick } from '../i18n'
import { fetchForever } from '../lib/fetchForever'

type CodeTables = Record<string, { code: string; zh: string; en: string; color?: string }[]>
export type CodeKind = 'category' | 'source' | 'closingLevel' | 'status' | 'team'

/** Code labels (categories, sources, teams, …) as the server defines them. */
export const useCodesStore = defineStore('codes', () => {
  const tables = shallowRef<CodeTables>({})

  async function load() {
    tables.value = await fetchForever<CodeTables>('/api/v1/codes')
  }

  function label(kind: string, code: string): string {
    const row = tables.value[kind]?.find((c) => c.code === code)
    return row ? pick(row) : code
  }

  function color(kind: string, code: string): string | undefined {
    return tables.value[kind]?.find((c) => c.code === code)?.color
  }

  return { tables, load, label, color }
})
