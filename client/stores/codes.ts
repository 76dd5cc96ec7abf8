import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import { lang } from '../i18n'

type CodeTables = Record<string, { code: string; zh: string; en: string; color?: string }[]>

/** Code labels (categories, sources, teams, …) as the server defines them. */
export const useCodesStore = defineStore('codes', () => {
  const tables = shallowRef<CodeTables>({})

  async function load() {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch('/api/v1/codes')
        if (res.ok) return void (tables.value = (await res.json()) as CodeTables)
      } catch {
        // the server may be restarting; try again
      }
      await new Promise((r) => setTimeout(r, Math.min(15_000, 1000 * 2 ** attempt)))
    }
  }

  function label(kind: string, code: string): string {
    const row = tables.value[kind]?.find((c) => c.code === code)
    return row ? (lang === 'en' ? row.en : row.zh) : code
  }

  function color(kind: string, code: string): string | undefined {
    return tables.value[kind]?.find((c) => c.code === code)?.color
  }

  return { tables, load, label, color }
})
