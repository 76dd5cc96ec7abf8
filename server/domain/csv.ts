/** CSV as spreadsheets write it (RFC 4180): quoted fields, doubled quotes, CRLF or LF, a BOM. */

/** The rows of a CSV text; a field may hold commas, quotes and line breaks inside quotes. Blank lines are skipped. */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const rows: { line: number; fields: string[] }[] = []
  let fields: string[] = []
  let field = ''
  let quoted = false
  let line = 1
  let start = 1
  const endRow = () => {
    fields.push(field)
    if (fields.length > 1 || fields[0] !== '') rows.push({ line: start, fields })
    fields = []
    field = ''
  }
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else {
        if (c === '\n') line++
        field += c
      }
    } else if (c === '"' && field === '') quoted = true
    else if (c === ',') {
      fields.push(field)
      field = ''
    }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++
      endRow()
      start = ++line
    } else field += c
  }
  if (field !== '' || fields.length) endRow()
  return rows
}

/** One CSV field: quoted, quotes doubled, and text starting like a formula (= + - @ tab CR) prefixed with ' so a spreadsheet shows it as text. */
export function csvField(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
  return `"${safe.replace(/"/g, '""')}"`
}

/** A CSV document: a BOM so that Excel reads UTF-8, CRLF line ends, every field quoted and defused. */
export function toCsv(rows: string[][]): string {
  return '\ufeff' + rows.map((l) => l.map(csvField).join(',')).join('\r\n') + '\r\n'
}
