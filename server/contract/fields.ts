/** Field schemas shared by the request schemas. */
import { z } from 'zod'

/**
 * A moment with its offset, within the years 2000–2099: a record of this centre cannot be older,
 * and a year 9999 or 0000 is a typing slip, refused (400) rather than stored or computed with.
 * Times that must not lie ahead of the server's clock are checked where the clock is known
 * (`notAhead` in server/domain/time.ts).
 */
export const isoDateTime = z.iso.datetime({ offset: true }).refine((v) => {
  const year = new Date(v).getUTCFullYear()
  return year >= 2000 && year <= 2099
}, 'must be a time between the years 2000 and 2099')
/** A lone UTF-16 surrogate: JSON can carry it, but it is no character and no UTF-8 text can hold it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Text that PostgreSQL can store as it was given: a 400 naming the field, never a failed insert. */
export const storable = () =>
  z
    .string()
    .refine((v) => !v.includes('\u0000'), 'must not contain the NUL character (U+0000)')
    .refine((v) => !LONE_SURROGATE.test(v), 'must be valid Unicode (it holds a lone surrogate)')

export const code = storable().min(1).max(40)
/** Text as a person typed it, without the blanks around it: whitespace alone is empty. */
export const text = (max: number) => storable().trim().max(max)
/** A password: taken exactly as typed. */
export const secret = (max: number) => storable().max(max)
/**
 * A login name: lower-case ASCII letters, digits, '.', '_' and '-' (3–32), so no two names look
 * alike (no full-width letters, no invisible characters beside a real name).
 */
export const username = z.string().regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, "3–32 lower-case letters a–z, digits, '.', '_' or '-', starting with a letter or digit")
/** An outside system's own id for a record. */
export const externalId = storable().min(1).max(64)
