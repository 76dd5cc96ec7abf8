/**
 * npm run keys -- create --source hotline --region 140825000000   (prints the new ingest key once)
 * npm run keys -- create --screen 大厅主屏 --region 140825000000    (a read-only kiosk token)
 * npm run keys -- revoke --id 3
 * npm run keys -- list
 */
import { flags } from './args'
import { runAccountCommand } from './open'

const f = flags(process.argv.slice(2))
await runAccountCommand('keys', async (accounts, by) => {
  if (f.command === 'create') {
    const screen = f.get('screen')
    const { key, secret } = await accounts.createKey(screen ? { kind: 'screen', name: screen, regionCode: f.need('region') } : { kind: 'ingest', name: f.need('source'), regionCode: f.need('region') }, undefined, by)
    console.log(`key ${key.id} (${key.kind} ${key.name}, region ${key.regionCode}):\n${secret}\nIt is shown only now; store it in the sending system.`)
  } else if (f.command === 'revoke') {
    console.log((await accounts.revokeKey(Number(f.need('id')), new Date(), by)) ? 'revoked' : 'no such live key')
  } else if (f.command === 'list') {
    for (const k of await accounts.listKeys()) console.log(`${k.id}\t${k.kind}\t${k.name}\t${k.regionCode}\t${k.prefix}…\t${k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'live'}`)
  } else {
    console.error('usage: npm run keys -- create --source NAME --region CODE | create --screen LABEL --region CODE | revoke --id N | list')
    process.exitCode = 2
  }
})
