import type { ImportProblem } from '../../db/schema'
import type { Registry } from '../store/registry'
import { communityOf, townOf, within } from '../domain/regions'
import { OFFSET_MS } from '../domain/time'

/**
 * 台账: a centre's ledger of earlier cases, one row a case, as the centre kept it in Excel. This
 * module reads its columns (by header, in Chinese or English, or as mapped on the import page)
 * and checks every row; nothing here touches the database.
 */

/** What a ledger row can say, and the headers each is recognised by (compared without spaces or brackets, case-blind). */
export const LEDGER_FIELDS = {
  externalId: { zh: '受理编号', headers: ['受理编号', '编号', '案件编号', '登记编号', '台账编号', 'caseno', 'casenumber', 'externalid', 'id'], required: true },
  acceptedAt: { zh: '登记时间', headers: ['登记时间', '受理时间', '登记日期', '受理日期', 'acceptedat', 'accepted', 'registeredat'], required: true },
  reportedAt: { zh: '反映时间', headers: ['反映时间', '上报时间', '来访时间', 'reportedat', 'reported'], required: false },
  community: { zh: '所属村社区', headers: ['所属村社区', '村社区', '所属村（社区）', '村（社区）', '所属社区', '社区', '所属村', 'community', 'village'], required: true },
  category: { zh: '纠纷类别', headers: ['纠纷类别', '类别', '矛盾类别', '案件类别', '矛盾纠纷类别', 'category'], required: true },
  kind: { zh: '类型', headers: ['类型', '案件类型', '矛盾或诉求', 'kind', 'type'], required: false },
  source: { zh: '来源', headers: ['来源', '案件来源', '受理渠道', 'source', 'channel'], required: false },
  title: { zh: '事由', headers: ['事由', '纠纷事由', '案由', '标题', '简要情况', 'title', 'subject'], required: true },
  description: { zh: '基本情况', headers: ['基本情况', '情况描述', '主要情况', 'description'], required: false },
  peopleInvolved: { zh: '涉及人数', headers: ['涉及人数', '人数', '当事人数', 'people', 'peopleinvolved'], required: false },
  deadlineAt: { zh: '办理期限', headers: ['办理期限', '期限', '截止时间', 'deadline', 'deadlineat'], required: false },
  unit: { zh: '承办单位', headers: ['承办单位', '责任单位', 'unit'], required: false },
  resolvedAt: { zh: '办结时间', headers: ['办结时间', '化解时间', '办结日期', 'resolvedat', 'resolved'], required: false },
  outcome: { zh: '化解结果', headers: ['化解结果', '办理结果', '结果', 'outcome'], required: false },
  closingLevel: { zh: '化解层级', headers: ['化解层级', '办结层级', '化解在', 'level', 'closinglevel'], required: false },
  visitedAt: { zh: '回访时间', headers: ['回访时间', 'visitedat'], required: false },
  satisfaction: { zh: '回访结果', headers: ['回访结果', '满意度', 'satisfaction'], required: false },
} as const satisfies Record<string, { zh: string; headers: readonly string[]; required: boolean }>

export type LedgerField = keyof typeof LEDGER_FIELDS
export const LEDGER_FIELD_NAMES = Object.keys(LEDGER_FIELDS) as LedgerField[]

/** A cell as read from the file: text, a number, a date (an Excel date cell: wall-clock time, no zone), or empty. */
export type Cell = string | number | Date | null

/** The longest text a cell may hold (a 1 MB cell is a mistake or an attack, not a case). */
export const MAX_CELL = 2000
const MAX_TITLE = 200

const norm = (h: string) => h.replace(/[\s()（）_\-·:：]/g, '').toLowerCase()

/**
 * Which column each field is read from: `mapping` first (field → header, as chosen on the
 * import page), then the recognised headers. Returns the columns and the headers nothing reads.
 */
