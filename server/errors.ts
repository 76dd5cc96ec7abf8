/** Errors that carry their HTTP status and the field they are about; the error middleware renders them. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: { field: string; reason: string }[] = [],
    /** More of the answer, beside the issues (a file's headers for the page to map). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
  }
}

export const badRequest = (field: string, reason: string) => new HttpError(400, 'validation', `${field}: ${reason}`, [{ field, reason }])
export const unprocessable = (field: string, reason: string) => new HttpError(422, 'unknown_reference', `${field}: ${reason}`, [{ field, reason }])
export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`)
export const conflict = (field: string, reason: string) => new HttpError(409, 'conflict', `${field}: ${reason}`, [{ field, reason }])
export const forbidden = (field: string, reason: string) => new HttpError(403, 'forbidden', `${field}: ${reason}`, [{ field, reason }])

const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN'])

/** The database error behind a query error (drizzle wraps the driver's error in `cause`). */
function rootOf(e: unknown): { code?: string; message?: string; name?: string } {
  let x = e as { cause?: unknown; code?: string }
  while (x && typeof x === 'object' && x.cause && !x.code) x = x.cause as typeof x
  return (x ?? {}) as { code?: string; message?: string; name?: string }
}

/**
 * Why the database cannot answer now, or null when the error is something else: connection
 * refused or lost, the server shutting down or starting, out of disk or memory.
 */
export function unavailableCause(e: unknown): string | null {
  const r = rootOf(e)
  const code = r.code ?? ''
  if (NET_CODES.has(code) || code.startsWith('08') || code.startsWith('57P') || code.startsWith('53') || code === '58030') {
    return code === '53100' ? 'disk_full' : code.startsWith('53') ? 'out_of_resources' : 'database_unavailable'
  }
  const m = r.message ?? ''
  if (/Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended|not queryable/i.test(m)) return 'database_unavailable'
  return null
}

/**
 * An error for the log: its kind and code, never the query, its parameters or the row behind
 * it (they carry citizens' text).
 */
export function describeError(e: unknown): string {
  if (e instanceof HttpError) return `${e.status} ${e.code}`
  const r = rootOf(e)
  const name = r.name ?? (e as Error)?.name ?? 'Error'
  // A driver's message names a constraint or a type, not a value; the query and params live elsewhere.
  const message = r.code ? (r.message ?? '').split('\n')[0]!.slice(0, 200) : ''
  return [name, r.code, message].filter(Boolean).join(' ')
}

/** 503 with Retry-After: the database is away; nothing was stored. */
export class UnavailableError extends HttpError {
  constructor(readonly cause: string) {
    super(503, 'unavailable', `the database is unavailable (${cause}); nothing was stored, try again shortly`, [{ field: '(database)', reason: cause }])
  }
}
