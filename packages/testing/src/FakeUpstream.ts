/**
 * One fake upstream for every suite, after vercel/ai's `createTestServer(routes)`: a real `node:http` server on
 * 127.0.0.1 that answers through route handlers (`Answers.ts` holds the common answers and faults, `FakeProvider.ts`
 * speaks the five provider protocols), records every request, and counts connections and responses its clients
 * abandoned, which is how a test proves that cancelling a consumer aborts the upstream request. Unrouted requests
 * get a loud 599, so a test never passes by accident on a wrong URL.
 *
 * Two faces over the same server: `start()`/`close()` with Promises (apps, web e2e, bench) and `make`, scoped in
 * Effect with Effect waits (adapter tests).
 */
import * as Http from "node:http"
import type { AddressInfo, Socket } from "node:net"
import { Effect, type Scope } from "effect"

/** One request as the server saw it. */
export interface ReceivedRequest {
  readonly method: string
  /** Path and query, as sent (`/v1/chat/completions?api-version=…`). */
  readonly url: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: Http.IncomingHttpHeaders
  readonly rawBody: string
  /** The body parsed as JSON, or `undefined` when it is empty or not JSON. */
  readonly body: unknown
}

/** Answers one request. It may leave the response open forever (a hang) or destroy the socket (a cut). */
export type Handler = (request: ReceivedRequest, res: Http.ServerResponse) => void | Promise<void>

export interface StartOptions {
  /** Port to listen on; 0 (a free one) by default. */
  readonly port?: number
  /** Keep the request log (default true). The benchmark turns it off: a million requests must cost no memory. */
  readonly record?: boolean
}

/** Connection and response counts, for drills that prove every cancelled stream closed its connection. */
export interface ConnectionStats {
  /** TCP connections accepted so far. */
  readonly opened: number
  /** Of those, closed so far (by either side). */
  readonly closed: number
  /** Responses started and not yet closed (a request in the middle of its answer). */
  readonly busy: number
  /** Responses the client abandoned before the server finished them. */
  readonly aborted: number
}

export interface FakeUpstream {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string
  readonly port: number
  /** Routes `METHOD path` (path without query) to a handler; a later route for the same key replaces the earlier. */
  readonly route: (method: string, path: string, handler: Handler) => void
  /** Handles every request no route matches (Azure deployment paths, a protocol's model-in-path URLs). */
  readonly fallback: (handler: Handler) => void
  /** Every request received so far, oldest first (empty when `record` is off). */
  readonly requests: () => ReadonlyArray<ReceivedRequest>
  /** The last request received; throws when there was none. */
  readonly lastRequest: () => ReceivedRequest
  /** Forgets the requests received so far. */
  readonly clearRequests: () => void
  readonly stats: () => ConnectionStats
  /** Calls `listener` after every new request, abandoned response or closed connection; returns the unsubscribe. */
  readonly watch: (listener: () => void) => () => void
  /** Resolves once `done()` holds (checked on every change); rejects with `what` after `timeoutMs` (default 5 s). */
  readonly until: (done: () => boolean, what: string, timeoutMs?: number) => Promise<void>
  /** Resolves once at least `count` requests were received (their bodies read); rejects after `timeoutMs`. */
  readonly awaitRequests: (count?: number, timeoutMs?: number) => Promise<void>
  /** Resolves once at least `count` responses were abandoned by their client; rejects after `timeoutMs`. */
  readonly awaitAborted: (count?: number, timeoutMs?: number) => Promise<void>
  /** Destroys every connection and stops listening. */
  readonly close: () => Promise<void>
}