export function mapColumns(headers: string[], mapping: Partial<Record<LedgerField, string>> = {}): { columns: Partial<Record<LedgerField, number>>; unknown: string[]; missing: LedgerField[] } {
  const columns: Partial<Record<LedgerField, number>> = {}
  const taken = new Set<number>()
  for (const [field, header] of Object.entries(mapping) as [LedgerField, string][]) {
    const i = headers.findIndex((h) => h.trim() === header.trim())
    if (i >= 0 && LEDGER_FIELDS[field]) {
      columns[field] = i
      taken.add(i)
    }
  }
  for (const field of LEDGER_FIELD_NAMES) {
    if (columns[field] !== undefined) continue
    const wanted = LEDGER_FIELDS[field].headers.map(norm)
    const i = headers.findIndex((h, k) => !taken.has(k) && wanted.includes(norm(h)))
    if (i >= 0) {
      columns[field] = i
      taken.add(i)
    }
  }
  const missing = LEDGER_FIELD_NAMES.filter((f) => LEDGER_FIELDS[f].required && columns[f] === undefined)
  return { columns, unknown: headers.filter((h, i) => h.trim() && !taken.has(i)), missing }
}

/** A case as the ledger describes it, checked: its row, and the steps of its own timeline. */
export interface LedgerCase {
  row: number
  externalId: string
  source: string
  kind: string
  category: string
  regionCode: string
  communityCode: string
  townCode: string
  title: string
  description: string
  peopleInvolved: number
  reportedAt: Date
  acceptedAt: Date
  deadlineAt: Date | null
  assignedUnit: string | null
  resolvedAt: Date | null
  outcome: string | null
  closingLevel: string | null
  visitedAt: Date | null
  satisfaction: string | null
}

export interface LedgerCheck {
  cases: LedgerCase[]
  problems: ImportProblem[]
  /** Names the county does not know, for the page's list of what did not match. */
  unmatched: { community: string[]; category: string[] }
}

const NAIVE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?$/
const ZONED = /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)$/

/**
 * A time from a cell. Text with a zone (ISO 8601 with Z or an offset) is taken as it is. Text
 * without one (2026-01-05 09:30, 2026/1/5, 2026年1月5日) and Excel date cells (wall-clock, no zone)
 * are read in `zone` when the import says so (the page does: Beijing time), else refused: a time
 * whose zone is guessed may be eight hours off.
 */
export function readTime(cell: Cell, zone: string | null): { at: Date } | { reason: string } {
  if (cell instanceof Date) {
    if (Number.isNaN(+cell)) return { reason: '不是有效的日期' }
    if (!zone) return { reason: '时间没有时区：请选择按北京时间解读，或写成 2026-01-05T09:30:00+08:00' }
    return { at: new Date(+cell - OFFSET_MS) }
  }
  const s = String(cell ?? '').trim()
  if (ZONED.test(s)) {
    const at = new Date(s.replace(' ', 'T'))
    return Number.isNaN(+at) ? { reason: '不是有效的时间' } : { at }
  }
  const m = NAIVE.exec(s)
  if (!m) return { reason: '看不懂的时间（应为 2026-01-05 09:30 这样的写法）' }
  const [y, mo, d, h, mi, se] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number]
  const utc = Date.UTC(y, mo - 1, d, h, mi, se)
  const back = new Date(utc)
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || se > 59) return { reason: '不存在的日期或时间' }
  if (!zone) return { reason: '时间没有时区：请选择按北京时间解读，或写成 2026-01-05T09:30:00+08:00' }
  return { at: new Date(utc - OFFSET_MS) }
}

const text = (c: Cell) => (c instanceof Date ? c.toISOString() : c === null || c === undefined ? '' : String(c)).trim()

/**
 * Checks every row of a ledger: each problem with its row (as the spreadsheet numbers it),
 * column, value and reason in Chinese; a row with any problem is not stored. `region` is the
 * importer's: places are matched by name within it (or by their 12-digit code).
 */
