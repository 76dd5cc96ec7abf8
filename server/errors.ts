/** Errors that carry their HTTP status and the field they are about; the error middleware renders them. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: { field: string; reason: string }[] = [],
  ) {
    super(message)
  }
}

export const badRequest = (field: string, reason: string) => new HttpError(400, 'validation', `${field}: ${reason}`, [{ field, reason }])
export const unprocessable = (field: string, reason: string) => new HttpError(422, 'unknown_reference', `${field}: ${reason}`, [{ field, reason }])
export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`)
export const conflict = (field: string, reason: string) => new HttpError(409, 'conflict', `${field}: ${reason}`, [{ field, reason }])
export const forbidden = (field: string, reason: string) => new HttpError(403, 'forbidden', `${field}: ${reason}`, [{ field, reason }])
