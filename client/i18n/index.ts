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

/** "已中断 12 秒，正在重连…": how long a screen has been cut off, counting up (empty while connected). */
export function downFor(since: number | null, now: number): string {
  if (!since) return ''
  const s = Math.max(0, Math.floor((now - since) / 1000))
  const en = lang === 'en'
  const text = s < 60 ? `${s}${en ? ' s' : ' 秒'}` : s < 3600 ? `${Math.floor(s / 60)}${en ? ' min' : ' 分钟'}` : `${Math.floor(s / 3600)}${en ? ' h' : ' 小时'}`
  return `${t('downFor')} ${text}${en ? ', ' : '，'}${t('reconnecting')}…`
}
