/**
 * The relay (a Chat Completions request passed on as its client wrote it) through `OpenAiAdapter.make` and
 * `AzureAdapter.make`, against real local servers: the exact request sent (the client's body with the provider's
 * model, or none on an Azure deployment URL; the key and the custom headers), the upstream's bytes handed back
 * unchanged and as they arrive, non-2xx answers and transport failures as `ProviderError`s, the first-byte and idle
 * timeouts on the headers and on the body, and interruption closing the upstream request.
 */
import { gunzipSync, gzipSync } from "node:zlib"
import type { Readable } from "node:stream"
import { describe, expect, it } from "@effect/vitest"
import { ProviderError } from "@switchboard/core/domain/Errors"
import { Provider } from "@switchboard/core/domain/Provider"
import type { AdapterTarget, ProviderAdapter, RelayRequest, RelayResponse } from "@switchboard/core/ProviderAdapter"
import { Timeouts } from "@switchboard/core/domain/Timeouts"
import { Effect, Exit, Fiber } from "effect"
import * as AzureAdapter from "../../src/azure/AzureAdapter"
import * as OpenAiAdapter from "../../src/openai/OpenAiAdapter"
import { HttpClientLive, provider, target } from "../support/Fixtures"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"

const key = "sk-proj-Abcdefghijklmnop0123456789"
/** Not shaped like a key, so only the call's own key scrubbing can hide it. */
const azureKey = "0123456789abcdef0123456789abcdef"

/** What a client sends the gateway: fields the neutral `ChatRequest` does not know must reach the upstream too. */
const clientBody = {
  model: "the-alias-the-client-used",
  messages: [{ role: "user", content: "What is the weather in Paris?" }],
  tools: [
    {
      type: "function",
      function: {
        name: "get_weather",
        parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] }
      }
    }
  ],
  tool_choice: "auto",
  n: 2,
  response_format: { type: "json_object" },
  logprobs: true,
  temperature: 0.3
}

interface Setup {
  readonly key?: string
  readonly headers?: Record<string, string>
  readonly timeouts?: { readonly firstByteMs: number; readonly idleMs: number }
}

/** An upstream server and an OpenAI-compatible provider on it (default timeouts unless `timeouts` is given). */
const setup = (options: Setup = {}) =>
  Effect.gen(function* () {
    const server = yield* FakeUpstream.make
    const adapter = yield* OpenAiAdapter.make
    const base = provider({
      type: "openai",
      baseUrl: server.url,
      ...(options.headers === undefined ? {} : { headers: options.headers })
    })
    const openai =
      options.timeouts === undefined
        ? base
        : new Provider({ ...base, timeouts: new Timeouts({ ...base.timeouts, ...options.timeouts }) })
    return { server, adapter, target: target(openai, options.key), url: `${server.url}/v1/chat/completions` }
  })

/** The adapter's relay as the core runs it, an Effect: interrupting it aborts the signal the relay was given. */
const relay = (adapter: ProviderAdapter, target: AdapterTarget, request: RelayRequest) =>
  Effect.async<RelayResponse, ProviderError>((resume, signal) => {
    adapter.relays!["chat-completions"]!(target, request, signal).then(
      (response) => resume(Effect.succeed(response)),
      // The port promises a ProviderError and nothing else: anything else fails the test as a defect.
      (error: unknown) => resume(error instanceof ProviderError ? Effect.fail(error) : Effect.die(error))
    )
  })

interface Drained {
  readonly bytes: Buffer
  /** The error the body ended with, if it did not end cleanly. */
  readonly error: unknown
}

/** Reads a relayed body the way the gateway does (it resumes the paused stream), to its end or its error. */
const drain = (body: Readable): Effect.Effect<Drained> =>
  Effect.promise(async () => {
    const chunks: Array<Buffer> = []
    try {
      for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array))
      return { bytes: Buffer.concat(chunks), error: undefined }
    } catch (error) {
      return { bytes: Buffer.concat(chunks), error }
    }
  })

/** The `ProviderError` a body ended with; fails the test when it ended otherwise. */
const timeoutOf = (drained: Drained): ProviderError => {
  expect(drained.error).toBeInstanceOf(ProviderError)
  return drained.error as ProviderError
}

/** A promise the test resolves, so a handler can wait for the client to have seen something. */
const gate = () => {
  let open = () => {}
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return { open, opened }
}

