/**
 * The HTTP pieces every adapter shares: sending one request, turning a non-2xx answer or a transport failure into a
 * `ProviderError` with the upstream's own words (any key or credential header scrubbed), and naming a body cut
 * mid-read as a `Network` error.
 */
import { HttpClient, type HttpClientError, HttpClientRequest, type HttpClientResponse } from "@effect/platform"
import { ProviderError, type ProviderErrorReason } from "@switchboard/core/domain/Errors"
import type { AdapterTarget } from "@switchboard/core/ProviderAdapter"
import { secretHeaderValues } from "@switchboard/core/domain/SecretHeaders"
import { scrubSecrets } from "@switchboard/core/domain/SecretForms"
import { maskUrl, urlSecretValues } from "@switchboard/core/domain/SecretUrl"
import { Effect, Either, Option, ParseResult, Redacted } from "effect"
import { readPrefix, readUpTo } from "./BodyLimits"
import { isRedirect, redirectDetail } from "./Redirect"

/** The HTTP status → reason table. Adapters refine it where a provider deviates (Gemini's 400 API_KEY_INVALID). */
export const reasonForStatus = (status: number): ProviderErrorReason => {
  if (status === 401 || status === 403) return "Authentication"
  if (status === 404) return "NotFound"
  if (status === 408 || status === 504) return "Timeout"
  if (status === 429) return "RateLimit"
  if (status >= 500) return "Upstream"
  return "InvalidRequest"
}

/**
 * How a protocol reads a non-2xx answer: the neutral reason, and the upstream's own machine-readable words for the
 * failure where its body gave them (`ProviderError`'s `code`, `type`, `param`).
 */
export interface ErrorReading {
  readonly reason: ProviderErrorReason
  readonly code?: string | undefined
  readonly type?: string | undefined
  readonly param?: string | undefined
}

/** Reads a non-2xx answer's status and (bounded) body. */
export type ReadError = (status: number, body: string) => ErrorReading

/** The status table as a reading, for a body that says nothing more. */
export const readStatus: ReadError = (status) => ({ reason: reasonForStatus(status) })

/**
 * The upstream's words as `ProviderError` fields: scrubbed like its message (an upstream may echo anything), short,
 * and only those it gave.
 */
export const wordsOf = (reading: Omit<ErrorReading, "reason">, ctx: Pick<CallContext, "key" | "secrets">) => {
  const word = (value: string | undefined) =>
    value === undefined || value === "" ? undefined : scrub(value, ctx).slice(0, 200)
  const code = word(reading.code)
  const type = word(reading.type)
  const param = word(reading.param)
  return {
    ...(code === undefined ? {} : { code }),
    ...(type === undefined ? {} : { type }),
    ...(param === undefined ? {} : { param })
  }
}

/** `Retry-After` (seconds or an HTTP date) or `retry-after-ms`, in milliseconds. */
export const retryAfterMs = (headers: Readonly<Record<string, string | undefined>>): number | undefined => {
  const ms = Number(headers["retry-after-ms"])
  if (Number.isFinite(ms) && ms >= 0) return ms
  const raw = headers["retry-after"]
  if (raw === undefined) return undefined
  const seconds = Number(raw)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const date = Date.parse(raw)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}

const keyLike = /\b(?:sk|pk|rk|gsk|xai|AIza)[-_A-Za-z0-9]{12,}\b/g

/**
 * Removes the call's key and its credential header values, in every encoding an upstream may echo them in
 * (`SecretForms`), and anything shaped like a key, from upstream text before it reaches a user or a log.
 */
export const scrub = (text: string, ctx: Pick<CallContext, "key" | "secrets">): string => {
  const plain = Option.match(ctx.key, { onNone: () => [], onSome: (key) => [Redacted.value(key)] })
  return scrubSecrets(text, [...plain, ...ctx.secrets])
    .replace(keyLike, "[redacted]")
    .slice(0, 2000)
}

/** The upstream's own message from the common error envelopes (`{error:{message}}`, `{error:"…"}`, `{message}`). */
export const upstreamMessage = (body: string): string => {
  try {
    const json: unknown = JSON.parse(body)
    const pick = (value: unknown): string | undefined => {
      if (typeof value === "string") return value
      if (typeof value !== "object" || value === null) return undefined
      const record = value as Record<string, unknown>
      return pick(record.error) ?? pick(record.message) ?? pick(record.detail)
    }
    return pick(Array.isArray(json) ? json[0] : json) ?? body
  } catch {
    return body.trim() === "" ? "(empty body)" : body.trim()
  }
}

