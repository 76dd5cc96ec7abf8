import type { ReviewView } from '../contract'

/** What a review's case figures count, in the words a centre uses (titles, exports, file names). */
export const KIND_WORDS: Record<ReviewView['kind'], string> = { dispute: '矛盾纠纷', appeal: '民生诉求', all: '矛盾纠纷和民生诉求' }
export const KIND_WORDS_EN: Record<ReviewView['kind'], string> = { dispute: 'Disputes', appeal: 'Appeals', all: 'Disputes and appeals' }
/** What a region's children are called in titles and sentences, by its level. */
export const CHILD_WORDS: Record<string, string> = { province: '市', city: '县（市、区）', county: '乡镇（街道）', town: '村（社区）' }