const sseEvent = (data: object) => `data: ${JSON.stringify(data)}\n\n`

describe("relay: a 2xx answer", () => {
  it.scopedLive("sends the client's body with the provider's model, the key and the custom headers", () =>
    Effect.gen(function* () {
      const { server, adapter, target, url } = yield* setup({
        key,
        headers: { "X-Title": "Switchboard", "HTTP-Referer": "https://switchboard.test" }
      })
      // Multi-byte text, so "the same bytes" means bytes, not characters.
      const completion = JSON.stringify({
        id: "chatcmpl-1",
        object: "chat.completion",
        choices: [
          { index: 0, message: { role: "assistant", content: "Il fait beau à Paris ☀️" }, finish_reason: "stop" }
        ]
      })
      server.route("POST", "/v1/chat/completions", (_request, res) => {
        res.writeHead(200, {
          "content-type": "application/json; charset=utf-8",
          "content-length": String(Buffer.byteLength(completion)),
          "x-request-id": "req_123"
        })
        res.end(completion)
      })
      const response = yield* relay(adapter, target, { model: "gpt-4o-mini", body: clientBody })
      expect(response.status).toBe(200)
      expect(response.url).toBe(url)
      expect(response.headers).toEqual({
        "content-type": "application/json; charset=utf-8",
        "content-length": String(Buffer.byteLength(completion))
      })
      const drained = yield* drain(response.body)
      expect(drained.error).toBeUndefined()
      expect(drained.bytes.equals(Buffer.from(completion))).toBe(true)

      const sent = server.lastRequest()
      expect(sent.method).toBe("POST")
      expect(sent.url).toBe("/v1/chat/completions")
      expect(sent.body).toEqual({ ...clientBody, model: "gpt-4o-mini" })
      expect(sent.headers.authorization).toBe(`Bearer ${key}`)
      expect(sent.headers["x-title"]).toBe("Switchboard")
      expect(sent.headers["http-referer"]).toBe("https://switchboard.test")
      expect(sent.headers["content-type"]).toBe("application/json")
      expect(sent.headers.accept).toBe("application/json")
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a keyless provider sends no auth header; a chunked answer gets no content-length", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup()
      server.route("POST", "/v1/chat/completions", (_request, res) => {
        res.writeHead(200, { "content-type": "application/json" })
        res.write('{"id":"chatcmpl-2",')
        res.end('"choices":[]}')
      })
      const response = yield* relay(adapter, target, { model: "gpt2", body: { model: "gpt2", messages: [] } })
      expect(response.headers).toEqual({ "content-type": "application/json" })
      expect((yield* drain(response.body)).bytes.toString("utf8")).toBe('{"id":"chatcmpl-2","choices":[]}')
      const sent = server.lastRequest()
      expect(sent.headers).not.toHaveProperty("authorization")
      expect(sent.headers).not.toHaveProperty("api-key")
      expect(sent.body).toEqual({ model: "gpt2", messages: [] })
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a stream's SSE bytes come through unchanged, in order, as they arrive", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ key })
      const first = sseEvent({ choices: [{ index: 0, delta: { role: "assistant", content: "" } }] })
      const rest = [
        sseEvent({ choices: [{ index: 0, delta: { content: "Grüße, " } }] }),
        sseEvent({ choices: [{ index: 0, delta: { content: "👋 world" }, finish_reason: "stop" }] }),
        "data: [DONE]\n\n"
      ].join("")
      // The rest is sent only once the client has read the first event: a relay that buffered would never finish.
      const firstRead = gate()
      server.route("POST", "/v1/chat/completions", async (_request, res) => {
        res.writeHead(200, { "content-type": "text/event-stream" })
        res.write(first)
        await firstRead.opened
        // 7-byte pieces split the multi-byte characters across writes.
        const bytes = Buffer.from(rest)
        for (let offset = 0; offset < bytes.length; offset += 7) {
          res.write(bytes.subarray(offset, offset + 7))
          await new Promise((resolve) => setTimeout(resolve, 2))
        }
        res.end()
      })
      const response = yield* relay(adapter, target, {
        model: "gpt-4o",
        body: { model: "gpt-4o", messages: [{ role: "user", content: "hi" }], stream: true }
      })
      expect(response.headers).toEqual({ "content-type": "text/event-stream" })
      const received = yield* Effect.promise(async () => {
        const chunks = response.body[Symbol.asyncIterator]()
        let head = Buffer.alloc(0)
        while (head.length < Buffer.byteLength(first)) {
          const next = await chunks.next()
          if (next.done === true) break
          head = Buffer.concat([head, next.value as Buffer])
        }
        const beforeRest = head.toString("utf8")
        firstRead.open()
        const tail: Array<Buffer> = []
        for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) tail.push(next.value)
        return { beforeRest, all: Buffer.concat([head, ...tail]) }
      }).pipe(Effect.timeout("3 seconds"))
      expect(received.beforeRest).toBe(first)
      expect(received.all.equals(Buffer.from(first + rest))).toBe(true)
      const sent = server.lastRequest()
      expect(sent.headers.accept).toBe("text/event-stream")
      expect(sent.body).toEqual({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }], stream: true })
    }).pipe(Effect.provide(HttpClientLive))
  )
})

