import { computed, onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

export type Layout = 'standard' | 'wide'

/** Design height of every layout: sizes in the components are in these pixels. */
export const DESIGN_HEIGHT = 1080
const STANDARD_WIDTH = 1920
/** From this aspect ratio up (32:9 walls, LED strips) the wide layout is used. */
const WIDE_FROM = 2.4

/**
 * Fits the design stage into the viewport (from the viewport, not window.screen, which OS
 * display scaling distorts) and tells charts the real pixel ratio to draw at, so a scaled-up
 * canvas on a 4K or LED wall stays sharp. 16:9 and 16:10 get the 1920×1080 standard stage; a
 * wide wall gets a 1080-high stage as wide as its aspect, laid out in more columns, not stretched.
 */
export function useStage(forced: Ref<Layout | null>) {
  const vw = ref(window.innerWidth)
  const vh = ref(window.innerHeight)
  const measure = () => {
    vw.value = window.innerWidth
    vh.value = window.innerHeight
  }
  onMounted(() => window.addEventListener('resize', measure))
  onBeforeUnmount(() => window.removeEventListener('resize', measure))

  const layout = computed<Layout>(() => forced.value ?? (vw.value / vh.value >= WIDE_FROM ? 'wide' : 'standard'))
  const width = computed(() => (layout.value === 'wide' ? Math.round(Math.max(WIDE_FROM, vw.value / vh.value) * DESIGN_HEIGHT) : STANDARD_WIDTH))
  const scale = computed(() => Math.min(vw.value / width.value, vh.value / DESIGN_HEIGHT))
  const pixelRatio = computed(() => Math.max(1, scale.value * (window.devicePixelRatio || 1)))
  return { layout, width, height: DESIGN_HEIGHT, scale, pixelRatio }
}
