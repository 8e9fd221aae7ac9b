/**
 * The shared HTTP pieces: the status table, Retry-After parsing, key scrubbing, upstream message extraction, and
 * the transport property every adapter relies on: interrupting the fiber that reads a response aborts the upstream
 * request. That last one is checked on both Node clients of `@effect/platform-node`, since apps pick one.
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Option, Redacted, Stream } from "effect"
import { reasonForStatus, retryAfterMs, scrub, send, upstreamMessage } from "../../src/internal/Http"
import * as UpstreamServer from "../support/UpstreamServer"

describe("reasonForStatus", () => {
  it.each([
    [401, "Authentication"],
    [403, "Authentication"],
    [404, "NotFound"],
    [408, "Timeout"],
    [504, "Timeout"],
    [429, "RateLimit"],
    [500, "Upstream"],
    [503, "Upstream"],
    [400, "InvalidRequest"],
    [422, "InvalidRequest"]
  ] as const)("%i → %s", (status, reason) => {
    expect(reasonForStatus(status)).toBe(reason)
  })
})

describe("retryAfterMs", () => {
  it("reads seconds, milliseconds (preferred) and HTTP dates", () => {
    expect(retryAfterMs({ "retry-after": "7" })).toBe(7000)
    expect(retryAfterMs({ "retry-after": "2", "retry-after-ms": "1500" })).toBe(1500)
    expect(retryAfterMs({})).toBeUndefined()
    expect(retryAfterMs({ "retry-after": "soon" })).toBeUndefined()
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString()
    const fromDate = retryAfterMs({ "retry-after": inTenSeconds })
    expect(fromDate).toBeGreaterThan(8000)
    expect(fromDate).toBeLessThanOrEqual(10_000)
  })
})

describe("scrub", () => {
  it("removes the call's key wherever it appears, and anything shaped like a key", () => {
    const key = Option.some(Redacted.make("my-plain-secret"))
    expect(scrub("bad key my-plain-secret (again: my-plain-secret)", key)).toBe(
      "bad key [redacted] (again: [redacted])"
    )
    expect(scrub("other key sk-abcdefghijklmnop1234 leaked", Option.none())).toBe("other key [redacted] leaked")
    expect(scrub("AIzaSyA1234567890abcdefghij is invalid", Option.none())).toBe("[redacted] is invalid")
  })
})

describe("upstreamMessage", () => {
  it.each([
    ['{"error":{"message":"OpenAI style","type":"x"}}', "OpenAI style"],
    ['{"error":"Ollama style"}', "Ollama style"],
    ['{"object":"error","message":"vLLM style","code":404}', "vLLM style"],
    ['{"detail":"FastAPI style"}', "FastAPI style"],
    ['[{"error":{"message":"Gemini array style"}}]', "Gemini array style"],
    ["<html>Bad Gateway</html>", "<html>Bad Gateway</html>"],
    ["", "(empty body)"]
  ])("%s", (body, message) => {
    expect(upstreamMessage(body)).toBe(message)
  })
})

describe("send", () => {
  it.scopedLive("a non-2xx answer fails with the status, the reason, the scrubbed message and Retry-After", () =>
    Effect.gen(function* () {
      const server = yield* UpstreamServer.make
      server.route(
        "GET",
        "/x",
        UpstreamServer.json(429, { error: { message: "slow down, key-123456789" } }, { "retry-after": "3" })
      )
      const key = Option.some(Redacted.make("key-123456789"))
      const url = `${server.url}/x`
      const error = yield* Effect.flip(send(HttpClientRequest.get(url), { url, key }))
      expect(error).toMatchObject({
        reason: "RateLimit",
        status: 429,
        detail: "slow down, [redacted]",
        retryAfterMs: 3000,
        url
      })
    }).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )
})

describe("interrupting a reader aborts the upstream request", () => {
  const clients = [
    ["NodeHttpClient.layerUndici", NodeHttpClient.layerUndici],
    ["NodeHttpClient.layer (node:http)", NodeHttpClient.layer]
  ] as const
  for (const [name, layer] of clients) {
    it.scopedLive(`${name}: while waiting for the status line`, () =>
      Effect.gen(function* () {
        const server = yield* UpstreamServer.make
        server.route("POST", "/x", UpstreamServer.hang)
        const fiber = yield* Effect.fork(HttpClient.execute(HttpClientRequest.post(`${server.url}/x`)))
        yield* server.awaitRequests(1)
        yield* Fiber.interrupt(fiber)
        yield* server.awaitAborted(1).pipe(Effect.timeout("3 seconds"))
      }).pipe(Effect.provide(layer))
    )
    it.scopedLive(`${name}: while reading a stalled body`, () =>
      Effect.gen(function* () {
        const server = yield* UpstreamServer.make
        server.route("POST", "/x", UpstreamServer.stall("data: 1\n\n"))
        const fiber = yield* HttpClient.execute(HttpClientRequest.post(`${server.url}/x`)).pipe(
          Effect.flatMap((response) => Stream.runDrain(response.stream)),
          Effect.fork
        )
        yield* server.awaitRequests(1)
        yield* Effect.sleep("50 millis")
        yield* Fiber.interrupt(fiber)
        yield* server.awaitAborted(1).pipe(Effect.timeout("3 seconds"))
      }).pipe(Effect.provide(layer))
    )
  }
})