export interface CallContext {
  /** The URL called, as shown to the user: no key (keys travel in headers), a credential in its query masked. */
  readonly url: string
  readonly key: Option.Option<Redacted.Redacted<string>>
  /** The plain values of the provider's credential headers (`SecretHeaders`), scrubbed like the key. */
  readonly secrets: ReadonlyArray<string>
}

/**
 * The context of one call to `target` at `url`, built once per call: the credentials in the provider's headers and
 * base URL are scrubbed like the key, and the URL shown is scrubbed and masked (`SecretUrl`).
 */
export const callContext = (url: string, target: AdapterTarget): CallContext => {
  const { headers, baseUrl } = target.provider
  const urlSecrets = urlSecretValues(baseUrl)
  const secrets =
    urlSecrets.length === 0 ? secretHeaderValues(headers) : [...secretHeaderValues(headers), ...urlSecrets]
  const scrubbing = { key: target.apiKey, secrets }
  return { ...scrubbing, url: scrub(maskUrl(url), scrubbing) }
}

/** A request and the context its errors are reported in. */
export interface Call {
  readonly request: HttpClientRequest.HttpClientRequest
  readonly ctx: CallContext
}

/** How a protocol puts the provider's headers and the key on a request. */
export type Authorize = (
  request: HttpClientRequest.HttpClientRequest,
  target: AdapterTarget
) => HttpClientRequest.HttpClientRequest

/**
 * The streamed chat request: `body` POSTed as JSON, accepting SSE or JSON, because both are read (a proxy or a mock
 * such as Prism may answer the whole message as JSON; a proxy dropping Gemini's `alt=sse` gets a JSON array).
 */
export const chatCall = (url: string, body: unknown, target: AdapterTarget, authorize: Authorize): Call => ({
  request: authorize(
    HttpClientRequest.post(url).pipe(
      HttpClientRequest.bodyUnsafeJson(body),
      HttpClientRequest.accept("text/event-stream, application/json")
    ),
    target
  ),
  ctx: callContext(url, target)
})

/** One page of a list: GET `url` with those of the `query` parameters that are set. */
export const pageCall = (
  url: string,
  query: Readonly<Record<string, string | undefined>>,
  target: AdapterTarget,
  authorize: Authorize
): Call => {
  const page = new URL(url)
  for (const [name, value] of Object.entries(query)) if (value !== undefined) page.searchParams.set(name, value)
  const shown = page.toString()
  return {
    request: authorize(HttpClientRequest.get(shown).pipe(HttpClientRequest.acceptJson), target),
    ctx: callContext(shown, target)
  }
}

/**
 * A transport failure (refused, reset, DNS, TLS) as a `Network` error: an Effect client's error, or Node's own wrapped
 * as `{ message, cause }`.
 */
export const fromRequestError = (error: Parameters<typeof describeCause>[0], ctx: CallContext): ProviderError =>
  new ProviderError({
    reason: "Network",
    url: ctx.url,
    detail: scrub(describeCause(error), ctx)
  })

/** `code: message` of a transport failure, from the error or the cause it wraps. */
export const describeCause = (error: { readonly cause?: unknown; readonly message: string }): string => {
  const cause = error.cause as
    | { code?: string; message?: string; cause?: { code?: string; message?: string } }
    | undefined
  const code = cause?.code ?? cause?.cause?.code
  const message = cause?.cause?.message ?? cause?.message ?? error.message
  return code ? `${code}: ${message}` : message
}

/**
 * How a protocol reads a non-2xx answer whose body was read (a bounded prefix): the same for the Effect client and the
 * undici one (`Relay.ts`), so an error reads alike on every path.
 */
export type ReadFailure = (answered: Answered, ctx: CallContext, body: string) => ProviderError

/** The failure reading of a protocol whose errors need only the status and body (`ReadError`). */
export const failureFrom =
  (read: ReadError): ReadFailure =>
  (answered, ctx, body) =>
    fromBody(answered, ctx, body, read(answered.status, body))

/** The reading of a body that says nothing more than its status. */
const statusFailure = failureFrom(readStatus)

/**
 * A non-2xx answer's body, as much of it as a message needs (`BodyLimits.maxErrorBodyBytes`); an unreadable one is
 * empty (the status still says what happened).
 */
export const bodyOf = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<string> => readPrefix(response)

/** What an error needs of an answer: its status and headers (an Effect client's response, or Node's, normalised). */
export interface Answered {
  readonly status: number
  readonly headers: Readonly<Record<string, string | undefined>>
}

