/**
 * Chat Completions error objects → `ProviderError`. The HTTP status decides for non-2xx answers (the shared table),
 * refined where servers answer a generic 400 for a more specific failure; inside a 200 stream there is no useful
 * status, so the object's `type`/`code` decide.
 */
import { ProviderError, type ProviderErrorReason } from "@switchboard/core/domain/Errors"
import { Schema } from "effect"
import {
  type CallContext,
  type ErrorReading,
  failureFrom,
  type ReadFailure,
  reasonForStatus,
  scrub,
  wordsOf
} from "../internal/Http"
import { WireError } from "./OpenAiWire"

const decodeBody = Schema.decodeUnknownOption(Schema.parseJson(Schema.Struct({ error: WireError })))

/** What the object's own words say, when they say something the status table would miss. */
const reasonFromWords = (error: WireError): ProviderErrorReason | undefined => {
  const words = [error.type, error.code, error.innererror?.code, error.inner_error?.code]
    .filter((word) => word !== undefined && word !== null)
    .join(" ")
    .toLowerCase()
  if (/responsibleaipolicyviolation|content_filter|content_policy/.test(words)) return "InvalidRequest"
  if (/rate_limit|ratelimit|too_many_requests|insufficient_quota/.test(words)) return "RateLimit"
  if (/invalid_api_key|authentication|unauthorized|permission/.test(words)) return "Authentication"
  if (/not_found|notfound/.test(words)) return "NotFound"
  if (/timeout/.test(words)) return "Timeout"
  if (/server_error|internal|overloaded|unavailable/.test(words)) return "Upstream"
  if (/invalid_request|bad_request|badrequest|unsupported|invalid/.test(words)) return "InvalidRequest"
  return undefined
}

/**
 * The object's own `code`, `type` and `param`, as given: a gateway client switches on them (`context_length_exceeded`).
 * A numeric code (vLLM puts the HTTP status there) says nothing the status does not.
 */
export const errorWords = (error: WireError) => ({
  code: typeof error.code === "string" ? error.code : undefined,
  type: error.type ?? undefined,
  param: error.param ?? undefined
})

/**
 * A non-2xx answer: the status table, except that a 400/422 whose body names a missing model, a bad key or a rate
 * limit gets that reason (vLLM and Ollama answer some of those with 400); and the body's words.
 */
export const refineStatus = (status: number, body: string): ErrorReading => {
  const byStatus = reasonForStatus(status)
  const parsed = decodeBody(body)
  if (parsed._tag === "None") return { reason: byStatus }
  const words = errorWords(parsed.value.error)
  if (status !== 400 && status !== 422) return { reason: byStatus, ...words }
  const byWords = reasonFromWords(parsed.value.error)
  const reason = byWords === "NotFound" || byWords === "Authentication" || byWords === "RateLimit" ? byWords : byStatus
  return { reason, ...words }
}

/** A non-2xx answer as a `ProviderError`, on either client. */
export const readFailure: ReadFailure = failureFrom(refineStatus)

/** The reason for an error event inside a 200 stream; an unexplained one is the upstream's failure. */
export const reasonForStreamError = (error: WireError): ProviderErrorReason => {
  const byWords = reasonFromWords(error)
  if (byWords !== undefined) return byWords
  return typeof error.code === "number" && error.code >= 400 ? reasonForStatus(error.code) : "Upstream"
}

/** An error event inside a 200 stream (`data: {"error": …}`) as a `ProviderError` with the upstream's message. */
export const streamError = (error: WireError | string, ctx: CallContext): ProviderError => {
  if (typeof error === "string")
    return new ProviderError({ reason: "Upstream", url: ctx.url, detail: scrub(error, ctx) })
  const code = typeof error.code === "number" && error.code >= 400 && error.code < 600 ? error.code : undefined
  const message = error.message ?? error.type ?? "the server reported an error in the stream without a message"
  return new ProviderError({
    reason: reasonForStreamError(error),
    url: ctx.url,
    detail: scrub(message, ctx),
    ...(code === undefined ? {} : { status: code }),
    ...wordsOf(errorWords(error), ctx)
  })
}
