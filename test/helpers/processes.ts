import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Runs one of the project's TypeScript entry points in a process of its own, as `npm` would. */
export function spawnTs(file: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', path.join(root, file), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** Runs an account script (`server/cli/keys.ts`, `users.ts`) to the end; its output, or a thrown error. */
export async function runScript(file: string, args: string[], env: Record<string, string>): Promise<string> {
  const child = spawnTs(file, args, env)
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const code = await new Promise<number | null>((r) => child.on('close', r))
  if (code !== 0) throw new Error(`${file} ${args.join(' ')} exited ${code}: ${out}`)
  return out
}

export { freePort } from '../../db/embedded'

export interface ServerProcess {
  url: string
  child: ChildProcess
  /** What it printed, for a failure's message. */
  output(): string
  kill(signal?: NodeJS.Signals): Promise<void>
}

/** The real server (`server/index.ts --no-demo`) in a process of its own on DATABASE_URL, ready when /healthz answers. */
export async function startServerProcess(opts: { databaseUrl: string; port: number; env?: Record<string, string>; args?: string[] }): Promise<ServerProcess> {
  const child = spawnTs('server/index.ts', opts.args ?? ['--no-demo'], { DATABASE_URL: opts.databaseUrl, PORT: String(opts.port), HOST: '127.0.0.1', ...opts.env })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const url = `http://127.0.0.1:${opts.port}`
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  const end = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}:\n${out}`)
    if (Date.now() > end) throw new Error(`server did not answer /healthz within 60 s:\n${out}`)
    try {
      if ((await fetch(`${url}/healthz`)).ok) break
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    child,
    output: () => out,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      await exited
    },
  }
}