/** Starts a server on 127.0.0.1 (port 0 unless told). */
export const start = (options: StartOptions = {}): Promise<FakeUpstream> => {
  const record = options.record ?? true
  const routes = new Map<string, Handler>()
  let fallback: Handler = unrouted
  let received: Array<ReceivedRequest> = []
  const sockets = new Set<Socket>()
  const listeners = new Set<() => void>()
  let opened = 0
  let closed = 0
  let busy = 0
  let aborted = 0
  const notify = () => {
    for (const listener of listeners) listener()
  }

  // Node's default keep-alive, spelled out: the cancel-storm drill relies on an idle connection living 60 s here.
  const server = Http.createServer({ keepAliveTimeout: 60_000, headersTimeout: 60_000 }, (req, res) => {
    busy++
    res.on("close", () => {
      busy--
      if (!res.writableFinished) {
        aborted++
        notify()
      }
    })
    const chunks: Array<Buffer> = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("error", () => res.destroy())
    req.on("end", () => {
      const rawBody = chunks.length === 0 ? "" : Buffer.concat(chunks).toString("utf8")
      const url = req.url ?? "/"
      // Split by hand rather than `new URL`: cheaper on the benchmark's hot path, and the path stays as sent.
      const mark = url.indexOf("?")
      const request: ReceivedRequest = {
        method: req.method ?? "GET",
        url,
        path: mark === -1 ? url : url.slice(0, mark),
        query: new URLSearchParams(mark === -1 ? "" : url.slice(mark + 1)),
        headers: req.headers,
        rawBody,
        body: parseJson(rawBody)
      }
      if (record) {
        received.push(request)
        notify()
      }
      const handler = routes.get(`${request.method} ${request.path}`) ?? fallback
      Promise.resolve(handler(request, res)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(598, { "content-type": "text/plain" })
        res.end(`test handler failed: ${String(error)}`)
      })
    })
  })
  server.on("connection", (socket: Socket) => {
    opened++
    sockets.add(socket)
    socket.on("close", () => {
      sockets.delete(socket)
      closed++
      notify()
    })
  })

  const watch = (listener: () => void) => {
    listeners.add(listener)
    return () => {
      listeners.delete(listener)
    }
  }

  const until = (done: () => boolean, what: string, timeoutMs = 5000) =>
    new Promise<void>((ok, fail) => {
      if (done()) return ok()
      const timer = setTimeout(() => {
        stop()
        fail(new Error(`the fake upstream waited ${timeoutMs} ms for ${what}`))
      }, timeoutMs)
      const stop = watch(() => {
        if (!done()) return
        clearTimeout(timer)
        stop()
        ok()
      })
    })

  return new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        route: (method, path, handler) => {
          routes.set(`${method.toUpperCase()} ${path}`, handler)
        },
        fallback: (handler) => {
          fallback = handler
        },
        requests: () => received,
        lastRequest: () => {
          const last = received.at(-1)
          if (last === undefined) throw new Error("the fake upstream received no request")
          return last
        },
        clearRequests: () => {
          received = []
        },
        stats: () => ({ opened, closed, busy, aborted }),
        watch,
        until,
        awaitRequests: (count = 1, timeoutMs) =>
          until(() => received.length >= count, `${count} requests (saw ${received.length})`, timeoutMs),
        awaitAborted: (count = 1, timeoutMs) =>
          until(() => aborted >= count, `${count} abandoned responses (saw ${aborted})`, timeoutMs),
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          })
      })
    })
  })
}

/** The scoped face: the same server, with waits as Effects that stop waiting when interrupted. */
export interface ScopedUpstream extends Omit<FakeUpstream, "until" | "awaitRequests" | "awaitAborted" | "close"> {
  /** Waits until at least `count` requests were received (their bodies read), e.g. before interrupting a client. */
  readonly awaitRequests: (count?: number) => Effect.Effect<void>
  /** Waits until at least `count` responses were abandoned by the client before they were finished. */
  readonly awaitAborted: (count?: number) => Effect.Effect<void>
  /** Waits until at least `count` client connections have closed. */
  readonly awaitClosed: (count?: number) => Effect.Effect<void>
}

/** Starts a server in the current scope; closing the scope destroys every connection and closes it. */
export const make: Effect.Effect<ScopedUpstream, never, Scope.Scope> = Effect.gen(function* () {
  const upstream = yield* Effect.acquireRelease(
    Effect.promise(() => start()),
    (upstream) => Effect.promise(() => upstream.close())
  )
  const waitFor = (done: () => boolean) =>
    Effect.async<void>((resume) => {
      if (done()) return resume(Effect.void)
      const stop = upstream.watch(() => {
        if (!done()) return
        stop()
        resume(Effect.void)
      })
      return Effect.sync(stop)
    })
  const { until: _until, awaitRequests: _requests, awaitAborted: _aborted, close: _close, ...rest } = upstream
  return {
    ...rest,
    awaitRequests: (count = 1) => waitFor(() => upstream.requests().length >= count),
    awaitAborted: (count = 1) => waitFor(() => upstream.stats().aborted >= count),
    awaitClosed: (count = 1) => waitFor(() => upstream.stats().closed >= count)
  }
})

/** `http://127.0.0.1:<port>` of a port that was just free and is closed again: connecting to it is refused. */
export const refusedUrl: Effect.Effect<string> = Effect.async<string>((resume) => {
  const probe = Http.createServer()
  probe.listen(0, "127.0.0.1", () => {
    const { port } = probe.address() as AddressInfo
    probe.close(() => resume(Effect.succeed(`http://127.0.0.1:${port}`)))
  })
})

const parseJson = (text: string): unknown => {
  if (text === "") return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const unrouted: Handler = (request, res) => {
  res.writeHead(599, { "content-type": "text/plain" })
  res.end(`no test route for ${request.method} ${request.path}`)
}
