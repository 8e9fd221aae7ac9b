/**
 * Request-contract checks: capture exactly what an adapter sends (on a `FakeUpstream`), then send that request
 * unchanged to Prism serving the provider's spec. Only `accept` becomes `application/json`, because Prism cannot
 * stream: with `text/event-stream` it fails after validating (500 "Cannot serialise complex objects as text"), which
 * would hide whether the request was valid. A 2xx from Prism means the spec accepts the request.
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import type { HttpClientError } from "@effect/platform"
import { Effect } from "effect"
import type { ReceivedRequest } from "@switchboard/testing/FakeUpstream"

/** Headers that belong to the connection, not to the request's meaning. */
const hopHeaders = new Set(["host", "connection", "content-length", "accept", "accept-encoding", "transfer-encoding"])

export interface PrismAnswer {
  readonly status: number
  /** Prism's answer; on 422 it lists what the spec rejected. */
  readonly body: string
}

/** Sends `request` (as a `FakeUpstream` received it) to `baseUrl`, same method, path, query, headers and body. */
export const resend = (
  request: ReceivedRequest,
  baseUrl: string
): Effect.Effect<PrismAnswer, HttpClientError.HttpClientError, HttpClient.HttpClient> => {
  const headers: Record<string, string> = { accept: "application/json" }
  for (const [name, value] of Object.entries(request.headers)) {
    if (hopHeaders.has(name) || value === undefined) continue
    headers[name] = Array.isArray(value) ? value.join(", ") : value
  }
  const base = HttpClientRequest.make(request.method as "GET" | "POST")(`${baseUrl}${request.url}`).pipe(
    HttpClientRequest.setHeaders(headers)
  )
  const withBody =
    request.rawBody === ""
      ? base
      : HttpClientRequest.bodyText(base, request.rawBody, headers["content-type"] ?? "application/json")
  return HttpClient.execute(withBody).pipe(
    Effect.flatMap((response) => Effect.map(response.text, (body) => ({ status: response.status, body })))
  )
}
