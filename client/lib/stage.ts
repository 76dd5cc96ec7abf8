import { onBeforeUnmount, onMounted, ref } from 'vue'

export const DESIGN = { width: 1920, height: 1080 }

/**
 * Fits the 1920×1080 design stage into the viewport (from the viewport, not window.screen,
 * which OS display scaling distorts) and tells charts the real pixel ratio to draw at, so a
 * scaled-up canvas on a 4K wall stays sharp.
 */
export function useStage() {
  const scale = ref(1)
  const pixelRatio = ref(1)
  const measure = () => {
    scale.value = Math.min(window.innerWidth / DESIGN.width, window.innerHeight / DESIGN.height)
    pixelRatio.value = Math.max(1, scale.value * (window.devicePixelRatio || 1))
  }
  measure()
  onMounted(() => window.addEventListener('resize', measure))
  onBeforeUnmount(() => window.removeEventListener('resize', measure))
  return { scale, pixelRatio }
}
