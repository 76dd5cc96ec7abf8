import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { existsSync, readFileSync } from 'node:fs'
import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import express, { type ErrorRequestHandler } from 'express'
import { Server } from 'socket.io'
import type { DbHandle } from '../db/client'
import type { ClientToServerEvents, ServerToClientEvents } from './contract'
import type { AppContext } from './context'
import { systemClock, type Clock } from './domain/clock'
import { describeError, HttpError, unavailableCause, UnavailableError } from './errors'
import { LiveModel } from './live/model'
import type { LogRecord } from './log/entries'
import { LogTailer } from './log/tailer'
import { appended } from './log/append'
import { Hub, type StreamSocketData } from './realtime/hub'
import { readStream, readStreamStart } from './realtime/streams'
import { activitiesRouter } from './routes/activities'
import { casesRouter } from './routes/cases'
import { indicatorsRouter } from './routes/indicators'
import { regionsRouter } from './routes/regions'
import { adminRouter } from './routes/admin'
import { wishesRouter } from './routes/wishes'
import { ActivityStore } from './store/activities'
import { CaseStore } from './store/cases'
import { IndicatorStore } from './store/indicators'
import { Registry } from './store/registry'
import { WishStore } from './store/wishes'
import { NoticeStore } from './store/notices'
import { RulesStore } from './store/rules'
import { supervisionRouter } from './routes/supervision'
import { warningsRouter } from './routes/warnings'
import { WarningEngine } from './warnings/engine'
import { Boundaries } from './geo/boundaries'
import { LoginLimiter } from './auth/rateLimit'
import { securityHeaders } from './auth/headers'
import { socketGate } from './auth/sockets'
import { Leadership } from './leader'
import { identify, requireCaller } from './auth/principal'
import { AccountStore } from './store/accounts'
import { AuditStore } from './store/audit'
import { Presence } from './realtime/presence'
import { SessionStore } from './store/sessions'
import { sessionRouter } from './routes/session'
import type { PdfFont } from './review/pdf'
import { dutyRouter } from './routes/duty'
import { reviewRouter } from './routes/review'
import { unitsRouter } from './routes/units'
import { peopleRouter } from './routes/people'
import { whistlesRouter } from './routes/whistles'
import { listsRouter } from './routes/lists'
import { figuresRouter } from './routes/figures'
import { importsRouter } from './routes/imports'
import { visitsRouter } from './routes/visits'
import { VisitStore } from './store/visits'
import { webhooksRouter } from './routes/webhooks'
import { WebhookStore } from './store/webhooks'
import { ImportStore } from './store/imports'
import { UnitStore } from './store/units'
import { PeopleStore } from './store/people'
import { WhistleStore } from './store/whistles'
import { ListStore } from './store/lists'
import { PointsStore } from './store/points'
import { RosterStore } from './store/roster'
import { TrendStore } from './store/trends'

export interface AppOptions {
  /** The migrated database, and its URL for the connection that listens for the change log. */
  db: Pick<DbHandle, 'db' | 'url'>
  /** How long the change log keeps entries for followers to resume from (hours). */
  logRetentionHours?: number
  clock?: Clock
  /** Folder of the built client; served when it exists. */
  staticDir?: string
  /** How often the settings table is checked for a direct edit of the warning rules (0: never). */
  rulesPollMs?: number
  /** Coalescing window for `indicators:updated`. */
  coalesceMs?: number
  /** A stream's events within this window go out as one frame (default 50 ms). */
  tickMs?: number
  /**
   * Heartbeat: the server pings every socket this often, and a side that hears nothing for
   * interval + timeout gives the connection up. Defaults 2 s + 2 s, so a wall shows a frozen or
   * unreachable server within about 4 s (Socket.IO's own 25 s + 20 s let it say 实时连接 for
   * up to 45 s). A ping is a few bytes: 2,000 walls cost 1,000 small frames a second.
   */
  heartbeat?: { intervalMs: number; timeoutMs: number }
  bodyLimit?: string
  /** Folder of real boundary files (see Boundaries). */
  geoDir?: string
  /** Where `/` leads (the demo opens its wall with the demo kiosk token). */
  home?: string
  /** A Chinese font for PDF exports (default: Debian's fonts-noto-cjk). */
  pdfFont?: PdfFont
  /** Reports that arrive during a commit commit together (default); false only to measure the difference. */
  groupCommit?: boolean
  /** Limits on what one caller may hold (see AppLimits). */
  limits?: Partial<AppLimits>
  /** Behind a reverse proxy: Express's `trust proxy` (hops or addresses); the caller's address and https come from it. */
  trustProxy?: string | number | boolean
}

