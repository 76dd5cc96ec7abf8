/** Sizes are in 1920×1080 design pixels: the stage scales them for the wall. */
export const CHART_TEXT = { color: '#e6f1ff', fontSize: 22, fontFamily: 'Noto Sans CJK SC, Microsoft YaHei, sans-serif' }
export const AXIS_LINE = { lineStyle: { color: 'rgba(143,168,200,0.35)' } }
/** Series colour: deliberately not a warning colour. */
export const SERIES_BLUE = '#40c8ff'
