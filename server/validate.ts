import type { z } from 'zod'
import { HttpError } from './errors'

/** Parses at the edge: 400 with every offending field and why, before anything is touched. */
export function parse<S extends z.ZodType>(schema: S, data: unknown): z.infer<S> {
  const r = schema.safeParse(data)
  if (r.success) return r.data
  throw validationError(r.error)
}

/** A zod failure as a 400 naming every offending field and why. */
export function validationError(error: z.ZodError): HttpError {
  const issues = error.issues.map((i) => {
    const field = i.path.join('.') || (i.code === 'unrecognized_keys' ? (i as { keys?: string[] }).keys?.join(',') ?? '(body)' : '(body)')
    return { field, reason: i.message }
  })
  return new HttpError(400, 'validation', issues.map((i) => `${i.field}: ${i.reason}`).join('; '), issues)
}

export function parseId(raw: string | string[] | undefined): number {
  const s = Array.isArray(raw) ? raw[0] : raw
  if (!s || !/^\d{1,9}$/.test(s)) throw new HttpError(400, 'validation', 'id: must be a positive integer', [{ field: 'id', reason: 'must be a positive integer' }])
  return Number(s)
}
