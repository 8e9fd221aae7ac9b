/**
 * A real upstream for adapter tests: a `node:http` server on 127.0.0.1 (port 0) that lives in an Effect scope,
 * answers through route handlers, records every request it received, counts closed client connections (the proof
 * that cancelling a consumer aborts the upstream request) and offers the faults real providers produce: error
 * statuses, hangs, slow first bytes, cuts mid-stream, malformed stream data, and replays of recorded streams.
 *
 * Unrouted requests get a 599 with a loud message, so a test never passes by accident on a wrong URL.
 */
import * as Http from "node:http"
import type { AddressInfo, Socket } from "node:net"
import { Effect, type Scope } from "effect"
import { type Framing, frame, readRecorded } from "./Recorded"

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

export interface UpstreamServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string
  /** Routes `METHOD path` (path without query) to a handler; a later route for the same key replaces the earlier. */
  readonly route: (method: string, path: string, handler: Handler) => void
  /** Handles every request no route matches (for example Azure deployment paths in a table test). */
  readonly fallback: (handler: Handler) => void
  /** Every request received so far, oldest first. */
  readonly requests: () => ReadonlyArray<ReceivedRequest>
  /** The last request received; dies when there was none. */
  readonly lastRequest: () => ReceivedRequest
  /** Waits until at least `count` requests were received (their bodies read), e.g. before interrupting a client. */
  readonly awaitRequests: (count?: number) => Effect.Effect<void>
  /** How many client connections have closed so far. */
  readonly closedConnections: () => number
  /** How many responses were abandoned by the client before the server finished them. */
  readonly abortedResponses: () => number
  /** Waits until at least `count` responses were abandoned by the client before they were finished. */
  readonly awaitAborted: (count?: number) => Effect.Effect<void>
  /** Waits until at least `count` client connections have closed. */
  readonly awaitClosed: (count?: number) => Effect.Effect<void>
}

/** Starts a server on 127.0.0.1:0; closing the scope destroys every connection and closes it. */
export const make: Effect.Effect<UpstreamServer, never, Scope.Scope> = Effect.gen(function* () {
  const routes = new Map<string, Handler>()
  let fallback: Handler | undefined
  const received: Array<ReceivedRequest> = []
  const sockets = new Set<Socket>()
  let closed = 0
  let aborted = 0
  const waiters = new Set<() => void>()
  const notify = () => {
    for (const wake of waiters) wake()
  }
  const waitFor = (done: () => boolean) =>
    Effect.async<void>((resume) => {
      if (done()) return resume(Effect.void)
      const wake = () => {
        if (done()) {
          waiters.delete(wake)
          resume(Effect.void)
        }
      }
      waiters.add(wake)
      return Effect.sync(() => waiters.delete(wake))
    })

  const server = Http.createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8")
      const parsed = new URL(req.url ?? "/", "http://127.0.0.1")
      const request: ReceivedRequest = {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        path: parsed.pathname,
        query: parsed.searchParams,
        headers: req.headers,
        rawBody,
        body: parseJson(rawBody)
      }
      received.push(request)
      notify()
      res.on("close", () => {
        if (!res.writableFinished) {
          aborted++
          notify()
        }
      })
      const handler = routes.get(`${request.method} ${request.path}`) ?? fallback ?? unrouted
      Promise.resolve(handler(request, res)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(598, { "content-type": "text/plain" })
        res.end(`test handler failed: ${String(error)}`)
      })
    })
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => {
      sockets.delete(socket)
      closed++
      notify()
    })
  })

  yield* Effect.acquireRelease(
    Effect.async<void>((resume) => {
      server.listen(0, "127.0.0.1", () => resume(Effect.void))
    }),
    () =>
      Effect.async<void>((resume) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resume(Effect.void))
      })
  )
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    route: (method, path, handler) => {
      routes.set(`${method.toUpperCase()} ${path}`, handler)
    },
    fallback: (handler) => {
      fallback = handler
    },
    requests: () => [...received],
    lastRequest: () => {
      const last = received.at(-1)
      if (last === undefined) throw new Error("the upstream server received no request")
      return last
    },
    awaitRequests: (count = 1) => waitFor(() => received.length >= count),
    closedConnections: () => closed,
    abortedResponses: () => aborted,
    awaitAborted: (count = 1) => waitFor(() => aborted >= count),
    awaitClosed: (count = 1) => waitFor(() => closed >= count)
  } satisfies UpstreamServer
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

