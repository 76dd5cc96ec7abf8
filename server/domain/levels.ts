/**
 * The closing-level ladder (化解层级): 网格（小区） → 村（社区） → 乡镇（街道） → 县. A case is handled
 * at one rung, may be escalated (上报) up the ladder, and is closed at the rung it reached or above.
 * The seeds' promise, 小事不出小区、大事不出社区, is measured on it (docs/INDICATORS.md).
 */
export const LEVELS = ['grid', 'village', 'town', 'county'] as const
export type Level = (typeof LEVELS)[number]

/** The rung's height: grid 0 … county 3; -1 for a code not on the ladder. */
export const levelRank = (level: string | null | undefined) => (level ? (LEVELS as readonly string[]).indexOf(level) : -1)

/** Where a case starts: at its grid when it was reported in one (a 15-digit code), else at its village or community. */
export const startLevel = (regionCode: string): Level => (regionCode.length > 12 ? 'grid' : 'village')

/** The level a case is handled at now: the last it was escalated to, or where it started. */
export const handlingLevel = (c: { regionCode: string; escalatedLevel: string | null }): string => c.escalatedLevel ?? startLevel(c.regionCode)
