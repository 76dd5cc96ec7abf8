/** Field schemas shared by the request schemas. */
import { z } from 'zod'

export const isoDateTime = z.iso.datetime({ offset: true })
export const code = z.string().min(1).max(40)
export const text = (max: number) => z.string().max(max)