export function checkLedger(
  rows: { line: number; cells: Cell[] }[],
  columns: Partial<Record<LedgerField, number>>,
  headers: string[],
  registry: Registry,
  region: string,
  opts: { zone: string | null; now: Date },
): LedgerCheck {
  const problems: ImportProblem[] = []
  const unmatched = { community: new Set<string>(), category: new Set<string>() }
  const byName = new Map<string, string[]>()
  for (const r of registry.regions()) if ((r.level === 'community' || r.level === 'grid') && within(r.code, region)) byName.set(r.name, [...(byName.get(r.name) ?? []), r.code])
  const codeBy = (kind: 'category' | 'source' | 'outcome' | 'closingLevel' | 'satisfaction' | 'caseKind') => {
    const m = new Map<string, string>()
    for (const c of (registry.allCodes()[kind] ?? []) as { code: string; zh: string; en: string; aliases?: string[] }[]) for (const k of [c.code, c.zh, c.en, ...(c.aliases ?? [])]) m.set(norm(k), c.code)
    return (s: string) => m.get(norm(s))
  }
  const category = codeBy('category')
  const source = codeBy('source')
  const outcome = codeBy('outcome')
  const level = codeBy('closingLevel')
  const satisfaction = codeBy('satisfaction')
  const kind = codeBy('caseKind')
  const seen = new Map<string, number>()
  const cases: LedgerCase[] = []

  for (const { line, cells } of rows) {
    const before = problems.length
    const col = (f: LedgerField) => (columns[f] === undefined ? undefined : headers[columns[f]!] ?? LEDGER_FIELDS[f].zh)
    const raw = (f: LedgerField): Cell => (columns[f] === undefined ? null : cells[columns[f]!] ?? null)
    const bad = (f: LedgerField, reason: string) => problems.push({ row: line, column: col(f) ?? LEDGER_FIELDS[f].zh, value: text(raw(f)).slice(0, 100), reason })
    const str = (f: LedgerField) => {
      const v = text(raw(f))
      if (v.length > MAX_CELL) {
        bad(f, `内容过长（${v.length} 字，最多 ${MAX_CELL} 字）`)
        return ''
      }
      // Text a spreadsheet would run as a formula (=HYPERLINK(...), +cmd, @SUM) is refused, not stored.
      if (/^[=+@\t\r]/.test(v) || (/^-/.test(v) && !/^-?\d/.test(v))) {
        bad(f, '以 = + - @ 开头的内容会被表格当作公式执行，请去掉开头的符号')
        return ''
      }
      return v
    }
    const time = (f: LedgerField, required: boolean): Date | null => {
      const c = raw(f)
      if (c === null || text(c) === '') {
        if (required) bad(f, '必填')
        return null
      }
      const t = readTime(c, opts.zone)
      if ('reason' in t) {
        bad(f, t.reason)
        return null
      }
      if (+t.at > +opts.now + 60_000) {
        bad(f, '晚于现在')
        return null
      }
      return t.at
    }

    const externalId = str('externalId')
    if (!externalId && !problems.slice(before).some((p) => p.column === col('externalId'))) bad('externalId', '必填')
    else if (externalId.length > 64) bad('externalId', '最多 64 个字符')
    else if (externalId) {
      const first = seen.get(externalId)
      if (first) bad('externalId', `与第 ${first} 行的受理编号重复`)
      else seen.set(externalId, line)
    }

    const place = str('community')
    let regionCode = ''
    if (/^\d{12}$/.test(place)) {
      const r = registry.region(place)
      if (!r || (r.level !== 'community' && r.level !== 'grid') || !within(place, region)) bad('community', '本地区没有这个村（社区）代码')
      else regionCode = place
    } else if (place) {
      const codes = byName.get(place) ?? []
      if (codes.length > 1) bad('community', `本地区有 ${codes.length} 个同名村（社区），请填写12位区划代码`)
      else if (!codes.length) {
        bad('community', '本地区没有这个村（社区）')
        unmatched.community.add(place)
      } else regionCode = codes[0]!
    } else if (!problems.slice(before).length) bad('community', '必填')

    const cat = str('category')
    const categoryCode = cat ? category(cat) : undefined
    if (cat && !categoryCode) {
      bad('category', '没有这个纠纷类别')
      unmatched.category.add(cat)
    } else if (!cat && columns.category !== undefined && !problems.slice(before).some((p) => p.column === col('category'))) bad('category', '必填')

    const kindText = str('kind')
    const kindCode = kindText ? kind(kindText) : 'dispute'
    if (!kindCode) bad('kind', '应为 矛盾纠纷 或 民生诉求')
    const sourceText = str('source')
    const sourceCode = sourceText ? source(sourceText) : 'ledger'
    if (!sourceCode) bad('source', '没有这个来源')

    const title = str('title')
    if (!title && !problems.slice(before).some((p) => p.column === col('title'))) bad('title', '必填')
    else if (title.length > MAX_TITLE) bad('title', `最多 ${MAX_TITLE} 字`)
    const description = str('description')

    const peopleText = str('peopleInvolved')
    const people = peopleText === '' ? 1 : Number(peopleText)
    if (!Number.isInteger(people) || people < 1 || people > 100_000) bad('peopleInvolved', '应为 1 到 100000 的整数')

    const acceptedAt = time('acceptedAt', true)
    const reportedAt = time('reportedAt', false) ?? acceptedAt
    if (reportedAt && acceptedAt && reportedAt > acceptedAt) bad('reportedAt', '晚于登记时间')
    const deadlineAt = time('deadlineAt', false)
    if (deadlineAt && acceptedAt && deadlineAt <= acceptedAt) bad('deadlineAt', '不晚于登记时间')
    const resolvedAt = time('resolvedAt', false)
    if (resolvedAt && acceptedAt && resolvedAt < acceptedAt) bad('resolvedAt', '早于登记时间')

    const outcomeText = str('outcome')
    const outcomeCode = outcomeText ? outcome(outcomeText) : resolvedAt ? 'success' : null
    if (outcomeText && !outcomeCode) bad('outcome', '应为 化解成功、未成功 或 转诉讼仲裁')
    if (outcomeText && !resolvedAt && !problems.slice(before).some((p) => p.column === col('resolvedAt'))) bad('resolvedAt', '有化解结果时必填')
    const levelText = str('closingLevel')
    const levelCode = levelText ? level(levelText) : resolvedAt ? 'village' : null
    if (levelText && !levelCode) bad('closingLevel', '应为 网格（小区）、村（社区）、乡镇（街道） 或 县')
    const visitedAt = time('visitedAt', false)
    if (visitedAt && (!resolvedAt || visitedAt < resolvedAt)) bad('visitedAt', '回访应在办结之后')
    const satisfactionText = str('satisfaction')
    const satisfactionCode = satisfactionText ? satisfaction(satisfactionText) : visitedAt ? 'satisfied' : null
    if (satisfactionText && !satisfactionCode) bad('satisfaction', '应为 满意、基本满意 或 不满意')
    const unit = str('unit')

    if (problems.length > before || !acceptedAt || !regionCode || !categoryCode || !kindCode || !sourceCode) continue
    cases.push({
      row: line,
      externalId,
      source: sourceCode,
      kind: kindCode,
      category: categoryCode,
      regionCode,
      communityCode: communityOf(regionCode),
      townCode: townOf(regionCode),
      title,
      description,
      peopleInvolved: people,
      reportedAt: reportedAt!,
      acceptedAt,
      deadlineAt,
      assignedUnit: unit || null,
      resolvedAt,
      outcome: resolvedAt ? (outcomeCode ?? null) : null,
      closingLevel: resolvedAt ? (levelCode ?? null) : null,
      visitedAt,
      satisfaction: visitedAt ? (satisfactionCode ?? null) : null,
    })
  }
  return { cases, problems, unmatched: { community: [...unmatched.community], category: [...unmatched.category] } }
}
