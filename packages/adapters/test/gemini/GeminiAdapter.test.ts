/**
 * Transport: the Gemini adapter against a real local server speaking the protocol, with the faults real servers
 * produce. Every failure must carry the right reason and status, Google's words with the key scrubbed, and the URL
 * called (never holding the key); cancelling the consumer must close the upstream connection.
 */
import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Fiber, Stream } from "effect"
import * as GeminiAdapter from "../../src/gemini/GeminiAdapter"
import { closedPort, collect } from "../anthropic/Harness"
import * as Fixtures from "../support/Fixtures"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"

const key = "AIzaSyFAULTKEY0123456789abcdefghijklm"
const model = "gemini-2.5-flash"
const chatPath = `/v1beta/models/${model}:streamGenerateContent`

const googleError = (code: number, status: string, message: string, details: ReadonlyArray<unknown> = []) => ({
  error: { code, message, status, details }
})

const chunk = (text: string, extra: Record<string, unknown> = {}) =>
  `data: ${JSON.stringify({ candidates: [{ content: { parts: [{ text }], role: "model" }, index: 0, ...extra }] })}\r\n\r\n`

const chat = (server: FakeUpstream.ScopedUpstream) =>
  Effect.flatMap(GeminiAdapter.make, (adapter) =>
    collect(
      adapter.streamChat(
        Fixtures.target(Fixtures.provider({ type: "gemini", baseUrl: server.url }), key),
        Fixtures.chatRequest(model)
      )
    )
  )

