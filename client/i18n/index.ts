import { messages, type Lang, type MessageKey } from './messages'

/** zh-CN first; `?lang=en` switches a screen to English. */
export const lang: Lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh-CN'

export function t(key: MessageKey): string {
  return messages[lang][key]
}

/** Two words as one label: run together in Chinese (今日受理), spaced in English (Today accepted). */
export function tJoin(a: MessageKey, b: MessageKey): string {
  return lang === 'en' ? `${t(a)} ${t(b).toLowerCase()}` : t(a) + t(b)
}
