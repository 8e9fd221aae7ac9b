/**
 * Sending a relayed request (the core's `Relay`): one POST over undici's connection pools, whose 2xx answer is handed
 * back unread, as the Node stream the gateway pipes to its client. This is the one place adapters skip
 * `@effect/platform`'s client: measured on the gateway's hot path, that client added ~80 µs per request and its body
 * stream ~300 µs per answer, more than a whole pass-through hop costs. undici's own `request` is the cheapest client
 * measured: about 70 µs of CPU less per complete answer than `node:http`'s at 32 connections, the same for streams.
 * Aborting still aborts the request, and errors read exactly as the other calls' (`Http.ts`).
 *
 * Timeouts: undici holds the provider's `firstByteMs` until the answer's headers, and one watchdog timer per answer
 * holds it to the first body byte (counted from sending), then `idleMs` between chunks. The watchdog's listener only
 * stamps the time, so a chunk costs the pipe nothing more. A non-2xx answer's body is read under the same watchdog, and
 * only its first few KiB (`BodyLimits`): it is read for its message, not passed on.
 */
import { type ProviderError, silenceTimeout } from "@switchboard/core/domain/Errors"
import type { RelayResponse } from "@switchboard/core/ProviderAdapter"
import type { Timeouts } from "@switchboard/core/domain/Timeouts"
import type { IncomingHttpHeaders } from "node:http"
import type { Readable } from "node:stream"
import { UrlParams } from "@effect/platform"
import { Context, Effect, Either, Layer, Option } from "effect"
import { Agent, errors } from "undici"
import { readNodePrefix } from "./BodyLimits"
import { type Call, type CallContext, fromRequestError, type ReadFailure } from "./Http"

/** The connection pools relayed requests go through (keep-alive, one pool per origin). */
export interface RelayAgentsService {
  readonly agent: Agent
}

export class RelayAgents extends Context.Tag("@switchboard/adapters/RelayAgents")<RelayAgents, RelayAgentsService>() {}

/** Pools of their own, closed with the app. Body silences are the watchdog's, so undici's own body timeout is off. */
export const layerAgents: Layer.Layer<RelayAgents> = Layer.scoped(
  RelayAgents,
  Effect.acquireRelease(
    Effect.sync(() => ({ agent: new Agent({ bodyTimeout: 0 }) })),
    ({ agent }) => Effect.promise(() => agent.destroy())
  )
)

export interface RelayCall {
  /** `scheme://host:port` of the URL called, and its path with the query. */
  readonly origin: string
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  readonly timeouts: Pick<Timeouts, "firstByteMs" | "idleMs">
  readonly ctx: CallContext
  /** How the protocol reads a non-2xx answer. */
  readonly failure: ReadFailure
}

const firstHeader = (value: string | Array<string> | undefined) => (Array.isArray(value) ? value[0] : value)

const normalised = (headers: IncomingHttpHeaders): Record<string, string | undefined> => {
  const out: Record<string, string | undefined> = {}
  for (const name in headers) out[name] = firstHeader(headers[name])
  return out
}

/** The answer's headers worth passing on: what describes its bytes, which go on unchanged. */
const passedOn = (headers: IncomingHttpHeaders): Record<string, string> => {
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

/** No headers within `firstByteMs` is a `Timeout`; anything else undici reports is a `Network` error. */
const transportError = (error: unknown, call: RelayCall): ProviderError =>
  error instanceof errors.HeadersTimeoutError
    ? silenceTimeout(call.ctx.url, false, call.timeouts.firstByteMs)
    : fromRequestError({ message: error instanceof Error ? error.message : String(error), cause: error }, call.ctx)

/**
 * Sends `call`; a 2xx answer resolves unread, anything else rejects with the protocol's reading of it (a
 * `ProviderError`, always). Aborting `signal` before the answer aborts the request.
 */
export const relay = (agents: RelayAgentsService, call: RelayCall, signal: AbortSignal): Promise<RelayResponse> => {
  const sentAt = Date.now()
  return agents.agent
    .request({
      origin: call.origin,
      path: call.path,
      method: "POST",
      headers: call.headers,
      body: call.body,
      signal,
      headersTimeout: call.timeouts.firstByteMs
    })
    .then(
      (response) => {
        const status = response.statusCode
        if (status >= 200 && status < 300) {
          const body = response.body as unknown as Readable
          watch(body, sentAt, call.timeouts, call.ctx)
          return { url: call.ctx.url, status, headers: passedOn(response.headers), body }
        }
        // The body is only for the error message: a bounded prefix of it, under the same watchdog as an answer, so
        // an endless or stalled error body ends as this status with what came (an unreadable one is empty).
        const body = response.body as unknown as Readable
        watch(body, sentAt, call.timeouts, call.ctx)
        return readNodePrefix(body).then((text) => {
          const answered = { status, headers: normalised(response.headers) }
          throw call.failure(answered, call.ctx, text)
        })
      },
      (error: unknown) => {
        throw transportError(error, call)
      }
    )
}

/**
 * A request built for the Effect client (`Call`: a translated chat, Gemini's embeddings) sent over the relay's pools
 * instead: its URL, headers and JSON body as that client would send them.
 */
export const sendCall = (
  agents: RelayAgentsService,
  call: Call,
  timeouts: RelayCall["timeouts"],
  failure: ReadFailure,
  signal: AbortSignal
): Promise<RelayResponse> => {
  const { request, ctx } = call
  const url = Either.getOrThrow(UrlParams.makeUrl(request.url, request.urlParams, Option.none()))
  const body = request.body._tag === "Uint8Array" ? Buffer.from(request.body.body).toString("utf8") : ""
  return relay(
    agents,
    // The Effect request's headers include the body's content type.
    {
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      headers: request.headers,
      body,
      timeouts,
      ctx,
      failure
    },
    signal
  )
}