/**
 * A non-2xx answer with its `body` read, as `reading` says, with the upstream's own message, words and any
 * Retry-After. A redirect is an `InvalidRequest` that says where it pointed (`Redirect.ts`), whatever its body says.
 */
export const fromBody = (response: Answered, ctx: CallContext, body: string, reading: ErrorReading): ProviderError => {
  const retryAfter = retryAfterMs(response.headers)
  const redirect = isRedirect(response.status)
  return new ProviderError({
    reason: redirect ? "InvalidRequest" : reading.reason,
    url: ctx.url,
    status: response.status,
    detail: scrub(redirect ? redirectDetail(response.headers.location, ctx.url) : upstreamMessage(body), ctx),
    ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
    ...(redirect ? {} : wordsOf(reading, ctx))
  })
}

/**
 * Sends one request; a non-2xx answer fails with `failure`'s reading of it (Gemini reads Google's envelope), a
 * transport failure with a `Network` error.
 */
export const send = (
  request: HttpClientRequest.HttpClientRequest,
  ctx: CallContext,
  failure: ReadFailure = statusFailure
): Effect.Effect<HttpClientResponse.HttpClientResponse, ProviderError, HttpClient.HttpClient> =>
  HttpClient.HttpClient.pipe(
    Effect.flatMap((client) => client.execute(request)),
    Effect.mapError((error) => fromRequestError(error, ctx)),
    Effect.flatMap((response) =>
      response.status >= 200 && response.status < 300
        ? Effect.succeed(response)
        : Effect.flatMap(bodyOf(response), (body) =>
            // A redirect reads the same for every protocol, whatever its body holds.
            Effect.fail((isRedirect(response.status) ? statusFailure : failure)(response, ctx, body))
          )
    )
  )

/** A read of a response body that failed: the connection was cut mid-body. */
export const cutMidBody = (error: HttpClientError.ResponseError, ctx: CallContext, status: number): ProviderError =>
  new ProviderError({
    reason: "Network",
    url: ctx.url,
    status,
    detail: scrub(`the connection was cut mid-stream (${describeCause(error)})`, ctx)
  })

/**
 * A 2xx body of at most `maxBytes`, as text; a longer one is `InvalidOutput` about `what` being too large, a cut one
 * `InvalidOutput` about it not being read to its end.
 */
export const boundedText = (
  response: HttpClientResponse.HttpClientResponse,
  ctx: CallContext,
  maxBytes: number,
  what: string
): Effect.Effect<string, ProviderError> =>
  readUpTo(response, maxBytes).pipe(
    Effect.mapError(() => invalidOutput(ctx, `the ${what} could not be read to its end`, response.status)),
    Effect.filterOrFail(
      (body): body is string => body !== undefined,
      () => tooLarge(ctx, what, maxBytes, response.status)
    )
  )

/** A 2xx body over its size limit: a broken or hostile upstream. */
export const tooLarge = (ctx: CallContext, what: string, maxBytes: number, status?: number): ProviderError =>
  invalidOutput(ctx, `the ${what} is too large: it exceeded ${maxBytes} bytes, so it was not read`, status)

/**
 * A 2xx JSON body of at most `maxBytes` through `decode`; a body that is not JSON, or not that shape, is
 * `InvalidOutput` about `what`.
 */
export const decodeJsonBody = <A>(
  response: HttpClientResponse.HttpClientResponse,
  ctx: CallContext,
  decode: (json: unknown) => Either.Either<A, ParseResult.ParseError>,
  what: string,
  maxBytes: number
): Effect.Effect<A, ProviderError> =>
  boundedText(response, ctx, maxBytes, what).pipe(
    Effect.flatMap((body) =>
      Effect.try({
        try: (): unknown => JSON.parse(body),
        catch: () => invalidOutput(ctx, `the ${what} is not JSON`, response.status)
      })
    ),
    Effect.flatMap((json) =>
      Either.match(decode(json), {
        onLeft: (error) =>
          Effect.fail(
            invalidOutput(
              ctx,
              `unreadable ${what}: ${ParseResult.TreeFormatter.formatErrorSync(error)}`,
              response.status
            )
          ),
        onRight: Effect.succeed
      })
    )
  )

/** Invalid data in a 2xx answer. */
export const invalidOutput = (ctx: CallContext, detail: string, status?: number): ProviderError =>
  new ProviderError({
    reason: "InvalidOutput",
    url: ctx.url,
    detail: scrub(detail, ctx),
    ...(status === undefined ? {} : { status })
  })
