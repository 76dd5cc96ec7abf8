import { onBeforeUnmount, onMounted, ref } from 'vue'

/** A ticking `Date.now()` for clocks and ages; one timer per user, removed on unmount. */
export function useNow(intervalMs = 1000) {
  const now = ref(Date.now())
  let timer: ReturnType<typeof setInterval> | undefined
  onMounted(() => (timer = setInterval(() => (now.value = Date.now()), intervalMs)))
  onBeforeUnmount(() => clearInterval(timer))
  return now
}
