import { z } from 'zod'

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address to listen on: default 127.0.0.1 for the demo (this machine only), 0.0.0.0 otherwise. */
  HOST: z.string().optional(),
  /**
   * Behind a reverse proxy (TLS in front): 'true', a number of hops, or the proxy's addresses
   * (comma-separated). The caller's address (login limits) and https (Secure cookies) come from
   * the proxy's headers. Unset: no proxy is trusted.
   */
  TRUST_PROXY: z.string().optional(),
  /** Open sockets per client address (walls and desks behind one router share one). */
  MAX_SOCKETS_PER_ADDRESS: z.coerce.number().int().min(1).default(500),
  /** App processes on the one port (`--workers N` overrides): each a node on the same database. */
  WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /** Open HTTP connections in all. */
  MAX_CONNECTIONS: z.coerce.number().int().min(10).default(5000),
  /** PostgreSQL 15+ URL; without it the embedded PostgreSQL in DATA_DIR is started. */
  DATABASE_URL: z.string().url().optional(),
  /** Folder of the embedded PostgreSQL: the cluster in pg/, its password in secret (default: db/embedded.ts defaultDataDir). */
  DATA_DIR: z.string().optional(),
  /** How long the change log keeps entries for screens to resume from after a gap. */
  LOG_RETENTION_HOURS: z.coerce.number().min(1).max(24 * 30).default(24),
  /** Simulated changes per second when the demo runs. */
  SIM_RATE: z.coerce.number().min(0).max(1000).default(1),
  /** Seed for the demo data generator: the same seed gives the same county. */
  DEMO_SEED: z.coerce.number().int().default(825),
  /** Folder of real boundary files, `<parent code>.geojson`; without one the map is schematic (示意). */
  GEO_DIR: z.string().optional(),
  /** A Chinese font for PDF exports (TTF, OTF or TTC); default: Debian's fonts-noto-cjk. */
  PDF_FONT: z.string().optional(),
  /** The face in a TTC collection named by PDF_FONT, e.g. NotoSansCJKsc-Regular. */
  PDF_FONT_FAMILY: z.string().optional(),
})

export type Env = z.infer<typeof Env>

/** Reads process.env once; a bad value stops the start with the variable's name. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const r = Env.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== '')))
  if (!r.success) {
    const lines = r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`invalid environment:\n${lines.join('\n')}`)
  }
  return r.data
}

/** TRUST_PROXY as Express takes it: true, a hop count, or addresses. */
export function trustProxy(value: string | undefined): boolean | number | string | undefined {
  if (value === undefined) return undefined
  if (value === 'true') return true
  if (value === 'false') return false
  if (/^\d+$/.test(value)) return Number(value)
  return value
}
