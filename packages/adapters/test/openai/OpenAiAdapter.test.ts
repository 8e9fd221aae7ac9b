/**
 * The OpenAI-compatible adapter against a real local server: the exact request it sends (URL, headers, body, with and
 * without a key), model lists across pages, every fault a real server produces, and cancellation reaching the socket.
 */
import { describe, expect, it } from "@effect/vitest"
import { ChatRequest } from "@switchboard/core/domain/ChatRequest"
import type { ProviderError } from "@switchboard/core/domain/Errors"
import { Effect, Exit, Fiber, Stream } from "effect"
import { chatBody } from "../../src/openai/ChatCompletionRequest"
import * as OpenAiAdapter from "../../src/openai/OpenAiAdapter"
import { collect, errorOf, joined, ofTag } from "../support/Chat"
import { chatRequest, HttpClientLive, provider, target } from "../support/Fixtures"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import { toolRoundTrip } from "./RichRequests"

const key = "sk-proj-Abcdefghijklmnop0123456789"

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`

const setup = (options: { readonly key?: string; readonly headers?: Record<string, string> } = {}) =>
  Effect.gen(function* () {
    const server = yield* FakeUpstream.make
    const adapter = yield* OpenAiAdapter.make
    const openai = provider({
      type: "openai",
      baseUrl: server.url,
      ...(options.headers ? { headers: options.headers } : {})
    })
    return { server, adapter, target: target(openai, options.key) }
  })

const chatUrl = (server: FakeUpstream.ScopedUpstream) => `${server.url}/v1/chat/completions`

/** The properties every upstream failure must have: no key anywhere, the URL called, the upstream's words. */
const expectScrubbed = (error: ProviderError, url: string) => {
  expect(error.url).toBe(url)
  expect(error.detail).not.toContain(key)
  expect(error.message).not.toContain(key)
  expect(error.url).not.toContain(key)
}

describe("OpenAiAdapter request shape", () => {
  it.scopedLive("sends Bearer, custom headers and only the fields that are set", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ key, headers: { "X-Title": "Switchboard" } })
      server.route("POST", "/v1/chat/completions", Answers.sse(`${chunk({ content: "hi" }, "stop")}data: [DONE]\n\n`))
      yield* collect(adapter.streamChat(target, chatRequest("gpt-4o-mini", { system: "Be brief." })))
      const sent = server.lastRequest()
      expect(sent.method).toBe("POST")
      expect(sent.url).toBe("/v1/chat/completions")
      expect(sent.headers.authorization).toBe(`Bearer ${key}`)
      expect(sent.headers["x-title"]).toBe("Switchboard")
      // Switchboard's trace ids are its own business, not the provider's.
      expect(sent.headers.traceparent).toBeUndefined()
      expect(sent.headers.b3).toBeUndefined()
      expect(sent.headers["content-type"]).toContain("application/json")
      expect(sent.body).toEqual({
        model: "gpt-4o-mini",
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Say hello." }
        ],
        stream: true,
        stream_options: { include_usage: true }
      })
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("sends max_tokens and temperature when set, max_completion_tokens for reasoning models", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ key })
      server.route("POST", "/v1/chat/completions", Answers.sse(`${chunk({}, "stop")}data: [DONE]\n\n`))
      yield* collect(adapter.streamChat(target, chatRequest("gpt-4o", { maxTokens: 5, temperature: 0.2 })))
      yield* collect(adapter.streamChat(target, chatRequest("o3-mini", { maxTokens: 7 })))
      const [plain, reasoning] = server.requests().map((request) => request.body as Record<string, unknown>)
      expect(plain).toMatchObject({ max_tokens: 5, temperature: 0.2 })
      expect(plain).not.toHaveProperty("max_completion_tokens")
      expect(reasoning).toMatchObject({ max_completion_tokens: 7 })
      expect(reasoning).not.toHaveProperty("max_tokens")
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("the Cherry Studio vLLM example: no key, base URL with a trailing slash, model gpt2", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      const adapter = yield* OpenAiAdapter.make
      const vllm = provider({ type: "openai", name: "vLLM", baseUrl: `${server.url}/`, models: ["gpt2"] })
      server.route(
        "GET",
        "/v1/models",
        Answers.json(200, {
          object: "list",
          data: [{ id: "gpt2", object: "model", owned_by: "vllm", root: "gpt2", max_model_len: 1024 }]
        })
      )
      server.route(
        "POST",
        "/v1/chat/completions",
        Answers.sse(
          `${chunk({ role: "assistant", content: "" })}${chunk({ content: "Hello" })}${chunk({}, "length")}data: [DONE]\n\n`
        )
      )
      const models = yield* adapter.listModels(target(vllm))
      const events = yield* Stream.runCollect(adapter.streamChat(target(vllm), chatRequest("gpt2", { maxTokens: 16 })))
      const [list, chat] = server.requests()
      expect(models.map((m) => ({ id: m.id, contextLength: m.contextLength, ownedBy: m.ownedBy }))).toEqual([
        { id: "gpt2", contextLength: 1024, ownedBy: "vllm" }
      ])
      expect(list?.url).toBe("/v1/models")
      expect(chat?.url).toBe("/v1/chat/completions")
      for (const request of [list, chat]) {
        expect(request?.headers).not.toHaveProperty("authorization")
        expect(request?.headers).not.toHaveProperty("api-key")
      }
      expect(chat?.body).toMatchObject({ model: "gpt2", max_tokens: 16 })
      expect(joined([...events])).toBe("Hello")
      expect(ofTag([...events], "Finish").map((f) => f.reason)).toEqual(["length"])
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a tool round trip goes out as the body chatBody makes", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ key })
      server.route("POST", "/v1/chat/completions", Answers.sse(`${chunk({}, "stop")}data: [DONE]\n\n`))
      const request = toolRoundTrip("gpt-4o")
      const outcome = yield* collect(adapter.streamChat(target, request))
      expect(outcome.error._tag).toBe("None")
      const sent = server.lastRequest().body as { messages: ReadonlyArray<object> }
      expect(sent).toEqual(chatBody(request, { modelInBody: true }))
      expect(sent.messages[1]).toEqual({
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }
        ]
      })
      expect(sent.messages[2]).toEqual({ role: "tool", tool_call_id: "call_1", content: '{"celsius":21}' })
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a file by URL fails with InvalidRequest before anything is sent", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ key })
      const request = new ChatRequest({
        model: "gpt-4o",
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "Summarise." },
              { type: "file", source: { type: "url", url: "https://example.com/q3.pdf" }, filename: "q3.pdf" }
            ]
          }
        ]
      })
      const error = errorOf(yield* collect(adapter.streamChat(target, request)))
      expect(error.reason).toBe("InvalidRequest")
      expect(error.url).toBe(chatUrl(server))
      expect(error.detail).toContain("q3.pdf")
      expect(error.retryable).toBe(false)
      expect(server.requests()).toHaveLength(0)
    }).pipe(Effect.provide(HttpClientLive))
  )
})

describe("OpenAiAdapter.listModels", () => {
  it.scopedLive("follows has_more/last_id across pages and maps context_length", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ key })
      server.route("GET", "/v1/models", (request, res) => {
        const after = request.query.get("after")
        const page =
          after === null
            ? {
                data: [
                  { id: "a", owned_by: "openai" },
                  { id: "b", context_length: 8192, name: "Model B" }
                ],
                has_more: true,
                last_id: "b"
              }
            : { data: [{ id: `c-after-${after}` }], has_more: false, last_id: `c-after-${after}` }
        return Answers.json(200, page)(request, res)
      })
      const models = yield* adapter.listModels(target)
      expect(models.map((m) => m.id)).toEqual(["a", "b", "c-after-b"])
      expect(models[1]).toMatchObject({ contextLength: 8192, displayName: "Model B" })
      expect(server.requests().map((r) => r.headers.authorization)).toEqual([`Bearer ${key}`, `Bearer ${key}`])
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a 401 is Authentication with the models URL and a scrubbed message", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ key })
      server.route(
        "GET",
        "/v1/models",
        Answers.json(401, {
          error: {
            message: `Incorrect API key provided: ${key}.`,
            type: "invalid_request_error",
            code: "invalid_api_key"
          }
        })
      )
      const error = yield* Effect.flip(adapter.listModels(target))
      expect(error.reason).toBe("Authentication")
      expect(error.status).toBe(401)
      expect(error.detail).toBe("Incorrect API key provided: [redacted].")
      expectScrubbed(error, `${server.url}/v1/models`)
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a body that is not a model list is InvalidOutput, never an empty list", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup()
      server.route(
        "GET",
        "/v1/models",
        Answers.text(200, "<html>Welcome to nginx</html>", { "content-type": "text/html" })
      )
      const error = yield* Effect.flip(adapter.listModels(target))
      expect(error.reason).toBe("InvalidOutput")
      expect(error.detail).toContain("nginx")
    }).pipe(Effect.provide(HttpClientLive))
  )
})

describe("OpenAiAdapter.streamChat faults", () => {
  const statusCases = [
    {
      status: 401,
      reason: "Authentication",
      body: {
        error: { message: `Incorrect API key provided: ${key}`, type: "invalid_request_error", code: "invalid_api_key" }
      }
    },
    {
      status: 404,
      reason: "NotFound",
      body: {
        error: {
          message: "The model `nope` does not exist or you do not have access to it.",
          type: "invalid_request_error",
          code: "model_not_found"
        }
      }
    },
    {
      status: 500,
      reason: "Upstream",
      body: {
        error: {
          message: `The server had an error while processing your request (key ${key}).`,
          type: "server_error",
          code: null
        }
      }
    },
    {
      status: 400,
      reason: "InvalidRequest",
      body: { error: { message: "messages: must not be empty", type: "invalid_request_error", code: null } }
    }
  ] as const

  for (const { status, reason, body } of statusCases) {
    it.scopedLive(`${status} is ${reason} with the status, the scrubbed message and the URL`, () =>
      Effect.gen(function* () {
        const { server, adapter, target } = yield* setup({ key })
        server.route("POST", "/v1/chat/completions", Answers.json(status, body))
        const outcome = yield* collect(adapter.streamChat(target, chatRequest("nope")))
        const error = errorOf(outcome)
        expect(outcome.events).toHaveLength(0)
        expect(error.reason).toBe(reason)
        expect(error.status).toBe(status)
        expect(error.detail).toBe(body.error.message.split(key).join("[redacted]"))
        expectScrubbed(error, chatUrl(server))
      }).pipe(Effect.provide(HttpClientLive))
    )
  }

  it.scopedLive("429 with Retry-After is RateLimit with retryAfterMs", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ key })
      server.route(
        "POST",
        "/v1/chat/completions",
        Answers.json(
          429,
          {
            error: {
              message: `Rate limit reached for ${key} on requests per min.`,
              type: "requests",
              code: "rate_limit_exceeded"
            }
          },
          { "retry-after": "7" }
        )
      )
      const error = errorOf(yield* collect(adapter.streamChat(target, chatRequest("gpt-4o"))))
      expect(error.reason).toBe("RateLimit")
      expect(error.status).toBe(429)
      expect(error.retryAfterMs).toBe(7000)
      expect(error.retryable).toBe(true)
      expect(error.detail).toBe("Rate limit reached for [redacted] on requests per min.")
      expectScrubbed(error, chatUrl(server))
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a refused connection is Network with the URL and no status", () =>
    Effect.gen(function* () {
      const adapter = yield* OpenAiAdapter.make
      const url = yield* FakeUpstream.refusedUrl
      const error = errorOf(
        yield* collect(
          adapter.streamChat(target(provider({ type: "openai", baseUrl: url }), key), chatRequest("gpt-4o"))
        )
      )
      expect(error.reason).toBe("Network")
      expect(error.status).toBeUndefined()
      expect(error.detail).toMatch(/ECONNREFUSED|refused|fetch failed/i)
      expectScrubbed(error, `${url}/v1/chat/completions`)
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a connection cut mid-stream keeps the output, then fails with Network", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ key })
      server.route("POST", "/v1/chat/completions", Answers.cutAfter(chunk({ content: "Hel" })))
      const outcome = yield* collect(adapter.streamChat(target, chatRequest("gpt-4o")))
      const error = errorOf(outcome)
      expect(joined(outcome.events)).toBe("Hel")
      expect(error.reason).toBe("Network")
      expectScrubbed(error, chatUrl(server))
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a stream that ends without finish reason or [DONE] is Network (cut), not a silent success", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ key })
      server.route("POST", "/v1/chat/completions", Answers.endEarly(chunk({ content: "Hel" })))
      const outcome = yield* collect(adapter.streamChat(target, chatRequest("gpt-4o")))
      expect(joined(outcome.events)).toBe("Hel")
      expect(errorOf(outcome).reason).toBe("Network")
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("malformed JSON in the stream is InvalidOutput after the output before it", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ key })
      server.route("POST", "/v1/chat/completions", Answers.malformed(chunk({ content: "Hel" })))
      const outcome = yield* collect(adapter.streamChat(target, chatRequest("gpt-4o")))
      const error = errorOf(outcome)
      expect(joined(outcome.events)).toBe("Hel")
      expect(error.reason).toBe("InvalidOutput")
      expect(error.detail).toContain("{not json")
      expectScrubbed(error, chatUrl(server))
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive(
    "an error event inside a 200 stream takes its reason from type/code and keeps the message scrubbed",
    () =>
      Effect.gen(function* () {
        const { server, adapter, target } = yield* setup({ key })
        const event = {
          error: { message: `Rate limit exceeded for ${key}`, type: "tokens", code: "rate_limit_exceeded" }
        }
        server.route(
          "POST",
          "/v1/chat/completions",
          Answers.sse(`${chunk({ content: "a" })}data: ${JSON.stringify(event)}\n\n`)
        )
        const outcome = yield* collect(adapter.streamChat(target, chatRequest("gpt-4o")))
        const error = errorOf(outcome)
        expect(joined(outcome.events)).toBe("a")
        expect(error.reason).toBe("RateLimit")
        expect(error.detail).toBe("Rate limit exceeded for [redacted]")
      }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("usage on the finish chunk and repeated later is emitted once (the last), before Finish", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup()
      const withUsage = (usage: object, finish: string | null) =>
        `data: ${JSON.stringify({ choices: finish ? [{ index: 0, delta: {}, finish_reason: finish }] : [], usage })}\n\n`
      server.route(
        "POST",
        "/v1/chat/completions",
        Answers.sse(
          `${chunk({ content: "x" })}${withUsage({ prompt_tokens: 3, completion_tokens: 1 }, "stop")}${withUsage({ prompt_tokens: 3, completion_tokens: 2 }, null)}data: [DONE]\n\n`
        )
      )
      const events = yield* Stream.runCollect(adapter.streamChat(target, chatRequest("gpt-4o")))
      expect([...events].map((e) => e._tag)).toEqual(["TextDelta", "Usage", "Finish"])
      expect(ofTag([...events], "Usage")[0]).toMatchObject({ inputTokens: 3, outputTokens: 2 })
    }).pipe(Effect.provide(HttpClientLive))
  )
})

describe("OpenAiAdapter cancellation", () => {
  // The adapter has no timeout of its own (the core's Chat owns them): interrupting the consumer must close the
  // upstream connection, whatever state the request is in.
  const cases = [
    { name: "a hang (no status line)", handler: Answers.hang },
    {
      name: "a slow first byte",
      handler: Answers.slowFirstByte(60_000, Answers.sse("data: [DONE]\n\n"))
    },
    { name: "a stall after the first chunk", handler: Answers.stall(chunk({ content: "Hel" })) }
  ]
  for (const { name, handler } of cases) {
    it.scopedLive(`interrupting the consumer during ${name} closes the upstream connection`, () =>
      Effect.gen(function* () {
        const { server, adapter, target } = yield* setup({ key })
        server.route("POST", "/v1/chat/completions", handler)
        const fiber = yield* Effect.fork(Stream.runDrain(adapter.streamChat(target, chatRequest("gpt-4o"))))
        yield* server.awaitRequests(1)
        yield* Effect.sleep("50 millis")
        const exit = yield* Fiber.interrupt(fiber)
        expect(Exit.isInterrupted(exit)).toBe(true)
        yield* server.awaitAborted(1).pipe(Effect.timeout("3 seconds"))
        expect(server.stats().aborted).toBe(1)
      }).pipe(Effect.provide(HttpClientLive))
    )
  }

  it.scopedLive("after [DONE] the body is read to its end, not abandoned: nothing aborted, the connection reused", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ key })
      // The body ends a moment after [DONE], as when its last bytes travel in a later packet.
      server.route("POST", "/v1/chat/completions", (_request, res) => {
        res.writeHead(200, { "content-type": "text/event-stream" })
        res.write(`${chunk({ content: "hi" }, "stop")}data: [DONE]\n\n`)
        setTimeout(() => res.end(), 30)
      })
      for (let i = 0; i < 3; i++) yield* collect(adapter.streamChat(target, chatRequest("gpt-4o")))
      // Give an abort time to reach the server before counting.
      yield* Effect.sleep("50 millis")
      expect(server.requests()).toHaveLength(3)
      expect(server.stats().aborted).toBe(0)
      expect(server.stats().closed).toBe(0)
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("Finish arrives at [DONE] even when the server keeps the body open after it", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ key })
      server.route("POST", "/v1/chat/completions", Answers.stall(`${chunk({ content: "hi" }, "stop")}data: [DONE]\n\n`))
      const events = yield* adapter.streamChat(target, chatRequest("gpt-4o")).pipe(
        Stream.takeUntil((event) => event._tag === "Finish"),
        Stream.runCollect,
        Effect.timeout("3 seconds")
      )
      expect([...events].map((event) => event._tag)).toEqual(["TextDelta", "Finish"])
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a consumer that stops early (Stream.take) closes the upstream connection too", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ key })
      server.route("POST", "/v1/chat/completions", Answers.stall(chunk({ content: "Hel" })))
      const events = yield* Stream.runCollect(Stream.take(adapter.streamChat(target, chatRequest("gpt-4o")), 1))
      expect(joined([...events])).toBe("Hel")
      yield* server.awaitAborted(1).pipe(Effect.timeout("3 seconds"))
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("Effect.timeout on the consumer ends within its time and closes the upstream connection", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ key })
      server.route("POST", "/v1/chat/completions", Answers.stall(chunk({ content: "Hel" })))
      const started = Date.now()
      const result = yield* Stream.runCollect(adapter.streamChat(target, chatRequest("gpt-4o"))).pipe(
        Effect.timeout("300 millis"),
        Effect.either
      )
      expect(result._tag).toBe("Left")
      expect(Date.now() - started).toBeLessThan(2000)
      yield* server.awaitAborted(1).pipe(Effect.timeout("3 seconds"))
    }).pipe(Effect.provide(HttpClientLive))
  )
})
