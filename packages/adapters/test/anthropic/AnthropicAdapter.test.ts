/**
 * Transport: the Anthropic adapter against a real local server speaking the protocol, with the faults real servers
 * produce. Every failure must carry the right reason and status, the upstream's words with the key scrubbed, and the
 * URL called (never holding the key); cancelling the consumer must close the upstream connection.
 */
import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Fiber, Stream } from "effect"
import * as AnthropicAdapter from "../../src/anthropic/AnthropicAdapter"
import * as Fixtures from "../support/Fixtures"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import { closedPort, collect } from "./Harness"

const key = "sk-ant-api03-TESTKEY0123456789abcdef"

const errorBody = (type: string, message: string) => ({ type: "error", error: { type, message } })

const event = (data: Record<string, unknown>) => `event: ${String(data.type)}\ndata: ${JSON.stringify(data)}\n\n`
const start = event({ type: "message_start", message: { usage: { input_tokens: 5, output_tokens: 1 } } })
const hello = event({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hello" } })

const chat = (server: FakeUpstream.ScopedUpstream, apiKey: string | undefined = key) =>
  Effect.flatMap(AnthropicAdapter.make, (adapter) =>
    collect(
      adapter.streamChat(
        Fixtures.target(Fixtures.provider({ type: "anthropic", baseUrl: server.url }), apiKey),
        Fixtures.chatRequest("claude-x")
      )
    )
  )

describe("Anthropic adapter faults", () => {
  const statuses = [
    [401, "authentication_error", "Authentication"],
    [403, "permission_error", "Authentication"],
    [404, "not_found_error", "NotFound"],
    [400, "invalid_request_error", "InvalidRequest"],
    [500, "api_error", "Upstream"],
    [529, "overloaded_error", "Upstream"]
  ] as const
  for (const [status, type, reason] of statuses) {
    it.scopedLive(`${status} ${type} → ${reason}, key scrubbed`, () =>
      Effect.gen(function* () {
        const server = yield* FakeUpstream.make
        server.route("POST", "/v1/messages", Answers.json(status, errorBody(type, `bad key ${key} was sent`)))
        const { error, events } = yield* chat(server)
        expect(events).toEqual([])
        expect(error?.reason).toBe(reason)
        expect(error?.status).toBe(status)
        expect(error?.detail).toContain("bad key [redacted] was sent")
        expect(error?.message).not.toContain(key)
        expect(error?.url).toBe(`${server.url}/v1/messages`)
      }).pipe(Effect.provide(Fixtures.HttpClientLive))
    )
  }

  it.scopedLive("the error type outranks the status: a 400 saying rate_limit_error → RateLimit", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route("POST", "/v1/messages", Answers.json(400, errorBody("rate_limit_error", "slow down")))
      expect((yield* chat(server)).error?.reason).toBe("RateLimit")
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("429 with retry-after → RateLimit with retryAfterMs", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route(
        "POST",
        "/v1/messages",
        Answers.json(429, errorBody("rate_limit_error", "Number of request tokens has exceeded your limit"), {
          "retry-after": "7"
        })
      )
      const { error } = yield* chat(server)
      expect(error?.reason).toBe("RateLimit")
      expect(error?.status).toBe(429)
      expect(error?.retryAfterMs).toBe(7000)
      expect(error?.retryable).toBe(true)
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("connection refused → Network", () =>
    Effect.gen(function* () {
      const port = yield* closedPort
      const adapter = yield* AnthropicAdapter.make
      const provider = Fixtures.provider({ type: "anthropic", baseUrl: `http://127.0.0.1:${port}` })
      const { error } = yield* collect(
        adapter.streamChat(Fixtures.target(provider, key), Fixtures.chatRequest("claude-x"))
      )
      expect(error?.reason).toBe("Network")
      expect(error?.status).toBeUndefined()
      expect(error?.url).toBe(`http://127.0.0.1:${port}/v1/messages`)
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("a connection cut mid-stream → Network, after the text that arrived", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route("POST", "/v1/messages", Answers.cutAfter(`${start}${hello}`))
      const { error, text } = yield* chat(server)
      expect(text).toBe("Hello")
      expect(error?.reason).toBe("Network")
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("malformed JSON in the stream → InvalidOutput with status 200", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route(
        "POST",
        "/v1/messages",
        Answers.malformed(`${start}${hello}`, `event: content_block_delta\ndata: {"type":"content_block_delta",\n\n`)
      )
      const { error, text } = yield* chat(server)
      expect(text).toBe("Hello")
      expect(error?.reason).toBe("InvalidOutput")
      expect(error?.status).toBe(200)
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("a known event with a wrong shape → InvalidOutput", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      const wrong = event({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: 42 } })
      server.route("POST", "/v1/messages", Answers.sse(`${start}${wrong}`))
      expect((yield* chat(server)).error?.reason).toBe("InvalidOutput")
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("unknown event and delta types are skipped", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      const body = [
        start,
        event({ type: "future_event", payload: 1 }),
        event({ type: "content_block_delta", index: 0, delta: { type: "citations_delta", citation: {} } }),
        hello,
        event({ type: "message_delta", delta: { stop_reason: "max_tokens" }, usage: { output_tokens: 3 } }),
        event({ type: "message_stop" })
      ].join("")
      server.route("POST", "/v1/messages", Answers.sse(body))
      const { error, text, finishes, usages } = yield* chat(server)
      expect(error?.message).toBeUndefined()
      expect(text).toBe("Hello")
      expect(finishes.map((finish) => [finish.reason, finish.raw])).toEqual([["length", "max_tokens"]])
      expect(usages.map((usage) => [usage.inputTokens, usage.outputTokens])).toEqual([[5, 3]])
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("a stream that ends cleanly before any stop reason → InvalidOutput", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route("POST", "/v1/messages", Answers.endEarly(`${start}${hello}`))
      const { error, text } = yield* chat(server)
      expect(text).toBe("Hello")
      expect(error?.reason).toBe("InvalidOutput")
      expect(error?.detail).toContain("message_stop")
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("an event: error with rate_limit_error mid-stream → RateLimit, key scrubbed", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      const failure = event({ type: "error", error: { type: "rate_limit_error", message: `limit for ${key}` } })
      server.route("POST", "/v1/messages", Answers.sse(`${start}${hello}${failure}`))
      const { error, text } = yield* chat(server)
      expect(text).toBe("Hello")
      expect(error?.reason).toBe("RateLimit")
      expect(error?.detail).not.toContain(key)
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("interrupting the consumer closes the upstream connection", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route("POST", "/v1/messages", Answers.stall(`${start}${hello}`))
      const adapter = yield* AnthropicAdapter.make
      const provider = Fixtures.provider({ type: "anthropic", baseUrl: server.url })
      const firstText = yield* Deferred.make<void>()
      const fiber = yield* adapter.streamChat(Fixtures.target(provider, key), Fixtures.chatRequest("claude-x")).pipe(
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