describe("relay: failures before the answer", () => {
  const cases = [
    {
      status: 401,
      headers: {},
      body: {
        error: {
          message: `Incorrect API key provided: ${key}.`,
          type: "invalid_request_error",
          code: "invalid_api_key"
        }
      },
      expected: { reason: "Authentication", detail: "Incorrect API key provided: [redacted]." }
    },
    {
      status: 429,
      headers: { "retry-after": "2" },
      body: { error: { message: "Rate limit reached for requests", type: "requests", code: "rate_limit_exceeded" } },
      expected: { reason: "RateLimit", detail: "Rate limit reached for requests", retryAfterMs: 2000 }
    },
    {
      status: 500,
      headers: {},
      body: { error: { message: "The server had an error while processing your request.", type: "server_error" } },
      expected: { reason: "Upstream", detail: "The server had an error while processing your request." }
    },
    {
      status: 400,
      headers: {},
      body: { error: { message: "'messages' must not be empty.", type: "invalid_request_error", code: null } },
      expected: { reason: "InvalidRequest", detail: "'messages' must not be empty." }
    },
    {
      // The protocol's own reading of a 400 applies (vLLM answers a missing model with 400).
      status: 400,
      headers: {},
      body: { error: { message: "The model `gpt-5` does not exist", type: "NotFoundError", code: "model_not_found" } },
      expected: { reason: "NotFound", detail: "The model `gpt-5` does not exist" }
    }
  ]
  for (const { status, headers, body, expected } of cases) {
    it.scopedLive(`${status} is ${expected.reason} with the upstream's scrubbed message`, () =>
      Effect.gen(function* () {
        const { server, adapter, target, url } = yield* setup({ key })
        server.route("POST", "/v1/chat/completions", Answers.json(status, body, headers))
        const error = yield* Effect.flip(relay(adapter, target, { model: "gpt-4o", body: clientBody }))
        expect(error).toBeInstanceOf(ProviderError)
        expect({ reason: error.reason, status: error.status, detail: error.detail, url: error.url }).toEqual({
          reason: expected.reason,
          status,
          detail: expected.detail,
          url
        })
        expect(error.retryAfterMs).toBe(expected.retryAfterMs)
        expect(error.message).not.toContain(key)
      }).pipe(Effect.provide(HttpClientLive))
    )
  }

  it.scopedLive("a refused connection is Network, naming ECONNREFUSED and the chat URL", () =>
    Effect.gen(function* () {
      const adapter = yield* OpenAiAdapter.make
      const base = yield* FakeUpstream.refusedUrl
      const refused = target(provider({ type: "openai", baseUrl: base }), key)
      const error = yield* Effect.flip(relay(adapter, refused, { model: "gpt-4o", body: clientBody }))
      expect(error.reason).toBe("Network")
      expect(error.status).toBeUndefined()
      expect(error.detail).toContain("ECONNREFUSED")
      expect(error.url).toBe(`${base}/v1/chat/completions`)
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("no headers within firstByteMs is Timeout, and the upstream sees its request closed", () =>
    Effect.gen(function* () {
      const { server, adapter, target, url } = yield* setup({ key, timeouts: { firstByteMs: 300, idleMs: 5000 } })
      server.route("POST", "/v1/chat/completions", Answers.hang)
      const started = Date.now()
      const error = yield* Effect.flip(relay(adapter, target, { model: "gpt-4o", body: clientBody }))
      const waited = Date.now() - started
      expect(error).toMatchObject({ reason: "Timeout", url, detail: "No answer started within 300 ms." })
      expect(waited).toBeGreaterThanOrEqual(250)
      expect(waited).toBeLessThan(3000)
      yield* server.awaitAborted(1).pipe(Effect.timeout("3 seconds"))
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("interrupting the relay before the headers closes the upstream request", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ key })
      server.route("POST", "/v1/chat/completions", Answers.hang)
      const fiber = yield* Effect.fork(relay(adapter, target, { model: "gpt-4o", body: clientBody }))
      yield* server.awaitRequests(1)
      expect(server.stats().aborted).toBe(0)
      const exit = yield* Fiber.interrupt(fiber)
      expect(Exit.isInterrupted(exit)).toBe(true)
      yield* server.awaitAborted(1).pipe(Effect.timeout("3 seconds"))
      expect(server.stats().aborted).toBe(1)
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a signal aborted before sending sends nothing and rejects with a ProviderError", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ key })
      server.route("POST", "/v1/chat/completions", Answers.hang)
      const controller = new AbortController()
      controller.abort()
      const rejected = yield* Effect.promise(() =>
        adapter.relays!["chat-completions"]!(target, { model: "gpt-4o", body: clientBody }, controller.signal).then(
          () => undefined,
          (error: unknown) => error
        )
      )
      expect(rejected).toBeInstanceOf(ProviderError)
      expect(JSON.stringify(rejected)).not.toContain(key)
      yield* Effect.sleep("50 millis")
      expect(server.requests()).toEqual([])
    }).pipe(Effect.provide(HttpClientLive))
  )
})

describe("relay: a hostile error body", () => {
  it.scopedLive("an endless error body: a bounded message, and the rest is dropped with the request", () =>
    Effect.gen(function* () {
      const { server, adapter, target, url } = yield* setup({ key })
      server.route("POST", "/v1/chat/completions", Answers.endless(500, { opening: '{"error":{"message":"' }))
      const error = yield* Effect.flip(relay(adapter, target, { model: "gpt-4o", body: clientBody }))
      expect(error).toMatchObject({ reason: "Upstream", status: 500, url })
      expect(error.detail.length).toBeLessThanOrEqual(2000)
      yield* server.awaitAborted(1).pipe(Effect.timeout("3 seconds"))
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a 5xx whose body stalls: the status and what came, within idleMs, not never", () =>
    Effect.gen(function* () {
      const { server, adapter, target, url } = yield* setup({ key, timeouts: { firstByteMs: 300, idleMs: 300 } })
      const partial = '{"error":{"message":"overloaded'
      server.route("POST", "/v1/chat/completions", Answers.stall(partial, { "content-type": "application/json" }, 503))
      const started = Date.now()
      const error = yield* Effect.flip(relay(adapter, target, { model: "gpt-4o", body: clientBody }))
      const waited = Date.now() - started
      expect(error).toMatchObject({ reason: "Upstream", status: 503, url, detail: partial })
      expect(waited).toBeGreaterThanOrEqual(250)
      expect(waited).toBeLessThan(3000)
      yield* server.awaitAborted(1).pipe(Effect.timeout("3 seconds"))
    }).pipe(Effect.provide(HttpClientLive))
  )
})

describe("relay: the body's watchdog", () => {
  it.scopedLive("headers without a first body byte within firstByteMs: the body errors with Timeout", () =>
    Effect.gen(function* () {
      const { server, adapter, target, url } = yield* setup({ key, timeouts: { firstByteMs: 300, idleMs: 5000 } })
      server.route("POST", "/v1/chat/completions", Answers.stall())
      const started = Date.now()
      const response = yield* relay(adapter, target, { model: "gpt-4o", body: { ...clientBody, stream: true } })
      expect(response.status).toBe(200)
      const drained = yield* drain(response.body)
      const waited = Date.now() - started
      expect(drained.bytes.length).toBe(0)
      expect(timeoutOf(drained)).toMatchObject({ reason: "Timeout", url, detail: "No answer started within 300 ms." })
      expect(waited).toBeGreaterThanOrEqual(250)
      expect(waited).toBeLessThan(3000)
      yield* server.awaitAborted(1).pipe(Effect.timeout("3 seconds"))
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("silence beyond idleMs after a first chunk: the bytes so far, then Timeout (stalled)", () =>
    Effect.gen(function* () {
      // Both limits equal: a first-byte limit above the idle one delays the stall (see the known bug below).
      const { server, adapter, target, url } = yield* setup({ key, timeouts: { firstByteMs: 300, idleMs: 300 } })
      const prefix = sseEvent({ choices: [{ index: 0, delta: { content: "Hel" } }] })
      server.route("POST", "/v1/chat/completions", Answers.stall(prefix))
      const started = Date.now()
      const response = yield* relay(adapter, target, { model: "gpt-4o", body: { ...clientBody, stream: true } })
      const drained = yield* drain(response.body)
      const waited = Date.now() - started
      expect(drained.bytes.toString("utf8")).toBe(prefix)
      expect(timeoutOf(drained)).toMatchObject({
        reason: "Timeout",
        url,
        detail: "The answer stalled: nothing arrived within 300 ms."
      })
      expect(waited).toBeGreaterThanOrEqual(250)
      expect(waited).toBeLessThan(3000)
      yield* server.awaitAborted(1).pipe(Effect.timeout("3 seconds"))
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("an answer slower in total than both limits, but never silent that long, arrives whole", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ key, timeouts: { firstByteMs: 400, idleMs: 400 } })
      const events = Array.from({ length: 6 }, (_, i) =>
        sseEvent({ choices: [{ index: 0, delta: { content: `${i}` } }] })
      )
      server.route("POST", "/v1/chat/completions", async (_request, res) => {
        res.writeHead(200, { "content-type": "text/event-stream" })
        for (const event of events) {
          res.write(event)
          await new Promise((resolve) => setTimeout(resolve, 150))
        }
        res.end()
      })
      const started = Date.now()
      const response = yield* relay(adapter, target, { model: "gpt-4o", body: { ...clientBody, stream: true } })
      const drained = yield* drain(response.body)
      expect(Date.now() - started).toBeGreaterThan(800)
      expect(drained.error).toBeUndefined()
      expect(drained.bytes.toString("utf8")).toBe(events.join(""))
      expect(server.stats().aborted).toBe(0)
    }).pipe(Effect.provide(HttpClientLive))
  )
})

describe("relay: Azure OpenAI", () => {
  const setupAzure = (apiVersion: string) =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      const adapter = yield* AzureAdapter.make
      const azure = provider({ type: "azure-openai", baseUrl: server.url, apiVersion })
      return { server, adapter, target: target(azure, azureKey) }
    })

  it.scopedLive("deployment API: deployment in the path, api-version, api-key header, no model in the body", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setupAzure("2024-06-01")
      const answer = `${sseEvent({ choices: [], prompt_filter_results: [] })}data: [DONE]\n\n`
      server.route("POST", "/openai/deployments/my-gpt4o/chat/completions", Answers.sse(answer))
      const body = { ...clientBody, stream: true, stream_options: { include_usage: true } }
      const response = yield* relay(adapter, target, { model: "my-gpt4o", body })
      expect(response.url).toBe(`${server.url}/openai/deployments/my-gpt4o/chat/completions?api-version=2024-06-01`)
      expect((yield* drain(response.body)).bytes.toString("utf8")).toBe(answer)
      const sent = server.lastRequest()
      expect(sent.url).toBe("/openai/deployments/my-gpt4o/chat/completions?api-version=2024-06-01")
      expect(sent.headers["api-key"]).toBe(azureKey)
      expect(sent.headers).not.toHaveProperty("authorization")
      expect(sent.headers.accept).toBe("text/event-stream")
      const { model: _model, ...withoutModel } = body
      expect(sent.body).toEqual(withoutModel)
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("v1 API: /openai/v1/chat/completions without api-version, the model in the body", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setupAzure("v1")
      server.route("POST", "/openai/v1/chat/completions", Answers.json(200, { id: "chatcmpl-3", choices: [] }))
      const response = yield* relay(adapter, target, { model: "gpt-4o-mini", body: clientBody })
      expect(response.url).toBe(`${server.url}/openai/v1/chat/completions`)
      expect(JSON.parse((yield* drain(response.body)).bytes.toString("utf8"))).toEqual({
        id: "chatcmpl-3",
        choices: []
      })
      const sent = server.lastRequest()
      expect(sent.url).toBe("/openai/v1/chat/completions")
      expect(sent.headers["api-key"]).toBe(azureKey)
      expect(sent.body).toEqual({ ...clientBody, model: "gpt-4o-mini" })
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a 401 echoing the key is Authentication with the key scrubbed", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setupAzure("2024-06-01")
      server.fallback(Answers.json(401, { error: { code: "401", message: `Access denied for key ${azureKey}.` } }))
      const error = yield* Effect.flip(relay(adapter, target, { model: "my-gpt4o", body: clientBody }))
      expect(error).toMatchObject({
        reason: "Authentication",
        status: 401,
        detail: "Access denied for key [redacted]."
      })
      expect(error.url).toBe(`${server.url}/openai/deployments/my-gpt4o/chat/completions?api-version=2024-06-01`)
    }).pipe(Effect.provide(HttpClientLive))
  )
})

describe("relay: found by these tests, fixed", () => {
  // The first timer was armed for sentAt + firstByteMs and not re-armed at the first chunk.
  it.scopedLive("a stall after the first chunk ends after idleMs even when firstByteMs is longer", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ key, timeouts: { firstByteMs: 2000, idleMs: 300 } })
      server.route("POST", "/v1/chat/completions", Answers.stall(sseEvent({ choices: [] })))
      const started = Date.now()
      const response = yield* relay(adapter, target, { model: "gpt-4o", body: { ...clientBody, stream: true } })
      const drained = yield* drain(response.body)
      expect(timeoutOf(drained).detail).toBe("The answer stalled: nothing arrived within 300 ms.")
      expect(Date.now() - started).toBeLessThan(1500)
    }).pipe(Effect.provide(HttpClientLive))
  )

  // Custom headers and the key's were merged as typed: `Authorization` and `authorization` both went out, and Node
  // kept the first, the stale one.
  it.scopedLive("the key wins over a custom Authorization header", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ key, headers: { Authorization: "Bearer stale" } })
      server.route("POST", "/v1/chat/completions", Answers.json(200, {}))
      const response = yield* relay(adapter, target, { model: "gpt-4o", body: clientBody })
      yield* drain(response.body)
      expect(server.lastRequest().headers.authorization).toBe(`Bearer ${key}`)
    }).pipe(Effect.provide(HttpClientLive))
  )
})

