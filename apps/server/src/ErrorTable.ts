/**
 * The one table from a failure to an HTTP answer. Every error a client can see — the core's (`CoreError`), HTTP's own
 * (`HttpErrors.ts`) and unexpected defects — is looked up here by `_tag` (and `reason` for a provider error), then
 * rendered in one of three shapes: Switchboard's `{"error": {"code", "message", "field"?}}` for `/api/*`, OpenAI's
 * `{"error": {"message", "type", "param", "code"}}` for the `/v1/*` gateway, or Anthropic's
 * `{"type": "error", "error": {"type", "message"}}` for its `/v1/messages`, so each client reads it natively.
 * The table covers every tag by type, so a new error is a compile error here until it gets a row, not a silent 500.
 * It also says which answers a client should not retry (`x-should-retry: false`) and when to retry a rate limit.
 */
import type { CoreErrorTag, ProviderErrorReason } from "@switchboard/core/domain/Errors"
import type { ClientErrorStatusCode } from "hono/utils/http-status"
import type { HttpError } from "./HttpErrors"

/**
 * Every status an error can have; precise, so the typed client's `res.ok` separates answers from errors. A provider's
 * 4xx keeps its own status, so any client error status can occur.
 */
export type ErrorStatus = ClientErrorStatusCode | 500 | 502 | 503 | 504

/** Which error body a part of the API speaks. */
export type ErrorStyle = "rest" | "openai" | "anthropic"

interface Row {
  readonly status: ErrorStatus
  /** Stable, machine-readable; clients switch on it. */
  readonly code: string
  /** OpenAI's `error.type`, which its SDKs map to exception classes. */
  readonly openAiType: string
  /**
   * Whether a client's retry could go differently. When not, the answer says `x-should-retry: false`, which the
   * official OpenAI SDKs honour: they would otherwise retry a 409 or 5xx that can only fail again.
   */
  readonly retryMayHelp: boolean
}

const row = (status: ErrorStatus, code: string, openAiType = "invalid_request_error"): Row => ({
  status,
  code,
  openAiType,
  // A 4xx says the request is wrong (or the server's state refuses it): the same request meets the same answer.
  retryMayHelp: status >= 500
})

/** Every tagged error a client can meet: the core's closed set and HTTP's own. */
export type ErrorTag = CoreErrorTag | HttpError["_tag"]

/** One row per tag; `satisfies` makes a missing (or unknown) tag a compile error. */
export const errorRows = {
  InvalidInput: row(400, "invalid_input"),
  MalformedJson: row(400, "malformed_json"),
  NestedTooDeep: row(400, "nested_too_deep"),
  Unauthenticated: row(401, "unauthenticated", "authentication_error"),
  /**
   * 403, not the 409 it once was: OpenAI's and the Vercel AI SDK retry a 409 (and 408, 429, 5xx) by status, and a
   * provider stays switched off however often it is asked. 403 says "refused, and asking again will not change it".
   */
  ProviderDisabled: row(403, "provider_disabled", "permission_error"),
  NotFound: row(404, "not_found", "not_found_error"),
  UnknownModel: row(404, "unknown_model", "not_found_error"),
  RouteNotFound: row(404, "route_not_found", "not_found_error"),
  DuplicateName: row(409, "duplicate_name"),
  DuplicateModel: row(409, "duplicate_model"),
  Conflict: row(409, "conflict"),
  PayloadTooLarge: row(413, "payload_too_large"),
  UnsupportedMediaType: row(415, "unsupported_media_type"),
  ShuttingDown: row(503, "shutting_down", "api_error"),
  /** The disk is full, the file locked or damaged: the service cannot store right now, and the message says why. */
  StorageError: row(503, "storage_error", "api_error"),
  /** Upstream failures: `providerRow` gives each its status from the reason and the upstream's own status. */
  ProviderError: row(502, "provider_error", "api_error")
} satisfies Readonly<Record<ErrorTag, Row>>

/** The row of a tag; own keys only, so a tag like `constructor` is not found on the object's prototype. */
const rowOf = (tag: string): Row | undefined => (Object.hasOwn(errorRows, tag) ? errorRows[tag as ErrorTag] : undefined)

/** A bug: the same request will meet it again, so clients are told not to retry. */
const internal: Row = { ...row(500, "internal_error", "api_error"), retryMayHelp: false }

// ---------------------------------------------------------------------------------------------------------------------
// Provider errors
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The upstream 4xx statuses a request the upstream refused keeps. Left out: those that mean something else than "this
 * request is wrong" (401/403/407 a key, 408 a timeout, 429 a rate limit); their reasons say so and decide.
 */
