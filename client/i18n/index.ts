import { messages, type Lang, type MessageKey } from './messages'

/** zh-CN first; `?lang=en` switches a screen to English. */
export const lang: Lang = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh-CN'

export function t(key: MessageKey): string {
  return messages[lang][key]
}
