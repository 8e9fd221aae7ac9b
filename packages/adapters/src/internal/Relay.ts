/**
 * Sending a relayed request (the core's `Relay`): one POST over undici, whose 2xx answer is handed back unread, as
 * the Node stream the gateway pipes to its client. This is the one place adapters skip `@effect/platform`'s client:
 * measured on the gateway's hot path, that client added ~80 µs per request and its body stream ~300 µs per answer,
 * more than a whole pass-through hop costs. Interruption still aborts the request, and errors read exactly as the
 * other calls' (`Http.ts`).
 *
 * Timeouts: undici's `headersTimeout` holds the provider's `firstByteMs` until the answer's headers, and one
 * watchdog timer per answer holds it to the first body byte (counted from sending), then `idleMs` between chunks.
 * The watchdog's listener only stamps the time, so a chunk costs the pipe nothing more.
 */
import type { ProviderErrorReason } from "@switchboard/core/Errors"
import { ProviderError } from "@switchboard/core/Errors"
import type { RelayResponse } from "@switchboard/core/ProviderAdapter"
import type { Timeouts } from "@switchboard/core/Timeouts"
import { Context, Effect, Layer } from "effect"
import type { Readable } from "node:stream"
import { Agent, type Dispatcher } from "undici"
import { type CallContext, describeCause, fromBody, scrub } from "./Http"

/** The connection pool relayed requests go through (keep-alive, per origin). */
export class RelayDispatcher extends Context.Tag("@switchboard/adapters/RelayDispatcher")<
  RelayDispatcher,
  Dispatcher
>() {}

/** A pool of its own, closed with the app. */
export const layerDispatcher: Layer.Layer<RelayDispatcher> = Layer.scoped(
  RelayDispatcher,
  Effect.acquireRelease(
    Effect.sync(() => new Agent({ keepAliveTimeout: 30_000 })),
    (agent) => Effect.promise(() => agent.close())
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

const timeout = (ctx: CallContext, detail: string) => new ProviderError({ reason: "Timeout", url: ctx.url, detail })

const firstHeader = (value: string | Array<string> | undefined) => (Array.isArray(value) ? value[0] : value)

const normalised = (headers: Dispatcher.ResponseData["headers"]): Record<string, string | undefined> => {
  const out: Record<string, string | undefined> = {}
  for (const name in headers) out[name] = firstHeader(headers[name])
  return out
}

/** The answer's headers worth passing on: what describes its bytes, which go on unchanged. */
const passedOn = (headers: Dispatcher.ResponseData["headers"]): Record<string, string> => {
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
    body.destroy(
      started
        ? timeout(ctx, `The answer stalled: nothing arrived within ${timeouts.idleMs} ms.`)
        : timeout(ctx, `No answer started within ${timeouts.firstByteMs} ms.`)
    )
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

const transportError = (error: unknown, call: RelayCall): ProviderError => {
  const code = (error as { code?: string } | null)?.code
  if (code === "UND_ERR_HEADERS_TIMEOUT")
    return timeout(call.ctx, `No answer started within ${call.timeouts.firstByteMs} ms.`)
  const message = error instanceof Error ? error.message : String(error)
  return new ProviderError({
    reason: "Network",
    url: call.ctx.url,
    detail: scrub(describeCause({ message, cause: error }), call.ctx)
  })
}

/** Sends `call`; a 2xx answer succeeds unread, anything else fails with the protocol's reading of it. */
export const relay = (dispatcher: Dispatcher, call: RelayCall): Effect.Effect<RelayResponse, ProviderError> =>
  Effect.async<RelayResponse, ProviderError>((resume) => {
    const controller = new AbortController()
    const url = new URL(call.url)
    const sentAt = Date.now()
    dispatcher
      .request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: "POST",
        headers: call.headers,
        body: call.body,
        signal: controller.signal,
        headersTimeout: call.timeouts.firstByteMs,
        // The watchdog keeps the body's time (see the module doc).
        bodyTimeout: 0
      })
      .then(
        async (response) => {
          const { statusCode: status, body } = response
          if (status >= 200 && status < 300) {
            watch(body, sentAt, call.timeouts, call.ctx)
            return resume(Effect.succeed({ url: call.ctx.url, status, headers: passedOn(response.headers), body }))
          }
          const text = await body.text().catch(() => "")
          const answered = { status, headers: normalised(response.headers) }
          resume(Effect.fail(fromBody(answered, call.ctx, text, call.refine(status, text))))
        },
        (error: unknown) => resume(Effect.fail(transportError(error, call)))
      )
    return Effect.sync(() => controller.abort())
  })
