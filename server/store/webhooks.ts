import { createHmac, randomBytes } from 'node:crypto'
import { and, desc, eq, isNull, like, sql } from 'drizzle-orm'
import { queryRows, type Db } from '../../db/client'
import { webhookDeliveries, webhooks, type CaseRow, type Webhook, type WebhookDelivery, type WebhookEvent } from '../../db/schema'
import { reasonsText } from '../domain/reasons'
import type { Clock } from '../domain/clock'
import { isOpen } from '../domain/lifecycle'
import { prefixOf, townOf, within } from '../domain/regions'
import { formatLocal } from '../domain/time'
import { describeError, notFound } from '../errors'
import { isLateRecord } from '../live/summary'
import type { LogRecord } from '../log/entries'
import { audit, type AuditActor } from './audit'
import type { Registry } from './registry'
import type { RulesStore } from './rules'

/** Tries of one message: at once, then after 1, 2, 4 … s, at most a minute apart. */
export const MAX_ATTEMPTS = 8
const backoffMs = (attempt: number) => Math.min(60_000, 1000 * 2 ** (attempt - 1))
const TIMEOUT_MS = 5_000

export interface WebhookView {
  id: number
  name: string
  regionCode: string
  url: string
  format: Webhook['format']
  events: Webhook['events']
  disabledAt: string | null
  createdBy: string
  createdAt: string
}
const view = (w: Webhook): WebhookView => ({ id: w.id, name: w.name, regionCode: w.regionCode, url: w.url, format: w.format, events: w.events, disabledAt: w.disabledAt?.toISOString() ?? null, createdBy: w.createdBy, createdAt: w.createdAt.toISOString() })

/** What one event says: its kind, a key that names it once, the case, and the words. */
interface Message {
  event: WebhookEvent
  key: string
  caseRow?: CaseRow
  text: string
  data: Record<string, unknown>
  /** A whistle's message (点名哨) carries the whistle, not a case. */
  whistle?: Record<string, unknown>
}

/**
 * Notices to phones (webhooks): every node reads every change from the log and enqueues the
 * messages it means for each webhook of the place (once: a message is keyed by its event), and
 * every node sends what is due, each message claimed by one. A message is plain text (citizen
 * text is data: never HTML or markdown), as our signed JSON or a DingTalk or WeCom robot's text.
 */
export class WebhookStore {
  private list: Webhook[] = []
  private timer: NodeJS.Timeout | null = null
  private sending: Promise<void> | null = null
  private stopped = false

  constructor(private db: Db, private registry: Registry, private rules: RulesStore, private clock: Clock) {}

  async load() {
    this.list = await this.db.select().from(webhooks).where(isNull(webhooks.disabledAt))
  }

  start() {
    this.stopped = false
    const loop = () => {
      if (this.stopped) return
      this.timer = setTimeout(() => void this.sendDue().finally(loop), 500)
    }
    loop()
  }

  async stop() {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await this.sending
  }

  async create(w: { name: string; regionCode: string; url: string; format: Webhook['format']; events: Webhook['events']; secret?: string }, by: AuditActor): Promise<{ webhook: WebhookView; secret: string }> {
    const secret = w.secret || randomBytes(24).toString('hex')
    const row = await this.db.transaction(async (tx) => {
      const [r] = await tx.insert(webhooks).values({ ...w, secret, createdBy: by.name }).returning()
      await audit(tx, by, { action: 'webhook.create', target: `webhook:${r!.id}`, regionCode: r!.regionCode, after: { name: r!.name, url: r!.url, format: r!.format, events: r!.events } })
      return r!
    })
    await this.load()
    return { webhook: view(row), secret }
  }

  async setDisabled(id: number, disabled: boolean, region: string, by: AuditActor): Promise<WebhookView> {
    const row = await this.db.transaction(async (tx) => {
      const [r] = await tx.update(webhooks).set({ disabledAt: disabled ? this.clock.now() : null }).where(and(eq(webhooks.id, id), like(webhooks.regionCode, `${prefixOf(region)}%`))).returning()
      if (!r) throw notFound(`webhook ${id}`)
      await audit(tx, by, { action: disabled ? 'webhook.disable' : 'webhook.enable', target: `webhook:${id}`, regionCode: r.regionCode })
      return r
    })
    await this.load()
    return view(row)
  }

  async byRegion(region: string): Promise<WebhookView[]> {
    return (await this.db.select().from(webhooks).where(like(webhooks.regionCode, `${prefixOf(region)}%`)).orderBy(webhooks.id)).map(view)
  }

  private async own(id: number, region: string): Promise<Webhook> {
    const [w] = await this.db.select().from(webhooks).where(and(eq(webhooks.id, id), like(webhooks.regionCode, `${prefixOf(region)}%`)))
    if (!w) throw notFound(`webhook ${id}`)
    return w
  }

