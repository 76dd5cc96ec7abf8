import { userInfo } from 'node:os'
import type { AuditActor } from '../store/audit'
import { openDb } from '../../db/client'
import { defaultDataDir } from '../../db/embedded'
import { readEnv } from '../env'
import { AccountStore } from '../store/accounts'
import { Registry } from '../store/registry'

/**
 * The database the server uses (same env), for account scripts. The embedded PostgreSQL is
 * shared with a running server (the script connects to it), or started for the script alone.
 */
export async function openAccounts() {
  const env = readEnv()
  const handle = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR ?? defaultDataDir() })
  const registry = new Registry(handle.db)
  await registry.reload()
  return { handle, accounts: new AccountStore(handle.db, registry) }
}

/** Runs one account command against the database, closing it after, with errors as one line. */
export async function runAccountCommand(tool: string, body: (accounts: AccountStore, by: AuditActor) => Promise<void>) {
  const { handle, accounts } = await openAccounts()
  try {
    // The audit log names the script and the system user who ran it, as it names an admin.
    await body(accounts, { name: `npm run ${tool} (${userInfo().username})`, address: 'local' })
  } catch (e) {
    console.error(`${tool}: ${(e as Error).message}`)
    process.exitCode = 1
  } finally {
    await handle.close()
  }
}