const keptClientStatuses: ReadonlySet<number> = new Set<ClientErrorStatusCode>([
  400, 402, 404, 405, 406, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 431, 451
])

/**
 * A provider error's status: what the client should know, not a flat 502. A refused request keeps the upstream's 4xx
 * (a 400 `context_length_exceeded` stays a 400); a refused key is the upstream's 401/403; a rate limit a 429; the
 * upstream's own failures and a connection that failed are 502, silence 504. A redirect or a 5xx read as a bad
 * request (the base URL is off) is the upstream's fault, 502.
 */
export const providerStatus = (reason: ProviderErrorReason, upstream: number | undefined): ErrorStatus => {
  switch (reason) {
    case "Authentication":
      return upstream === 403 ? 403 : 401
    case "RateLimit":
      return 429
    case "Timeout":
      return 504
    case "InvalidRequest":
    case "NotFound":
      if (upstream === undefined) return reason === "NotFound" ? 404 : 400
      if (keptClientStatuses.has(upstream)) return upstream as ClientErrorStatusCode
      return upstream >= 400 && upstream < 500 ? 400 : 502
    case "Upstream":
    case "Network":
    case "InvalidOutput":
      return 502
  }
}

/** Failures another try may end differently: the core retries these itself (`Retries`), up to `maxRetries`. */
const transient: ReadonlySet<ProviderErrorReason> = new Set(["RateLimit", "Upstream", "Network", "Timeout"])

/** OpenAI's own `error.type`s: an upstream's type is kept when it is one of them, so OpenAI clients know it. */
const openAiTypes: ReadonlySet<string> = new Set([
  "invalid_request_error",
  "authentication_error",
  "permission_error",
  "not_found_error",
  "rate_limit_error",
  "insufficient_quota",
  "server_error",
  "api_error"
])

/** The OpenAI `type` for a provider error whose upstream gave none OpenAI knows (Gemini's, `overloaded_error`). */
const openAiTypeFor = (reason: ProviderErrorReason, status: ErrorStatus): string => {
  switch (reason) {
    case "Authentication":
      return status === 403 ? "permission_error" : "authentication_error"
    case "RateLimit":
      return "rate_limit_error"
    case "InvalidRequest":
      return status >= 500 ? "api_error" : "invalid_request_error"
    case "NotFound":
      return status >= 500 ? "api_error" : "not_found_error"
    default:
      return "api_error"
  }
}

interface ProviderFields {
  readonly reason: ProviderErrorReason
  readonly message: string
  readonly status?: unknown
  readonly url?: unknown
  readonly retryAfterMs?: unknown
  readonly code?: unknown
  readonly type?: unknown
  readonly param?: unknown
  readonly attempts?: unknown
}

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined)
const count = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined)