// ---------------------------------------------------------------------------------------------------------------
// Handlers: answers and faults.

/** A JSON answer with a status and extra headers (`Retry-After`, …). */
export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_request, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers })
    res.end(typeof body === "string" ? body : JSON.stringify(body))
  }

/** A text answer (`text/plain` unless `content-type` is given). */
export const text =
  (status: number, body: string, headers: Record<string, string> = {}): Handler =>
  (_request, res) => {
    res.writeHead(status, { "content-type": "text/plain", ...headers })
    res.end(body)
  }

export interface StreamOptions {
  /** Write the body in pieces of this many bytes, so decoders meet events split across reads. */
  readonly chunkBytes?: number | undefined
  readonly status?: number | undefined
  readonly headers?: Record<string, string> | undefined
}

/** A 200 `text/event-stream` answer with exactly these bytes. */
export const sse =
  (body: string, options: StreamOptions = {}): Handler =>
  async (_request, res) => {
    res.writeHead(options.status ?? 200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      ...options.headers
    })
    await writePieces(res, Buffer.from(body, "utf8"), options.chunkBytes)
    res.end()
  }

/** Never answers: no status, no byte. The request stays open until the client gives up. */
export const hang: Handler = () => {}

/** Sends the stream's headers and `prefix`, then stays silent forever (a stalled generation). */
export const stall =
  (prefix = ""): Handler =>
  (_request, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" })
    res.flushHeaders()
    if (prefix !== "") res.write(prefix)
  }

/** Waits `ms` before letting `then` answer (a slow local model loading its weights). */
export const slowFirstByte =
  (ms: number, then: Handler): Handler =>
  async (request, res) => {
    await new Promise((resolve) => setTimeout(resolve, ms))
    if (!res.destroyed) await then(request, res)
  }

/**
 * Sends a 200 stream's headers and `prefix`, then destroys the socket: the chunked body never gets its terminator,
 * exactly like a proxy or server dying mid-answer.
 */
export const cutAfter =
  (prefix: string, headers: Record<string, string> = { "content-type": "text/event-stream" }): Handler =>
  (_request, res) => {
    res.writeHead(200, headers)
    res.write(prefix, () => {
      // Let the bytes leave before the cut, so the client really sees output and then a broken body.
      setTimeout(() => res.socket?.destroy(), 20)
    })
  }

/** A 200 stream whose body ends cleanly but early: no finish, no terminator (a server that just stops). */
export const endEarly =
  (body: string): Handler =>
  (_request, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" })
    res.end(body)
  }

/** A 200 SSE stream whose event data is not JSON, after `before` (well-formed events, possibly empty). */
export const malformed =
  (before = "", garbage = "data: {not json\n\n"): Handler =>
  (request, res) =>
    sse(`${before}${garbage}`)(request, res)

/**
 * Serves a file from `/work/shared/conformance/recorded/` framed as its README prescribes (see `Recorded.frame`):
 * `sse` as is, JSONL per protocol, `json` with its status.
 */
export const replay =
  (file: string, framing: Framing, options: StreamOptions = {}): Handler =>
  async (request, res) => {
    const raw = readRecorded(file)
    if (framing === "json") return json(options.status ?? 200, raw, options.headers)(request, res)
    return sse(frame(raw, framing), options)(request, res)
  }

const writePieces = async (res: Http.ServerResponse, bytes: Buffer, size: number | undefined) => {
  if (size === undefined || size <= 0) {
    res.write(bytes)
    return
  }
  for (let offset = 0; offset < bytes.length; offset += size) {
    if (res.destroyed) return
    const ok = res.write(bytes.subarray(offset, offset + size))
    if (!ok) await new Promise((resolve) => res.once("drain", resolve))
  }
}

/** `http://127.0.0.1:<port>` of a port that was just free and is closed again: connecting to it is refused. */
export const refusedUrl: Effect.Effect<string> = Effect.async<string>((resume) => {
  const probe = Http.createServer()
  probe.listen(0, "127.0.0.1", () => {
    const { port } = probe.address() as AddressInfo
    probe.close(() => resume(Effect.succeed(`http://127.0.0.1:${port}`)))
  })
})