describe("Gemini adapter faults", () => {
  const cases = [
    [
      "400 API_KEY_INVALID → Authentication (not InvalidRequest)",
      400,
      googleError(400, "INVALID_ARGUMENT", `API key not valid: ${key}`, [
        { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com" }
      ]),
      "Authentication"
    ],
    [
      "403 PERMISSION_DENIED → Authentication",
      403,
      googleError(403, "PERMISSION_DENIED", `denied for ${key}`),
      "Authentication"
    ],
    ["404 NOT_FOUND → NotFound", 404, googleError(404, "NOT_FOUND", `models/x is not found (${key})`), "NotFound"],
    [
      "400 INVALID_ARGUMENT → InvalidRequest",
      400,
      googleError(400, "INVALID_ARGUMENT", `bad field, key ${key}`),
      "InvalidRequest"
    ],
    ["500 INTERNAL → Upstream", 500, googleError(500, "INTERNAL", `internal error ${key}`), "Upstream"],
    ["503 UNAVAILABLE → Upstream", 503, googleError(503, "UNAVAILABLE", `The model is overloaded ${key}`), "Upstream"]
  ] as const
  for (const [title, status, body, reason] of cases) {
    it.scopedLive(`${title}, key scrubbed`, () =>
      Effect.gen(function* () {
        const server = yield* FakeUpstream.make
        server.route("POST", chatPath, Answers.json(status, body))
        const { error, events } = yield* chat(server)
        expect(events).toEqual([])
        expect(error?.reason).toBe(reason)
        expect(error?.status).toBe(status)
        expect(error?.detail).toContain("[redacted]")
        expect(error?.message).not.toContain(key)
        expect(error?.url).toBe(`${server.url}${chatPath}?alt=sse`)
        expect(error?.url).not.toContain("key=")
      }).pipe(Effect.provide(Fixtures.HttpClientLive))
    )
  }

  it.scopedLive("429 RESOURCE_EXHAUSTED with RetryInfo → RateLimit with retryAfterMs", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route(
        "POST",
        chatPath,
        Answers.json(
          429,
          googleError(429, "RESOURCE_EXHAUSTED", "Quota exceeded", [
            { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "12s" }
          ])
        )
      )
      const { error } = yield* chat(server)
      expect(error?.reason).toBe("RateLimit")
      expect(error?.status).toBe(429)
      expect(error?.retryAfterMs).toBe(12_000)
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("a Retry-After header wins over the body's RetryInfo", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      const body = googleError(429, "RESOURCE_EXHAUSTED", "Quota exceeded", [
        { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "12s" }
      ])
      server.route("POST", chatPath, Answers.json(429, body, { "retry-after": "3" }))
      expect((yield* chat(server)).error?.retryAfterMs).toBe(3000)
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("a non-Google error body falls back to the status, with the text scrubbed", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route("POST", chatPath, Answers.text(502, `Bad gateway while calling with ${key}`))
      const { error } = yield* chat(server)
      expect(error?.reason).toBe("Upstream")
      expect(error?.status).toBe(502)
      expect(error?.detail).toBe("Bad gateway while calling with [redacted]")
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("connection refused → Network", () =>
    Effect.gen(function* () {
      const port = yield* closedPort
      const adapter = yield* GeminiAdapter.make
      const provider = Fixtures.provider({ type: "gemini", baseUrl: `http://127.0.0.1:${port}` })
      const { error } = yield* collect(adapter.streamChat(Fixtures.target(provider, key), Fixtures.chatRequest(model)))
      expect(error?.reason).toBe("Network")
      expect(error?.status).toBeUndefined()
      expect(error?.url).toBe(`http://127.0.0.1:${port}${chatPath}?alt=sse`)
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("a connection cut mid-stream → Network, after the text that arrived", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route("POST", chatPath, Answers.cutAfter(chunk("Hello")))
      const { error, text } = yield* chat(server)
      expect(text).toBe("Hello")
      expect(error?.reason).toBe("Network")
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("malformed JSON in the stream → InvalidOutput with status 200", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route("POST", chatPath, Answers.malformed(chunk("Hello"), 'data: {"candidates": [\r\n\r\n'))
      const { error, text } = yield* chat(server)
      expect(text).toBe("Hello")
      expect(error?.reason).toBe("InvalidOutput")
      expect(error?.status).toBe(200)
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("stray text that is not SSE → InvalidOutput (never silently dropped)", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route("POST", chatPath, Answers.sse(`${chunk("Hello")}<html>proxy error</html>\r\n`))
      const { error } = yield* chat(server)
      expect(error?.reason).toBe("InvalidOutput")
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("a stream that ends cleanly without a finishReason → InvalidOutput", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route("POST", chatPath, Answers.endEarly(chunk("Hello")))
      const { error, text } = yield* chat(server)
      expect(text).toBe("Hello")
      expect(error?.reason).toBe("InvalidOutput")
      expect(error?.detail).toContain("finishReason")
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("an error event with data: mid-stream → its reason, key scrubbed", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      const failure = `data: ${JSON.stringify(googleError(429, "RESOURCE_EXHAUSTED", `quota of ${key}`))}\r\n\r\n`
      server.route("POST", chatPath, Answers.sse(`${chunk("Hello")}${failure}`))
      const { error, text } = yield* chat(server)
      expect(text).toBe("Hello")
      expect(error?.reason).toBe("RateLimit")
      expect(error?.detail).not.toContain(key)
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("MAX_TOKENS → length; a function call that ends with STOP → tool_calls", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route("POST", chatPath, Answers.sse(chunk("Hel", { finishReason: "MAX_TOKENS" })))
      expect((yield* chat(server)).finishes.map((finish) => [finish.reason, finish.raw])).toEqual([
        ["length", "MAX_TOKENS"]
      ])
      const call = `data: ${JSON.stringify({
        candidates: [{ content: { parts: [{ functionCall: { name: "now", args: {} } }] }, finishReason: "STOP" }]
      })}\r\n\r\n`
      server.route("POST", chatPath, Answers.sse(call))
      const result = yield* chat(server)
      expect(result.error?.message).toBeUndefined()
      expect(result.finishes.map((finish) => [finish.reason, finish.raw])).toEqual([["tool_calls", "STOP"]])
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("a JSON array answer (alt=sse dropped by a proxy) is read as the same chunks", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      const chunks = [
        { candidates: [{ content: { parts: [{ text: "Hel" }] } }] },
        {
          candidates: [{ content: { parts: [{ text: "lo" }] }, finishReason: "STOP" }],
          usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 2 }
        }
      ]
      server.route("POST", chatPath, Answers.json(200, chunks))
      const result = yield* chat(server)
      expect(result.text).toBe("Hello")
      expect(result.usages.map((usage) => [usage.inputTokens, usage.outputTokens])).toEqual([[4, 2]])
      expect(result.finishes.map((finish) => finish.reason)).toEqual(["stop"])
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("interrupting the consumer closes the upstream connection", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route("POST", chatPath, Answers.stall(chunk("Hello")))
      const adapter = yield* GeminiAdapter.make
      const provider = Fixtures.provider({ type: "gemini", baseUrl: server.url })
      const firstText = yield* Deferred.make<void>()
      const fiber = yield* adapter.streamChat(Fixtures.target(provider, key), Fixtures.chatRequest(model)).pipe(
        Stream.runForEach(() => Deferred.succeed(firstText, undefined)),
        Effect.fork
      )
      yield* Deferred.await(firstText)
      expect(server.stats().aborted).toBe(0)
      yield* Fiber.interrupt(fiber)
      yield* server.awaitAborted().pipe(Effect.timeoutFail({ duration: 3000, onTimeout: () => "not closed" }))
      expect(server.stats().aborted).toBe(1)
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )
})
