/**
 * The one table from a failure to an HTTP answer. Every error a client can see — the core's (`CoreError`), HTTP's own
 * (`HttpErrors.ts`) and unexpected defects — is looked up here by `_tag` (and `reason` for a provider error), then
 * rendered in one of two shapes: Switchboard's `{"error": {"code", "message", "field"?}}` for `/api/*`, or OpenAI's
 * `{"error": {"message", "type", "param", "code"}}` for the `/v1/*` gateway, so OpenAI clients read it natively.
 * The table covers every tag by type, so a new error is a compile error here until it gets a row, not a silent 500.
 */
import type { CoreErrorTag, ProviderErrorReason } from "@switchboard/core/domain/Errors"
import type { HttpError } from "./HttpErrors"

/** Every status an error can have; precise, so the typed client's `res.ok` separates answers from errors. */
export type ErrorStatus = 400 | 401 | 404 | 409 | 413 | 415 | 500 | 502 | 503 | 504

/** Which error body a part of the API speaks. */
export type ErrorStyle = "rest" | "openai"

interface Row {
  readonly status: ErrorStatus
  /** Stable, machine-readable; clients switch on it. */
  readonly code: string
  /** OpenAI's `error.type`, which its SDKs map to exception classes. */
  readonly openAiType: string
}

const row = (status: ErrorStatus, code: string, openAiType = "invalid_request_error"): Row => ({
  status,
  code,
  openAiType
})

/** Every tagged error a client can meet: the core's closed set and HTTP's own. */
export type ErrorTag = CoreErrorTag | HttpError["_tag"]

/** One row per tag; `satisfies` makes a missing (or unknown) tag a compile error. */
export const errorRows = {
  InvalidInput: row(400, "invalid_input"),
  MalformedJson: row(400, "malformed_json"),
  NestedTooDeep: row(400, "nested_too_deep"),
  Unauthenticated: row(401, "unauthenticated", "authentication_error"),
  NotFound: row(404, "not_found", "not_found_error"),
  UnknownModel: row(404, "unknown_model", "not_found_error"),
  RouteNotFound: row(404, "route_not_found", "not_found_error"),
  DuplicateName: row(409, "duplicate_name"),
  DuplicateModel: row(409, "duplicate_model"),
  Conflict: row(409, "conflict"),
  ProviderDisabled: row(409, "provider_disabled"),
  PayloadTooLarge: row(413, "payload_too_large"),
  UnsupportedMediaType: row(415, "unsupported_media_type"),
  ShuttingDown: row(503, "shutting_down", "api_error"),
  /** The disk is full, the file locked or damaged: the service cannot store right now, and the message says why. */
  StorageError: row(503, "storage_error", "api_error"),
  /** Upstream failures are the gateway's to report; `providerRow` makes a timeout a 504. */
  ProviderError: row(502, "provider_error", "api_error")
} satisfies Readonly<Record<ErrorTag, Row>>

/** A provider that did not answer in time is a 504; every other upstream failure the table's 502. */
const providerRow = (reason: ProviderErrorReason): Row =>
  reason === "Timeout" ? row(504, "provider_error", "api_error") : errorRows.ProviderError

/** The row of a tag; own keys only, so a tag like `constructor` is not found on the object's prototype. */
const rowOf = (tag: string): Row | undefined => (Object.hasOwn(errorRows, tag) ? errorRows[tag as ErrorTag] : undefined)

const internal = row(500, "internal_error", "api_error")

/** What a client is told about one failure. */
export interface ErrorInfo {
  readonly status: ErrorStatus
  readonly code: string
  readonly openAiType: string
  readonly message: string
  readonly field?: string
  /** Provider errors only: why the upstream call failed, its HTTP status and the URL called (never with a key). */
  readonly reason?: ProviderErrorReason
  readonly upstreamStatus?: number
  readonly url?: string
}

interface Tagged {
  readonly _tag: string
  readonly message: string
  readonly field?: unknown
  readonly reason?: unknown
  readonly status?: unknown
  readonly url?: unknown
}

const isTagged = (error: unknown): error is Tagged =>
  typeof error === "object" && error !== null && typeof (error as { _tag?: unknown })._tag === "string"

/**
 * Looks `error` up in the table. Anything not in it is a bug, answered with a 500 that says nothing about its
 * internals (the message of a foreign error could quote a request, key included).
 */
export const describe = (error: unknown): ErrorInfo => {
  if (!isTagged(error)) return { ...internal, message: internalMessage }
  if (error._tag === "ProviderError") {
    const reason = error.reason as ProviderErrorReason
    return {
      ...providerRow(reason),
      message: error.message,
      reason,
      ...(typeof error.status === "number" ? { upstreamStatus: error.status } : {}),
      ...(typeof error.url === "string" ? { url: error.url } : {})
    }
  }
  const found = rowOf(error._tag)
  if (found === undefined) return { ...internal, message: internalMessage }
  return {
    ...found,
    message: error.message,
    ...(typeof error.field === "string" ? { field: error.field } : {})
  }
}

const internalMessage = "Unexpected server error. The server log has the details; please report it."

/** Switchboard's error body. */
export const restBody = (info: ErrorInfo) => ({
  error: {
    code: info.code,
    message: info.message,
    ...(info.field === undefined ? {} : { field: info.field }),
    ...(info.reason === undefined ? {} : { reason: info.reason }),
    ...(info.upstreamStatus === undefined ? {} : { upstreamStatus: info.upstreamStatus }),
    ...(info.url === undefined ? {} : { url: info.url })
  }
})
export type RestErrorBody = ReturnType<typeof restBody>

/** OpenAI's error body; `reason` is added for provider errors so gateway clients can tell them apart. */
export const openAiBody = (info: ErrorInfo) => ({
  error: {
    message: info.message,
    type: info.openAiType,
    param: info.field ?? null,
    code: info.code,
    ...(info.reason === undefined ? {} : { reason: info.reason })
  }
})

export const bodyFor = (style: ErrorStyle, info: ErrorInfo) => (style === "rest" ? restBody(info) : openAiBody(info))
