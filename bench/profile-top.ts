/**
 * The top self-time entries of the busiest CPU profile in bench/profiles (from node --cpu-prof;
 * the app's main thread, not the loader's).
 *   npx tsx bench/profile-top.ts [--top 15]
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { arg } from './util'

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
const dir = path.join(import.meta.dirname, 'profiles')
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] }
const busy = (p: Profile) => {
  const idle = new Set(p.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id))
  return p.samples.filter((id) => !idle.has(id)).length
}
const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(dir, f))
if (!files.length) throw new Error(`no .cpuprofile in ${dir}`)
const [newest, profile] = files.map((f) => [f, JSON.parse(readFileSync(f, 'utf8')) as Profile] as const).sort((a, b) => busy(b[1]) - busy(a[1]))[0]!
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const self = new Map<string, number>()
profile.samples.forEach((id, i) => {
  const f = byId.get(id)!.callFrame
  const where = f.url ? `${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(server|db|bench)\//, '$1/')}:${f.lineNumber + 1}` : '(native)'
  const key = `${f.functionName || '(anonymous)'} ${where}`
  self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0))
})
self.delete('(idle) (native)')
const total = [...self.values()].reduce((a, b) => a + b, 0)
console.log(`${path.basename(newest)}: ${(total / 1000).toFixed(0)} ms busy`)
for (const [k, us] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, arg('top', 15))) console.log(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`)
