import { describe, expect, it } from 'vitest'
import { BREAKDOWNS, ROTATION, stepAt } from '../../../client/screen/rotation'

describe("the wall's rotation", () => {
  for (const layout of ['standard', 'wide'] as const) {
    const steps = ROTATION[layout]
    it(`${layout}: in one round every breakdown, both heat windows and the heat map come round; the map shows the warnings three turns in four`, () => {
      const shown = new Set(steps.flatMap((s) => [s.left, s.left2].filter(Boolean)))
      for (const b of Object.keys(BREAKDOWNS)) expect(shown, b).toContain(b)
      expect(new Set(steps.map((s) => s.heatDays))).toEqual(new Set([7, 30]))
      // The heat map is seen with each window.
      expect(new Set(steps.filter((s) => s.map === 'heat').map((s) => s.heatDays))).toEqual(new Set([7, 30]))
      expect(steps.filter((s) => s.map === 'warnings').length / steps.length).toBeGreaterThanOrEqual(0.66)
    })
    it(`${layout}: two slots never show the same breakdown at once, and the table wraps round`, () => {
      for (const s of steps) expect(s.left).not.toBe(s.left2)
      expect(stepAt(layout, steps.length)).toBe(steps[0])
      expect(stepAt(layout, 2 * steps.length + 1)).toBe(steps[1])
    })
  }
  it('16:9: the trend and each side panel (teams, wishes, the weekday × hour matrix with each window, 双报到, 积分榜, 吹哨, 趋势预警) come round', () => {
    const steps = ROTATION.standard
    expect(steps.some((s) => s.left === 'trend')).toBe(true)
    expect(new Set(steps.map((s) => s.side))).toEqual(new Set(['teams', 'wishes', 'matrix', 'people', 'points', 'whistles', 'surges']))
    expect(new Set(steps.filter((s) => s.side === 'matrix').map((s) => s.heatDays))).toEqual(new Set([7, 30]))
  })
})