  /** The delivery log of a webhook, newest first. */
  async deliveries(id: number, region: string, limit = 100): Promise<Omit<WebhookDelivery, 'body'>[]> {
    await this.own(id, region)
    const rows = await this.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, id)).orderBy(desc(webhookDeliveries.id)).limit(limit)
    return rows.map(({ body: _, ...r }) => r)
  }

  /** A test message ("send test" on the page), through the same queue and tries. */
  async test(id: number, region: string): Promise<void> {
    const w = await this.own(id, region)
    const now = this.clock.now()
    await this.enqueue(w, { event: 'test', key: `test:${now.getTime()}`, text: `【测试】${this.registry.region(w.regionCode)?.name ?? ''}综治中心的消息推送已接通（${formatLocal(now)}）`, data: {} })
    void this.sendDue()
  }

  /** The messages the log's new entries mean, queued once for each webhook they concern. */
  async onRecords(records: LogRecord[]) {
    if (!this.list.length) return
    const now = this.clock.now()
    for (const r of records) {
      for (const m of this.messagesOf(r, now)) {
        const community = m.caseRow!.communityCode
        for (const w of this.list) if (w.events.includes(m.event as never) && within(community, w.regionCode)) await this.enqueue(w, m)
      }
    }
    void this.sendDue()
  }

  /**
   * 点名哨: units that did not take a whistle by its limit, told to the webhooks of the
   * whistle's community (once per whistle, whichever node escalated it).
   */
  async onCalledOut(called: { id: number; communityCode: string; organisationName: string; title: string; takeBy: Date; whistledAt: Date }[]) {
    if (!this.list.length || !called.length) return
    for (const w of called) {
      const place = `${this.registry.region(townOf(w.communityCode))?.name ?? ''}${this.registry.region(w.communityCode)?.name ?? ''}`
      const m: Message = {
        event: 'whistle_called_out',
        key: `whistle_called_out:${w.id}`,
        text: `【点名哨】${w.organisationName} 未在时限内接单：${place} 吹哨“${w.title}”（${formatLocal(w.whistledAt)} 吹哨，接单时限 ${formatLocal(w.takeBy)}）。`,
        data: {},
        whistle: { id: w.id, place, unit: w.organisationName, title: w.title, whistledAt: w.whistledAt.toISOString(), takeBy: w.takeBy.toISOString() },
      }
      for (const hook of this.list) if (hook.events.includes('whistle_called_out') && within(w.communityCode, hook.regionCode)) await this.enqueue(hook, m)
    }
    void this.sendDue()
  }

  private messagesOf(r: LogRecord, now: Date): Message[] {
    const place = (c: CaseRow) => `${this.registry.region(c.townCode)?.name ?? ''}${this.registry.region(c.communityCode)?.name ?? ''}`
    const about = (c: CaseRow) => ({ id: c.id, externalId: c.externalId, title: c.title, place: place(c), colour: c.colour, reasons: reasonsText(c.colourReasons, +now, 'zh-CN'), unit: c.assignedUnit, deadlineAt: c.deadlineAt?.toISOString() ?? null })
    const out: Message[] = []
    if (r.kind === 'case' || r.kind === 'notice') {
      const ch = r.kind === 'case' ? r.change : r.change.case
      const c = ch.after
      // History brought in late (a ledger import) tells no one anything new.
      if (!ch.before && isLateRecord(c)) return out
      const wasRed = ch.before && isOpen(ch.before.status) && ch.before.colour === 'red'
      if (isOpen(c.status) && c.colour === 'red' && !wasRed) {
        out.push({ event: 'red_flag', key: `red_flag:${c.id}:${c.colourSince.getTime()}`, caseRow: c, data: about(c), text: `【红色预警】${place(c)}：${c.title}（受理编号 ${c.externalId}）。原因：${reasonsText(c.colourReasons, +now, 'zh-CN')}。承办单位：${c.assignedUnit ?? '未分流'}。` })
      }
      const overdue = c.colourReasons.find((x) => x.code === 'overdue')
      if (r.kind === 'case' && isOpen(c.status) && overdue && c.assignedUnit && ch.before) {
        out.push({ event: 'case_overdue', key: `case_overdue:${c.id}:${c.deadlineAt?.getTime() ?? 0}`, caseRow: c, data: about(c), text: `【超期】${c.assignedUnit} 承办的案件已超过办理期限：${place(c)} ${c.title}（受理编号 ${c.externalId}，期限 ${c.deadlineAt ? formatLocal(c.deadlineAt) : ''}）。` })
      }
      if (r.kind === 'notice' && (r.change.kind === 'issued' || r.change.kind === 'escalated')) {
        const n = r.change.notice
        const step = this.rules.current.ladder[Math.min(n.step, this.rules.current.ladder.length) - 1]
        const verb = r.change.kind === 'issued' ? '发出' : '升级为'
        out.push({
          event: r.change.kind === 'issued' ? 'notice_issued' : 'notice_escalated',
          key: `notice_${r.change.kind}:${n.id}:${n.step}`,
          caseRow: c,
          data: { ...about(c), notice: { id: n.id, unit: n.unit, step: n.step, stepName: step?.zh ?? '', dueAt: n.dueAt.toISOString() } },
          text: `【${step?.zh ?? '督办'}】向 ${n.unit} ${verb}${step?.zh ?? '督办'}：${place(c)} ${c.title}（受理编号 ${c.externalId}），请于 ${formatLocal(n.dueAt)} 前回复。`,
        })
      }
    }
    return out
  }

  /** Queues a message for a webhook: its body as sent, once per key. */
  private async enqueue(w: Webhook, m: Message) {
    const body =
      w.format === 'json'
        ? JSON.stringify({ event: m.event, at: this.clock.now().toISOString(), text: m.text, ...(m.data && Object.keys(m.data).length ? { case: m.data } : {}), ...(m.whistle ? { whistle: m.whistle } : {}) })
        : JSON.stringify({ msgtype: 'text', text: { content: m.text } })
    await this.db.insert(webhookDeliveries).values({ webhookId: w.id, event: m.event, key: m.key, body }).onConflictDoNothing()
  }

  /** Sends what is due: each message claimed by one node (its next try moved on first), then marked by the answer. */
  sendDue(): Promise<void> {
    if (this.sending) return this.sending
    // No webhook here: nothing to send (a disabled one's queue waits until it is enabled again).
    if (!this.list.length) return Promise.resolve()
    this.sending = (async () => {
      try {
        for (;;) {
          const due = await queryRows<{ id: number; webhook_id: number; body: string; attempts: number }>(
            this.db,
            sql`update ${webhookDeliveries} set attempts = attempts + 1, next_at = now() + interval '30 seconds'
                where id in (select id from ${webhookDeliveries} where status = 'pending' and next_at <= now() order by next_at limit 20 for update skip locked)
                returning id, webhook_id, body, attempts`,
          )
          if (!due.length) return
          // A webhook made on another node a moment ago: this node reads the list again first.
          if (due.some((d) => !this.list.some((w) => w.id === d.webhook_id))) await this.load()
          const byId = new Map(this.list.map((w) => [w.id, w]))
          // A message of a webhook stopped meanwhile waits, untried, until it is enabled again.
          await Promise.all(due.map((d) => (byId.has(d.webhook_id) ? this.deliver(byId.get(d.webhook_id)!, d) : this.putBack(d.id))))
        }
      } catch (e) {
        console.error(`webhooks: ${describeError(e)}`)
      } finally {
        this.sending = null
      }
    })()
    return this.sending
  }

  private async putBack(id: number) {
    await this.db.update(webhookDeliveries).set({ attempts: sql`${webhookDeliveries.attempts} - 1`, nextAt: new Date(+this.clock.now() + 60_000) }).where(eq(webhookDeliveries.id, id))
  }

  private async deliver(w: Webhook, d: { id: number; body: string; attempts: number }) {
    const ts = String(Date.now())
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'govscreen-webhook' }
    let url = w.url
    if (w.format === 'json') {
      headers['x-govscreen-timestamp'] = ts
      headers['x-govscreen-signature'] = `sha256=${createHmac('sha256', w.secret).update(`${ts}.${d.body}`).digest('hex')}`
    } else if (w.format === 'dingtalk') {
      // DingTalk's own signature for a robot with 加签: timestamp and sign in the address.
      const sign = createHmac('sha256', w.secret).update(`${ts}\n${w.secret}`).digest('base64')
      url += `${url.includes('?') ? '&' : '?'}timestamp=${ts}&sign=${encodeURIComponent(sign)}`
    }
    let status: number | null = null
    let error: string | null = null
    try {
      const res = await fetch(url, { method: 'POST', headers, body: d.body, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'manual' })
      status = res.status
      const text = await res.text().catch(() => '')
      // DingTalk and WeCom answer 200 with an error code in the body.
      const code = w.format === 'json' ? 0 : Number((/"errcode"\s*:\s*(-?\d+)/.exec(text) ?? [])[1] ?? 0)
      if (!res.ok || code !== 0) error = `HTTP ${res.status}${code ? ` errcode ${code}` : ''}: ${text.slice(0, 200)}`
    } catch (e) {
      error = e instanceof Error ? `${e.name}: ${e.message}` : String(e)
    }
    const now = this.clock.now()
    if (!error) await this.db.update(webhookDeliveries).set({ status: 'sent', sentAt: now, lastStatus: status, lastError: null }).where(eq(webhookDeliveries.id, d.id))
    else if (d.attempts >= MAX_ATTEMPTS) await this.db.update(webhookDeliveries).set({ status: 'failed', lastStatus: status, lastError: error }).where(eq(webhookDeliveries.id, d.id))
    else await this.db.update(webhookDeliveries).set({ lastStatus: status, lastError: error, nextAt: new Date(+now + backoffMs(d.attempts)) }).where(eq(webhookDeliveries.id, d.id))
  }
}