const describeProvider = (error: ProviderFields): ErrorInfo => {
  const { reason } = error
  const upstreamStatus = count(error.status)
  const status = providerStatus(reason, upstreamStatus)
  const upstreamCode = text(error.code)
  const upstreamType = text(error.type)
  const param = text(error.param)
  const url = text(error.url)
  const retryAfterMs = count(error.retryAfterMs)
  // Retried here already (`attempts`): a client's retry would multiply the gateway's requests, not add one more.
  const retryMayHelp = transient.has(reason) && (count(error.attempts) ?? 1) <= 1
  return {
    status,
    code: errorRows.ProviderError.code,
    openAiType:
      upstreamType !== undefined && openAiTypes.has(upstreamType) ? upstreamType : openAiTypeFor(reason, status),
    retryMayHelp,
    message: error.message,
    reason,
    ...(upstreamStatus === undefined ? {} : { upstreamStatus }),
    ...(upstreamCode === undefined ? {} : { upstreamCode }),
    ...(upstreamType === undefined ? {} : { upstreamType }),
    ...(param === undefined ? {} : { param }),
    ...(url === undefined ? {} : { url }),
    ...(status === 429 && retryAfterMs !== undefined ? { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) } : {})
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Lookup and bodies
// ---------------------------------------------------------------------------------------------------------------------

/** What a client is told about one failure. */
export interface ErrorInfo extends Row {
  readonly message: string
  readonly field?: string
  /** Provider errors only: why the upstream call failed, its HTTP status and the URL called (never with a key). */
  readonly reason?: ProviderErrorReason
  readonly upstreamStatus?: number
  /** The upstream's own words for the failure (`context_length_exceeded`, `overloaded_error`, `INVALID_ARGUMENT`). */
  readonly upstreamCode?: string
  readonly upstreamType?: string
  /** The request field the upstream named. */
  readonly param?: string
  readonly url?: string
  /** A rate limit: when to ask again (the upstream's Retry-After, or when the first key is off cooldown). */
  readonly retryAfterSeconds?: number
}

interface Tagged {
  readonly _tag: string
  readonly message: string
  readonly field?: unknown
  readonly reason?: unknown
}

const isTagged = (error: unknown): error is Tagged =>
  typeof error === "object" && error !== null && typeof (error as { _tag?: unknown })._tag === "string"

/**
 * Looks `error` up in the table. Anything not in it is a bug, answered with a 500 that says nothing about its
 * internals (the message of a foreign error could quote a request, key included).
 */
export const describe = (error: unknown): ErrorInfo => {
  if (!isTagged(error)) return { ...internal, message: internalMessage }
  if (error._tag === "ProviderError") return describeProvider(error as Tagged & ProviderFields)
  const found = rowOf(error._tag)
  if (found === undefined) return { ...internal, message: internalMessage }
  return {
    ...found,
    message: error.message,
    ...(typeof error.field === "string" ? { field: error.field } : {})
  }
}

const internalMessage = "Unexpected server error. The server log has the details; please report it."

/**
 * The headers every error answer carries, whoever writes it (Hono, the Node lane): `x-should-retry: false` when a
 * retry cannot help or the gateway already retried, `Retry-After` for a rate limit, and the auth scheme for a 401
 * about Switchboard's own token (a provider's refused key is not the client's to fix with another token).
 */
export const errorHeaders = (info: ErrorInfo): Record<string, string> => ({
  ...(info.retryMayHelp ? {} : { "x-should-retry": "false" }),
  ...(info.retryAfterSeconds === undefined ? {} : { "retry-after": String(info.retryAfterSeconds) }),
  ...(info.code === errorRows.Unauthenticated.code ? { "www-authenticate": 'Bearer realm="switchboard"' } : {})
})

/** Switchboard's error body. */
export const restBody = (info: ErrorInfo) => ({
  error: {
    code: info.code,
    message: info.message,
    ...(info.field === undefined ? {} : { field: info.field }),
    ...(info.reason === undefined ? {} : { reason: info.reason }),
    ...(info.upstreamStatus === undefined ? {} : { upstreamStatus: info.upstreamStatus }),
    ...(info.upstreamCode === undefined ? {} : { upstreamCode: info.upstreamCode }),
    ...(info.upstreamType === undefined ? {} : { upstreamType: info.upstreamType }),
    ...(info.param === undefined ? {} : { upstreamParam: info.param }),
    ...(info.url === undefined ? {} : { url: info.url }),
    ...(info.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: info.retryAfterSeconds })
  }
})
export type RestErrorBody = ReturnType<typeof restBody>

/**
 * OpenAI's error body. A provider error carries the upstream's own code and param where it gave them, so a client
 * switching on `context_length_exceeded` still can; `reason` is added so gateway clients can tell provider errors
 * apart.
 */
export const openAiBody = (info: ErrorInfo) => ({
  error: {
    message: info.message,
    type: info.openAiType,
    param: info.field ?? info.param ?? null,
    code: info.upstreamCode ?? info.code,
    ...(info.reason === undefined ? {} : { reason: info.reason })
  }
})

/**
 * Anthropic's error type for a status, as its API documents them; its SDKs pick their exception class by status, and
 * clients that switch on the type read the one Anthropic would have sent.
 */
const anthropicType = (status: number): string => {
  switch (status) {
    case 400:
      return "invalid_request_error"
    case 401:
      return "authentication_error"
    case 403:
      return "permission_error"
    case 404:
      return "not_found_error"
    case 413:
      return "request_too_large"
    case 429:
      return "rate_limit_error"
    case 529:
      return "overloaded_error"
    default:
      return status < 500 ? "invalid_request_error" : "api_error"
  }
}

/** Anthropic's error body; the upstream's own type where an Anthropic provider gave one. */
export const anthropicBody = (info: ErrorInfo) => ({
  type: "error" as const,
  error: {
    type: info.upstreamType ?? anthropicType(info.status),
    message: info.message,
    ...(info.reason === undefined ? {} : { reason: info.reason })
  }
})

export const bodyFor = (style: ErrorStyle, info: ErrorInfo) =>
  style === "rest" ? restBody(info) : style === "anthropic" ? anthropicBody(info) : openAiBody(info)
