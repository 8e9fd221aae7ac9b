/**
 * Anthropic's error types (https://docs.claude.com/en/api/errors) mapped to the neutral reasons. The type is more
 * precise than the status: a proxy may answer 500 for an `overloaded_error`, and a mid-stream `event: error` has no
 * status at all (the stream was a 200).
 */
import type { ProviderErrorReason } from "@switchboard/core/domain/Errors"
import { Either, Schema } from "effect"
import { type ErrorReading, failureFrom, type ReadFailure, reasonForStatus } from "../internal/Http"
import { ErrorBody } from "./AnthropicWire"

const reasonForType: Readonly<Record<string, ProviderErrorReason>> = {
  invalid_request_error: "InvalidRequest",
  request_too_large: "InvalidRequest",
  authentication_error: "Authentication",
  permission_error: "Authentication",
  // No credit left on the key's account: another key may still work, so it is treated like a bad key.
  billing_error: "Authentication",
  not_found_error: "NotFound",
  rate_limit_error: "RateLimit",
  timeout_error: "Timeout",
  api_error: "Upstream",
  overloaded_error: "Upstream"
}

/** The reason for an error type; unknown types fall back to the status (or `Upstream` inside a 200 stream). */
export const reasonForError = (type: string, status?: number): ProviderErrorReason =>
  reasonForType[type] ?? (status === undefined ? "Upstream" : reasonForStatus(status))

const decodeBody = Schema.decodeUnknownEither(Schema.parseJson(ErrorBody))

/** Statuses that say all there is to say, whatever the body: a proxy's 401 may carry any error type. */
const unambiguous: ReadonlySet<ProviderErrorReason> = new Set(["Authentication", "NotFound", "RateLimit"])

/**
 * Refines the status table with the body's error type, for `Http.send`. The type is also the upstream's word for the
 * failure (`code`), and its `type`: most of Anthropic's types are OpenAI's too (`invalid_request_error`,
 * `rate_limit_error`); the gateway maps the others (`overloaded_error`).
 */
export const refineStatus = (status: number, body: string): ErrorReading => {
  const byStatus = reasonForStatus(status)
  return Either.match(decodeBody(body), {
    onLeft: () => ({ reason: byStatus }),
    onRight: ({ error }) => ({
      reason: unambiguous.has(byStatus) ? byStatus : reasonForError(error.type, status),
      code: error.type,
      type: error.type
    })
  })
}

/** A non-2xx answer as a `ProviderError`, on either client. */
export const readFailure: ReadFailure = failureFrom(refineStatus)
