/**
 * Google's errors → `ProviderError`. Gemini deviates from the shared status table in ways users feel: a bad key is a
 * **400** `INVALID_ARGUMENT` whose `ErrorInfo.reason` is `API_KEY_INVALID` (an authentication failure, not a bad
 * request), the retry delay of a 429 is in the body (`RetryInfo.retryDelay: "34.4s"`), and an error inside a 200
 * stream carries only Google's status word (`CANCELLED`, code 499). So the reason comes from the key reasons first,
 * then the status word, then the HTTP status.
 */
import { ProviderError, type ProviderErrorReason } from "@switchboard/core/domain/Errors"
import { Either, Option, Schema } from "effect"
import {
  type CallContext,
  fromBody,
  type ReadFailure,
  readStatus,
  reasonForStatus,
  retryAfterMs,
  scrub,
  wordsOf
} from "../internal/Http"
import { ErrorBodyJson, ErrorDetail, type GoogleError } from "./GeminiWire"

/** `google.rpc.Code` names → reasons. */
const reasonForStatusWord: Readonly<Record<string, ProviderErrorReason>> = {
  UNAUTHENTICATED: "Authentication",
  PERMISSION_DENIED: "Authentication",
  NOT_FOUND: "NotFound",
  RESOURCE_EXHAUSTED: "RateLimit",
  DEADLINE_EXCEEDED: "Timeout",
  INVALID_ARGUMENT: "InvalidRequest",
  FAILED_PRECONDITION: "InvalidRequest",
  OUT_OF_RANGE: "InvalidRequest",
  ALREADY_EXISTS: "InvalidRequest",
  CANCELLED: "Upstream",
  ABORTED: "Upstream",
  INTERNAL: "Upstream",
  UNAVAILABLE: "Upstream",
  UNKNOWN: "Upstream",
  DATA_LOSS: "Upstream",
  UNIMPLEMENTED: "Upstream"
}

const decodeDetail = Schema.decodeUnknownOption(ErrorDetail)
const details = (error: GoogleError) => (error.details ?? []).flatMap((raw) => Option.toArray(decodeDetail(raw)))

/** `ErrorInfo` reasons that mean the key itself is bad (`API_KEY_INVALID`, `API_KEY_EXPIRED`, `…_BLOCKED`). */
const isKeyReason = (reason: string) => reason.startsWith("API_KEY_") || reason === "ACCESS_TOKEN_EXPIRED"

export const reasonFor = (error: GoogleError, httpStatus?: number): ProviderErrorReason => {
  if (details(error).some((detail) => detail.reason !== undefined && isKeyReason(detail.reason)))
    return "Authentication"
  const byWord = error.status === undefined ? undefined : reasonForStatusWord[error.status]
  if (byWord !== undefined) return byWord
  const status = httpStatus ?? error.code
  return status === undefined ? "Upstream" : reasonForStatus(status)
}

/**
 * Google's word for the failure: the key's own reason (`API_KEY_INVALID`) when there is one, it says more than the
 * status word it comes with (`INVALID_ARGUMENT`); otherwise the status word.
 */
const codeOf = (error: GoogleError): string | undefined =>
  details(error).find((detail) => detail.reason !== undefined && isKeyReason(detail.reason))?.reason ?? error.status

/** `RetryInfo.retryDelay` (a protobuf Duration in JSON: `"34.4s"`) in milliseconds. */
export const retryDelayMs = (error: GoogleError): number | undefined => {
  for (const detail of details(error)) {
    const match = detail.retryDelay?.match(/^(\d+(?:\.\d+)?)s$/)
    if (match?.[1] !== undefined) return Math.round(Number(match[1]) * 1000)
  }
  return undefined
}

/** A Google error object as a `ProviderError`; `status` is the HTTP status when the error was a whole answer. */
export const fromGoogleError = (
  ctx: CallContext,
  error: GoogleError,
  options: { readonly status?: number; readonly retryAfterMs?: number | undefined } = {}
): ProviderError => {
  const retryAfter = options.retryAfterMs ?? retryDelayMs(error)
  const word = error.status === undefined ? "" : ` (${error.status})`
  return new ProviderError({
    reason: reasonFor(error, options.status),
    url: ctx.url,
    detail: scrub(`${error.message ?? "no message"}${word}`, ctx),
    ...(options.status === undefined ? {} : { status: options.status }),
    ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
    ...wordsOf({ code: codeOf(error) }, ctx)
  })
}

const decodeErrorBody = Schema.decodeEither(ErrorBodyJson)

/** A non-2xx answer as a `ProviderError`; a body that is not Google's envelope falls back to the status table. */
export const readFailure: ReadFailure = (answered, ctx, body) =>
  Either.match(decodeErrorBody(body), {
    onRight: (envelope) =>
      fromGoogleError(ctx, "error" in envelope ? envelope.error : envelope[0].error, {
        status: answered.status,
        retryAfterMs: retryAfterMs(answered.headers)
      }),
    onLeft: () => fromBody(answered, ctx, body, readStatus(answered.status, body))
  })
