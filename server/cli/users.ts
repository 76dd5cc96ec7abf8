/**
 * npm run users -- create --username zhang --name 张值班 --role duty --region 140825000000
 *   (prints a one-time password; it must be changed at first login)
 * npm run users -- list
 * npm run users -- disable --username zhang   (ends their sessions and closes their screens at once, even in a running server)
 */
import { flags } from './args'
import { runAccountCommand } from './open'

const ROLES = ['admin', 'leader', 'duty'] as const

const f = flags(process.argv.slice(2))
await runAccountCommand('users', async (accounts, by) => {
  if (f.command === 'create') {
    const role = f.need('role')
    if (!(ROLES as readonly string[]).includes(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`)
    const { user, password } = await accounts.createUser({ username: f.need('username'), displayName: f.get('name') ?? f.need('username'), role: role as (typeof ROLES)[number], regionCode: f.need('region') }, by)
    console.log(`user ${user.username} (${user.role}, region ${user.regionCode}); one-time password, shown only now:\n${password}`)
  } else if (f.command === 'list') {
    for (const u of await accounts.listUsers()) console.log(`${u.id}\t${u.username}\t${u.displayName}\t${u.role}\t${u.regionCode}${u.disabledAt ? '\tdisabled' : ''}`)
  } else if (f.command === 'disable') {
    const user = await accounts.userByName(f.need('username'))
    if (!user) throw new Error(`no user ${f.need('username')}`)
    console.log((await accounts.disableUser(user.id, new Date(), by)) ? `user ${user.username} disabled; their sessions are ended` : `user ${user.username} was already disabled`)
  } else {
    console.error('usage: npm run users -- create --username NAME --role admin|leader|duty --region CODE [--name 显示名] | list | disable --username NAME')
    process.exitCode = 2
  }
})
