/** `--name value` pairs after the command word; a missing required flag stops with usage. */
export function flags(argv: string[]): { command: string; get(name: string): string | undefined; need(name: string): string } {
  const [command = '', ...rest] = argv
  const values = new Map<string, string>()
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!
    if (a.startsWith('--')) values.set(a.slice(2), rest[i + 1] ?? '')
  }
  return {
    command,
    get: (name) => values.get(name),
    need(name) {
      const v = values.get(name)
      if (!v) throw new Error(`missing --${name}`)
      return v
    },
  }
}