export interface AppLimits {
  /** Open sockets per client address (a centre's walls and desks behind one router share one). */
  socketsPerAddress: number
  /** Open HTTP connections in all. */
  connections: number
  /** A socket with more than this many bytes not yet written to it is dropped (it resumes by replay). */
  slowClientBytes: number
}

export interface App {
  ctx: AppContext
  http: HttpServer
  io: Server<ClientToServerEvents, ServerToClientEvents>
  listen(port: number, host?: string): Promise<number>
  /** Resolves when everything committed so far has been read from the log and the engine is idle. */
  settle(): Promise<void>
  close(): Promise<void>
}

const here = path.dirname(fileURLToPath(import.meta.url))

/** Builds the whole server on an already migrated database. Nothing listens until `listen`. */
export async function createApp(opts: AppOptions): Promise<App> {
  const clock = opts.clock ?? systemClock
  const db = opts.db.db
  const registry = new Registry(db)
  await registry.reload()
  const root = registry.root()
  const rules = new RulesStore(db)
  await rules.refresh()
  // The live model and the streams' positions from one snapshot: the model holds exactly the
  // log entries up to `start.position`, and the tailer goes on from there.
  const model = new LiveModel(clock)
  const start = await db.transaction(
    async (tx) => {
      await model.load(tx, registry.allCodes().team!.map((t) => t.code))
      return readStreamStart(tx)
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  )

  const limits: AppLimits = { socketsPerAddress: 500, connections: 5_000, slowClientBytes: 4 * 2 ** 20, ...opts.limits }
  const app = express()
  app.disable('x-powered-by')
  if (opts.trustProxy !== undefined) app.set('trust proxy', opts.trustProxy)
  app.use(securityHeaders)
  // An idle or trickling client cannot hold a connection for long; the number of connections is capped.
  const http = createServer({ requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000, connectionsCheckingInterval: 2_000 }, app)
  http.maxConnections = limits.connections
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, StreamSocketData>(http, { serveClient: false, maxHttpBufferSize: 16_384, pingInterval: opts.heartbeat?.intervalMs ?? 2_000, pingTimeout: opts.heartbeat?.timeoutMs ?? 2_000 })
  const hub = new Hub(io, model, registry, rules, start, (region, after, upTo) => readStream(db, region, after, upTo, 2_001), opts.coalesceMs, opts.tickMs, limits.slowClientBytes)
  const presence = new Presence(db, io, hub)
  const cases = new CaseStore(db, registry, rules, clock, opts.groupCommit ?? true)
  const notices = new NoticeStore(db, rules, clock, cases)
  const warnings = new WarningEngine({ db, clock, rules, notices, cases, model, touchAll: () => hub.touchAll(), rulesPollMs: opts.rulesPollMs })
  const trends = new TrendStore(db, registry, clock)
  // The clock-driven work runs on one node of those on this database: the leader.
  const leadership = new Leadership({ url: opts.db.url, onLead: () => warnings.start(), onFollow: () => warnings.stop() })
  await leadership.start()

  const accounts = new AccountStore(db, registry)
  const sessions = new SessionStore(db)
  // Every node reads the change log in commit order: the streams, the engine's schedule, and
  // what other processes did (rules, revoked keys, ended sessions, disabled users).
  const webhooks = new WebhookStore(db, registry, rules, clock)
  await webhooks.load()
  const onRecords = (records: LogRecord[]) => {
    hub.apply(records)
    void webhooks.onRecords(records).catch((e: unknown) => console.error(`webhooks: ${e instanceof Error ? e.message : String(e)}`))
    for (const r of records) {
      if (r.kind === 'case') warnings.track(r.change)
      else if (r.kind === 'import') warnings.trackImported(r.change.rows)
      else if (r.kind === 'notice') {
        warnings.track(r.change.case)
        warnings.trackNotice(r.change)
      } else if (r.kind === 'rules') void warnings.refreshRules()
      else if (r.kind === 'key_revoked') {
        accounts.forgetKey(r.keyId)
        hub.disconnectWhere((d) => d.keyId === r.keyId)
      } else if (r.kind === 'session_ended') {
        sessions.forget(r.tokenHash)
        hub.disconnectWhere((d) => d.session === r.tokenHash)
      } else if (r.kind === 'user_changed' || r.kind === 'user_disabled') {
        // A disabled user, or a changed role or region: their sockets reconnect under what holds now.
        sessions.forgetUser(r.userId)
        hub.disconnectWhere((d) => d.userId === r.userId)
      }
    }
  }
  const tailer = new LogTailer({ db, url: opts.db.url, from: start.position, onRecords, retentionHours: opts.logRetentionHours, onHealth: (up) => hub.setDatabase(up) })
  await tailer.start()

  const ctx: AppContext = {
    db,
    clock,
    registry,
    model,
    hub,
    rules,
    warnings,
    tailer,
    rootCode: root.code,
    boundaries: new Boundaries(registry, opts.geoDir),
    pdfFont: opts.pdfFont,
    accounts,
    audit: new AuditStore(db),
    units: new UnitStore(db, registry, clock),
    people: new PeopleStore(db, registry, clock),
    whistles: new WhistleStore(db, registry, clock),
    lists: new ListStore(db, registry, clock),
    points: new PointsStore(db, registry, clock),
    roster: new RosterStore(db, registry),
    trends,
    imports: new ImportStore(db, registry, rules, clock),
    visits: new VisitStore(db, registry, rules, cases, clock),
    webhooks,
    presence,
    sessions,
    limiter: new LoginLimiter(clock),
    limits,
    leadership,
    stores: {
      cases,
      notices,
      activities: new ActivityStore(db, registry),
      wishes: new WishStore(db, registry),
      indicators: new IndicatorStore(db),
    },
  }
  // An import whose process stopped half way (a kill, a restart) is taken over by a node that sees its heartbeat go stale.
  const resumeImports = setInterval(() => void ctx.imports.resumeStale().then(() => ctx.imports.expireChecked()).catch(() => undefined), 5_000)
  resumeImports.unref()
  // 点名哨: whistles not taken by their time limit, by the clock (idempotent: every node may sweep; each is escalated once), told to the webhooks.
  ctx.whistles.onCalledOut = (called) => ctx.webhooks.onCalledOut(called)
  // 趋势预警: the leader evaluates every place and category every ten minutes (and when it starts leading).
  const evaluateTrends = () => void (leadership.leading ? trends.evaluate() : Promise.resolve()).catch((e: unknown) => console.error(`trends: ${e instanceof Error ? e.message : String(e)}`))
  const trendTimer = setInterval(evaluateTrends, 10 * 60_000)
  trendTimer.unref()
  leadership.onChange((leading) => leading && evaluateTrends())
  void ctx.whistles.scheduleDue().catch(() => undefined)
  const sweepWhistles = setInterval(() => void ctx.whistles.escalateDue().catch(() => undefined), 5_000)
  sweepWhistles.unref()
  // Webhooks: every node sends what is due; the list is read again every few seconds (another node's admin may have changed it).
  webhooks.start()
  const reloadWebhooks = setInterval(() => void webhooks.load().catch(() => undefined), 5_000)
  reloadWebhooks.unref()

  // Liveness: the process answers. It says nothing else to anyone (no counts, no positions).
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true })
  })
  // Readiness, apart from liveness: can this node reach its database now?
  app.get('/readyz', async (_req, res) => {
    try {
      await db.execute(sql`select 1`)
      res.json({ ok: true, database: 'up', log: { position: tailer.position, listening: tailer.stats.listening } })
    } catch (e) {
      res.status(503).set('Retry-After', String(RETRY_AFTER_S)).json({ ok: false, database: 'down', cause: unavailableCause(e) ?? describeError(e) })
    }
  })
  const gate = socketGate({ accounts: ctx.accounts, sessions: ctx.sessions, clock, perAddress: limits.socketsPerAddress })
  io.use(gate.middleware)
  hub.admit = gate.admit
  const api = express.Router()
  // A batch of up to 1,000 reports may be megabytes; every other body stays small.
  api.use(/^\/cases:batch$/, express.json({ limit: '8mb', strict: true }))
  api.use(/^\/admin\/units\/import$/, express.json({ limit: '6mb', strict: true }))
  // A ledger: the file itself (a script), or as base64 in JSON (the page).
  api.use(/^\/imports$/, express.raw({ type: (req) => !/json/i.test(String(req.headers['content-type'] ?? '')), limit: '40mb' }), express.json({ limit: '56mb', strict: true }))
  api.use(express.json({ limit: opts.bodyLimit ?? '64kb', strict: true }))
  api.use(identify(ctx.accounts, ctx.sessions, clock))
  api.use(requireCaller)
  // Read your writes: a write is answered once this node has read its committed change back
  // from the log, so the caller's next read (a snapshot, the duty queue) and every socket of
  // this node already have it.
  api.use((req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next()
    const written = { id: 0 }
    const json = res.json.bind(res)
    res.json = (body) => {
      void tailer.reach(written.id).then(() => json(body))
      return res
    }
    appended.run(written, next)
  })
  api.use(sessionRouter(ctx))
  for (const router of [adminRouter, unitsRouter, peopleRouter, whistlesRouter, listsRouter, importsRouter, webhooksRouter, casesRouter, dutyRouter, reviewRouter, figuresRouter, supervisionRouter, warningsRouter, activitiesRouter, wishesRouter, visitsRouter, regionsRouter, indicatorsRouter]) api.use(router(ctx))
  api.use((_req, _res, next) => next(new HttpError(404, 'not_found', 'no such endpoint')))
  app.use('/api/v1', api)

  const staticDir = opts.staticDir ?? path.join(here, '..', 'dist')
  if (existsSync(staticDir)) {
    // Read again at most once a second: a rebuild replaces dist/ under a running server.
    let build = { id: '', at: 0 }
    hub.buildOf = () => {
      if (Date.now() - build.at < 1_000) return build.id
      try {
        build = { id: (JSON.parse(readFileSync(path.join(staticDir, 'build.json'), 'utf8')) as { id: string }).id, at: Date.now() }
      } catch {
        build = { id: '', at: Date.now() } // a build without its id: screens are not asked to reload
      }
      return build.id
    }
    app.use(express.static(staticDir, { index: false, maxAge: '1h' }))
    app.get('/', (_req, res) => res.redirect(opts.home ?? '/screen'))
    app.get(/^\/(screen|duty|review|admin|dispatch)(\/.*)?$/, (_req, res) => res.sendFile(path.join(staticDir, 'index.html')))
  }
  app.use(errorHandler)

  return {
    ctx,
    http,
    io,
    listen: (port, host) =>
      new Promise((resolve) => http.listen(port, host, () => (presence.start(), resolve((http.address() as AddressInfo).port)))),
    settle: async () => {
      let before
      do {
        before = tailer.position
        await tailer.wake()
        await warnings.idle()
        await tailer.wake()
      } while (tailer.position !== before)
    },
    close: async () => {
      clearInterval(resumeImports)
      clearInterval(sweepWhistles)
      clearInterval(trendTimer)
      clearInterval(reloadWebhooks)
      await webhooks.stop()
      await ctx.imports.idle()
      await tailer.stop()
      await leadership.stop()
      await presence.close()
      hub.close()
      // io.close() closes the HTTP server too, which keep-alive connections would hold open for
      // ever: idle ones go now, busy ones after a grace period.
      const force = setTimeout(() => http.closeAllConnections(), 2_000)
      const closing = io.close()
      http.closeIdleConnections()
      await closing
      clearTimeout(force)
    },
  }
}

