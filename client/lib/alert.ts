/**
 * The desk's alarm for a new red flag: a two-tone chime made with Web Audio (nothing to fetch,
 * works offline) and a system notification when the browser allows one. Returns what happened,
 * so the page can say whether the sound actually played.
 */
let ctx: AudioContext | null = null

export type SoundResult = 'played' | 'blocked' | 'muted'

export async function chime(muted: boolean): Promise<SoundResult> {
  if (muted) return 'muted'
  try {
    ctx ??= new AudioContext()
    if (ctx.state === 'suspended') await Promise.race([ctx.resume(), new Promise((r) => setTimeout(r, 200))])
    if (ctx.state !== 'running') return 'blocked'
    const t = ctx.currentTime
    for (const [i, freq] of [880, 660, 880].entries()) {
      const osc = ctx.createOscillator()
      const gain = ctx.createGain()
      osc.frequency.value = freq
      gain.gain.setValueAtTime(0.0001, t + i * 0.22)
      gain.gain.exponentialRampToValueAtTime(0.4, t + i * 0.22 + 0.02)
      gain.gain.exponentialRampToValueAtTime(0.0001, t + i * 0.22 + 0.2)
      osc.connect(gain).connect(ctx.destination)
      osc.start(t + i * 0.22)
      osc.stop(t + i * 0.22 + 0.21)
    }
    return 'played'
  } catch {
    return 'blocked'
  }
}

/** A system notification; the title and body are plain text by the Notification API's design. */
export function notify(title: string, body: string, tag: string) {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return false
  new Notification(title, { body, tag })
  return true
}

/** Asks once, on a click (browsers only ask in answer to a gesture). */
export async function askNotifications() {
  if (typeof Notification !== 'undefined' && Notification.permission === 'default') await Notification.requestPermission()
}

/**
 * Says the new red flag aloud (zh-CN) where the machine has a voice: the chime names the case,
 * so a duty officer looking away knows which one. Returns false when nothing could speak.
 */
export function say(text: string): boolean {
  if (typeof speechSynthesis === 'undefined' || typeof SpeechSynthesisUtterance === 'undefined') return false
  const u = new SpeechSynthesisUtterance(text)
  u.lang = 'zh-CN'
  u.rate = 1.05
  speechSynthesis.speak(u)
  return true
}
