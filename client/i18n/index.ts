import { en, zh, type Lang, type MessageKey } from './messages'

/**
 * zh-CN first; `?lang=en` switches a screen to English. One style throughout:
 * - words live in dictionaries, a zh-CN object and its English with the same keys (the compiler
 *   checks none is missing), looked up by key: `t` for the wall's, `td` for the desk's;
 * - a phrase with a number is one entry with a `{name}` slot (`t('inAll', { n })`), never two
 *   strings glued in code;
 * - words that come with the data as a pair (code tables, supervision steps) are picked by `pick`;
 * - functions shared with the server's exports take the language as an argument.
 */
export const lang: Lang = typeof location !== 'undefined' && new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh-CN'

type Vars = Record<string, string | number>
const fill = (text: string, vars?: Vars) => (vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : text)

/** A dictionary's lookup in the screen's language. */
export function dictionary<K extends string>(zhWords: Record<K, string>, enWords: Record<K, string>) {
  const words = lang === 'en' ? enWords : zhWords
  return (key: K, vars?: Vars): string => fill(words[key], vars)
}

/** Words that come with the data in both languages. */
export const pick = (pair: { zh: string; en: string }) => (lang === 'en' ? pair.en : pair.zh)

export const t = dictionary<MessageKey>(zh, en)

/** "已中断 12 秒，正在重连…": how long a screen has been cut off, counting up (empty while connected). */
export function downFor(since: number | null, now: number): string {
  if (!since) return ''
  const s = Math.max(0, Math.floor((now - since) / 1000))
  const [n, unit] = s < 60 ? [s, 'seconds'] : s < 3600 ? [Math.floor(s / 60), 'minutes'] : [Math.floor(s / 3600), 'hours']
  return t('downForText', { n, unit: t(unit as MessageKey) })
}
