/**
 * Sending a relayed request (the core's `Relay`): one POST over Node's own HTTP client with keep-alive agents, whose
 * 2xx answer is handed back unread, as the Node stream the gateway pipes to its client. This is the one place
 * adapters skip `@effect/platform`'s client: measured on the gateway's hot path, that client added ~80 µs per
 * request and its body stream ~300 µs per answer, more than a whole pass-through hop costs. Not undici either: it
 * waits a turn of the event loop before reusing a kept-alive connection (a hardening for servers that break
 * keep-alive), a measurable share of a fast hop. Interruption still aborts the request, and errors read exactly as
 * the other calls' (`Http.ts`).
 *
 * Timeouts: one timer holds the provider's `firstByteMs` until the answer's headers, and one watchdog timer per
 * answer holds it to the first body byte (both counted from sending), then `idleMs` between chunks. The watchdog's
 * listener only stamps the time, so a chunk costs the pipe nothing more.
 */
import type { ProviderErrorReason } from "@switchboard/core/Errors"
import { ProviderError, silenceTimeout } from "@switchboard/core/Errors"
import type { RelayResponse } from "@switchboard/core/ProviderAdapter"
import type { Timeouts } from "@switchboard/core/Timeouts"
import * as Http from "node:http"
import * as Https from "node:https"
import type { Readable } from "node:stream"
import { Context, Effect, Layer } from "effect"
import { type CallContext, fromBody, fromRequestError } from "./Http"

/** The connection pools relayed requests go through (keep-alive, per origin), one per scheme. */
export interface RelayAgentsService {
  readonly http: Http.Agent
  readonly https: Https.Agent
}

export class RelayAgents extends Context.Tag("@switchboard/adapters/RelayAgents")<RelayAgents, RelayAgentsService>() {}

/** Pools of their own, closed with the app. */
export const layerAgents: Layer.Layer<RelayAgents> = Layer.scoped(
  RelayAgents,
  Effect.acquireRelease(
    Effect.sync(() => ({
      http: new Http.Agent({ keepAlive: true, scheduling: "lifo" }),
      https: new Https.Agent({ keepAlive: true, scheduling: "lifo" })
    })),
    (agents) =>
      Effect.sync(() => {
        agents.http.destroy()
        agents.https.destroy()
      })
  )
)

export interface RelayCall {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  readonly timeouts: Pick<Timeouts, "firstByteMs" | "idleMs">
  readonly ctx: CallContext
  /** How the protocol reads a non-2xx answer's reason from its status and body. */
  readonly refine: (status: number, body: string) => ProviderErrorReason
}

const firstHeader = (value: string | Array<string> | undefined) => (Array.isArray(value) ? value[0] : value)

const normalised = (headers: Http.IncomingHttpHeaders): Record<string, string | undefined> => {
  const out: Record<string, string | undefined> = {}
  for (const name in headers) out[name] = firstHeader(headers[name])
  return out
}

/** The answer's headers worth passing on: what describes its bytes, which go on unchanged. */
const passedOn = (headers: Http.IncomingHttpHeaders): Record<string, string> => {
  const out: Record<string, string> = { "content-type": firstHeader(headers["content-type"]) ?? "application/json" }
  for (const name of ["content-length", "content-encoding"]) {
    const value = firstHeader(headers[name])
    if (value !== undefined) out[name] = value
  }
  return out
}

/**
 * Destroys `body` with a `Timeout` when the upstream is silent too long (see the module doc); `sentAt` starts the
 * first wait. Bytes waiting in the body's buffer are the reader's delay (a slow client, backpressure), not silence.
 */
const watch = (body: Readable, sentAt: number, timeouts: RelayCall["timeouts"], ctx: CallContext) => {
  let lastAt = sentAt
  let started = false
  let timer: NodeJS.Timeout | undefined
  const check = () => {
    const limit = started ? timeouts.idleMs : timeouts.firstByteMs
    if (body.readableLength > 0) lastAt = Date.now()
    const left = lastAt + limit - Date.now()
    if (left > 0) {
      timer = setTimeout(check, left)
      return
    }
    body.destroy(silenceTimeout(ctx.url, started, limit))
  }
  // A `data` listener would start the flow before the consumer is attached; pausing keeps every byte for it.
  body.on("data", () => {
    lastAt = Date.now()
    if (started) return
    // From the first byte on, silence is measured against `idleMs`: the timer set for the first byte goes.
    started = true
    clearTimeout(timer)
    timer = setTimeout(check, timeouts.idleMs)
  })
  body.pause()
  // The consumer listens for errors once attached; until then a timeout must not become an uncaught exception.
  body.on("error", () => {})
  timer = setTimeout(check, Math.max(0, sentAt + timeouts.firstByteMs - Date.now()))
  body.once("close", () => clearTimeout(timer))
}

/** The request's own timeout as it is; anything else Node's client reports as a `Network` error. */
const transportError = (error: unknown, call: RelayCall): ProviderError =>
  error instanceof ProviderError
    ? error
    : fromRequestError({ message: error instanceof Error ? error.message : String(error), cause: error }, call.ctx)

/** A non-2xx answer's body, for its error message; an unreadable one is empty (the status still says it all). */
const textOf = (body: Readable): Promise<string> =>
  new Promise((resolve) => {
    const parts: Array<Buffer> = []
    body.on("data", (part: Buffer) => parts.push(part))
    body.once("end", () => resolve(Buffer.concat(parts).toString("utf8")))
    body.once("error", () => resolve(""))
  })

/**
 * Sends `call`; a 2xx answer resolves unread, anything else rejects with the protocol's reading of it (a
 * `ProviderError`, always). Aborting `signal` before the answer destroys the request.
 */
export const relay = (agents: RelayAgentsService, call: RelayCall, signal: AbortSignal): Promise<RelayResponse> =>
  new Promise((resolve, reject) => {
    const url = new URL(call.url)
    const secure = url.protocol === "https:"
    const sentAt = Date.now()
    const request = (secure ? Https : Http).request(url, {
      method: "POST",
      agent: secure ? agents.https : agents.http,
      headers: { ...call.headers, "content-length": Buffer.byteLength(call.body) }
    })
    const headersDue = setTimeout(
      () => request.destroy(silenceTimeout(call.ctx.url, false, call.timeouts.firstByteMs)),
      call.timeouts.firstByteMs
    )
    const abort = () => request.destroy()
    const settled = () => {
      clearTimeout(headersDue)
      signal.removeEventListener("abort", abort)
    }
    request.on("error", (error) => {
      settled()
      reject(transportError(error, call))
    })
    request.once("response", (response) => {
      settled()
      const status = response.statusCode ?? 0
      if (status >= 200 && status < 300) {
        watch(response, sentAt, call.timeouts, call.ctx)
        return resolve({ url: call.ctx.url, status, headers: passedOn(response.headers), body: response })
      }
      void textOf(response).then((text) => {
        const answered = { status, headers: normalised(response.headers) }
        reject(fromBody(answered, call.ctx, text, call.refine(status, text)))
      })
    })
    if (signal.aborted) return abort()
    signal.addEventListener("abort", abort, { once: true })
    request.end(call.body)
  })