describe("relay: what the reader does is not the upstream's silence", () => {
  it.scopedLive("a slow reader gets the whole answer, however long it pauses", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ key, timeouts: { firstByteMs: 300, idleMs: 300 } })
      const big = "x".repeat(4 * 1024 * 1024)
      server.route("POST", "/v1/chat/completions", Answers.text(200, big))
      const response = yield* relay(adapter, target, { model: "gpt-4o", body: clientBody })
      const read = yield* Effect.promise(async () => {
        let bytes = 0
        let pauses = 0
        try {
          for await (const chunk of response.body) {
            bytes += (chunk as Uint8Array).byteLength
            if (pauses++ < 3) await new Promise((resolve) => setTimeout(resolve, 400))
          }
          return { bytes, error: undefined }
        } catch (error) {
          return { bytes, error }
        }
      })
      expect(read.error).toBeUndefined()
      expect(read.bytes).toBe(big.length)
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("an answer read late is whole, and no timeout goes unhandled", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ key, timeouts: { firstByteMs: 300, idleMs: 300 } })
      server.route("POST", "/v1/chat/completions", Answers.json(200, { id: "chatcmpl-late" }))
      const response = yield* relay(adapter, target, { model: "gpt-4o", body: clientBody })
      yield* Effect.sleep("600 millis")
      const drained = yield* drain(response.body)
      expect(drained.error).toBeUndefined()
      expect(JSON.parse(drained.bytes.toString("utf8"))).toEqual({ id: "chatcmpl-late" })
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a compressed answer keeps its content-encoding, so the client can decode it", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ key })
      const packed = gzipSync(JSON.stringify({ id: "chatcmpl-gz" }))
      server.route("POST", "/v1/chat/completions", (_request, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" })
        res.end(packed)
      })
      const response = yield* relay(adapter, target, { model: "gpt-4o", body: clientBody })
      expect(response.headers["content-encoding"]).toBe("gzip")
      const drained = yield* drain(response.body)
      expect(JSON.parse(gunzipSync(drained.bytes).toString("utf8"))).toEqual({ id: "chatcmpl-gz" })
    }).pipe(Effect.provide(HttpClientLive))
  )
})
