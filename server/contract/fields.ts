/** Field schemas shared by the request schemas. */
import { z } from 'zod'

export const isoDateTime = z.iso.datetime({ offset: true })
/** A lone UTF-16 surrogate: JSON can carry it, but it is no character and no UTF-8 text can hold it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Text that PostgreSQL can store as it was given: a 400 naming the field, never a failed insert. */
export const storable = () =>
  z
    .string()
    .refine((v) => !v.includes('\u0000'), 'must not contain the NUL character (U+0000)')
    .refine((v) => !LONE_SURROGATE.test(v), 'must be valid Unicode (it holds a lone surrogate)')

export const code = storable().min(1).max(40)
export const text = (max: number) => storable().max(max)
/** An outside system's own id for a record. */
export const externalId = storable().min(1).max(64)
