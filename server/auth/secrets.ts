import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

/**
 * scrypt (memory-hard: N=2^15, r=8 uses 32 MiB per hash) with a random salt per password.
 * Stored as `scrypt$N$r$p$salt$hash` so the cost can be raised later without breaking old hashes.
 */
const N = 2 ** 15
const R = 8
const P = 1
const LEN = 32
const MAXMEM = 64 * 2 ** 20

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, LEN, { N: n, r, p, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(key))),
  )
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, N, R, P)
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  const key = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p))
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** A random token with a readable kind prefix: `gsk_…` ingest keys, `gss_…` screen tokens, `gsu_…` sessions. */
export function newToken(prefix: 'gsk' | 'gss' | 'gsu'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`
}

/** Keys and tokens are 256-bit random: a fast hash is enough to make the stored form useless. */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex')

/** A one-time password a person can type: 16 characters without look-alikes. */
export function newPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789'
  return [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('')
}