const RETRY_AFTER_S = 5

const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (err instanceof HttpError) {
    res.status(err.status).json({ ...err.extra, error: err.code, message: err.message, issues: err.issues })
    return
  }
  // body-parser errors: malformed JSON (400), too large (413), wrong content encoding (415).
  const status = typeof err?.status === 'number' ? err.status : 500
  if (status === 413) {
    res.status(413).json({ error: 'too_large', message: `body exceeds the limit of ${err.limit} bytes`, issues: [{ field: '(body)', reason: 'too large' }] })
    return
  }
  if (status >= 400 && status < 500) {
    res.status(status).json({ error: 'bad_request', message: String(err.message), issues: [{ field: '(body)', reason: err.type === 'entity.parse.failed' ? 'malformed JSON' : String(err.message) }] })
    return
  }
  const id = randomUUID().slice(0, 8)
  // The path without its query (paths hold ids and codes; a query may hold anything).
  const route = `${req.method} ${req.originalUrl.split('?')[0]}`
  const cause = unavailableCause(err)
  if (cause) {
    console.error(`error ${id} ${route}: ${cause} (${describeError(err)})`)
    const e = new UnavailableError(cause)
    res.status(503).set('Retry-After', String(RETRY_AFTER_S)).json({ error: e.code, message: e.message, issues: e.issues, id })
    return
  }
  console.error(`error ${id} ${route}: ${describeError(err)}`)
  res.status(500).json({ error: 'internal', message: 'internal error', id })
}
