/**
 * Gemini's `embed` (`GeminiEmbeddings.ts`) against a real local server: the exact `batchEmbedContents` request (URL,
 * key header, body), the answer read into vectors in order, Google's errors read as every Gemini call reads them, the
 * answers that are not one (`InvalidOutput`), and the provider's timeouts before and during the answer.
 */
import { describe, expect, it } from "@effect/vitest"
import type { EmbeddingRequest, Embeddings } from "@switchboard/core/domain/Embeddings"
import { ProviderError } from "@switchboard/core/domain/Errors"
import { Provider } from "@switchboard/core/domain/Provider"
import { Timeouts } from "@switchboard/core/domain/Timeouts"
import type { AdapterTarget, OpenedEmbeddings, ProviderAdapter } from "@switchboard/core/ProviderAdapter"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import { Effect, Exit, Fiber } from "effect"
import * as GeminiAdapter from "../../src/gemini/GeminiAdapter"
import { maxEmbeddingsBytes } from "../../src/internal/BodyLimits"
import { HttpClientLive, provider, target } from "../support/Fixtures"

const key = "AIzaSyTestKey000000000000000000000"
const path = "/v1beta/models/text-embedding-004:batchEmbedContents"
const request: EmbeddingRequest = { model: "text-embedding-004", inputs: ["The quick brown fox", "jumps ¡über! 🦊"] }

const setup = (timeouts?: { readonly firstByteMs: number; readonly idleMs: number }) =>
  Effect.gen(function* () {
    const server = yield* FakeUpstream.make
    const adapter = yield* GeminiAdapter.make
    const base = provider({ type: "gemini", baseUrl: server.url, headers: { "X-Goog-User-Project": "switchboard" } })
    const gemini =
      timeouts === undefined
        ? base
        : new Provider({ ...base, timeouts: new Timeouts({ ...base.timeouts, ...timeouts }) })
    return { server, adapter, target: target(gemini, key), url: `${server.url}${path}` }
  })

/** The port's `embed` as an Effect: interrupting it aborts the request; only a `ProviderError` may reject it. */
const embed = (adapter: ProviderAdapter, target: AdapterTarget, asked: EmbeddingRequest = request) =>
  Effect.async<OpenedEmbeddings, ProviderError>((resume, signal) => {
    adapter.embed!(target, asked, signal).then(
      (opened) => resume(Effect.succeed(opened)),
      (error: unknown) => resume(error instanceof ProviderError ? Effect.fail(error) : Effect.die(error))
    )
  })

const read = (opened: OpenedEmbeddings) =>
  Effect.tryPromise({
    try: () => opened.read(),
    catch: (error) => {
      if (error instanceof ProviderError) return error
      throw error
    }
  })

const embedded = (adapter: ProviderAdapter, target: AdapterTarget, asked: EmbeddingRequest = request) =>
  Effect.flatMap(embed(adapter, target, asked), read)

const answer = (vectors: ReadonlyArray<ReadonlyArray<number>>) =>
  Answers.json(200, { embeddings: vectors.map((values) => ({ values })) })

describe("Gemini embed: the request", () => {
  it.scopedLive("one batchEmbedContents request: each text its own request, the key in its header, never the URL", () =>
    Effect.gen(function* () {
      const { server, adapter, target, url } = yield* setup()
      server.route("POST", path, answer([[0.1], [0.2]]))
      const opened = yield* embed(adapter, target, { ...request, dimensions: 256 })
      expect(opened.url).toBe(url)
      expect(opened.status).toBe(200)
      yield* read(opened)
      const sent = server.lastRequest()
      expect(sent.url).toBe(path)
      expect(sent.headers["x-goog-api-key"]).toBe(key)
      expect(sent.headers["x-goog-user-project"]).toBe("switchboard")
      expect(sent.headers.accept).toBe("application/json")
      expect(sent.headers["content-type"]).toBe("application/json")
      expect(sent.body).toEqual({
        requests: [
          {
            model: "models/text-embedding-004",
            content: { parts: [{ text: "The quick brown fox" }] },
            outputDimensionality: 256
          },
          {
            model: "models/text-embedding-004",
            content: { parts: [{ text: "jumps ¡über! 🦊" }] },
            outputDimensionality: 256
          }
        ]
      })
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("without dimensions, none is asked; a model named models/… is not named twice", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup()
      server.route("POST", "/v1beta/models/gemini-embedding-001:batchEmbedContents", answer([[1]]))
      yield* embedded(adapter, target, { model: "models/gemini-embedding-001", inputs: ["x"] })
      expect(server.lastRequest().body).toEqual({
        requests: [{ model: "models/gemini-embedding-001", content: { parts: [{ text: "x" }] } }]
      })
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("more than 100 texts is refused before sending, naming input", () =>
    Effect.gen(function* () {
      const { server, adapter, target, url } = yield* setup()
      const inputs = Array.from({ length: 101 }, (_, i) => `text ${i}`)
      const error = yield* Effect.flip(embed(adapter, target, { model: "text-embedding-004", inputs }))
      expect(error).toMatchObject({ reason: "InvalidRequest", param: "input", url })
      expect(error.detail).toContain("at most 100 texts in one request, and input has 101")
      expect(server.requests()).toEqual([])
      // 100 is still one request.
      server.route("POST", path, answer(inputs.slice(1).map(() => [0])))
      const hundred = yield* embedded(adapter, target, { model: "text-embedding-004", inputs: inputs.slice(1) })
      expect(hundred.vectors).toHaveLength(100)
    }).pipe(Effect.provide(HttpClientLive))
  )
})

describe("Gemini embed: the answer", () => {
  it.scopedLive("each vector in the order asked, the numbers as sent; extra fields ignored", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup()
      server.route(
        "POST",
        path,
        Answers.json(200, {
          embeddings: [{ values: [0.013168523, -0.008711934, 1e-7] }, { values: [-0.5, 0, 0.25], shape: [3] }]
        })
      )
      const embeddings: Embeddings = yield* embedded(adapter, target)
      expect(embeddings).toEqual({
        vectors: [
          [0.013168523, -0.008711934, 1e-7],
          [-0.5, 0, 0.25]
        ]
      })
    }).pipe(Effect.provide(HttpClientLive))
  )

  const broken: ReadonlyArray<readonly [string, FakeUpstream.Handler, string]> = [
    ["not JSON", Answers.text(200, "<html>oops</html>"), "unreadable embeddings answer"],
    ["no embeddings", Answers.json(200, {}), "unreadable embeddings answer"],
    [
      "a value that is not a number",
      Answers.json(200, { embeddings: [{ values: ["1"] }, { values: [2] }] }),
      "unreadable"
    ],
    ["fewer vectors than texts", answer([[0.1]]), "the embeddings answer has 1 vectors for 2 texts"],
    ["an empty vector", answer([[0.1], []]), "the embeddings answer's vector 1 is empty"]
  ]
  for (const [label, handler, detail] of broken) {
    it.scopedLive(`${label} is InvalidOutput`, () =>
      Effect.gen(function* () {
        const { server, adapter, target, url } = yield* setup()
        server.route("POST", path, handler)
        const error = yield* Effect.flip(embedded(adapter, target))
        expect(error).toMatchObject({ reason: "InvalidOutput", status: 200, url })
        expect(error.detail).toContain(detail)
      }).pipe(Effect.provide(HttpClientLive))
    )
  }

  it.scopedLive("an answer past the size limit is refused, and its connection dropped", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup()
      server.route("POST", path, Answers.endless(200, { opening: '{"embeddings":[{"values":[', piece: "0.5," }))
      const error = yield* Effect.flip(embedded(adapter, target))
      expect(error).toMatchObject({ reason: "InvalidOutput" })
      expect(error.detail).toContain(`exceeded ${maxEmbeddingsBytes} bytes`)
      yield* server.awaitAborted(1).pipe(Effect.timeout("5 seconds"))
    }).pipe(Effect.provide(HttpClientLive))
  )
})

describe("Gemini embed: failures", () => {
  it.scopedLive("a 400 API_KEY_INVALID is Authentication, with the key scrubbed from Google's message", () =>
    Effect.gen(function* () {
      const { server, adapter, target, url } = yield* setup()
      server.route(
        "POST",
        path,
        Answers.json(400, {
          error: {
            code: 400,
            message: `API key not valid: ${key}`,
            status: "INVALID_ARGUMENT",
            details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID" }]
          }
        })
      )
      const error = yield* Effect.flip(embed(adapter, target))
      expect(error).toMatchObject({ reason: "Authentication", status: 400, code: "API_KEY_INVALID", url })
      expect(error.message).not.toContain(key)
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a 429 is RateLimit with Google's retry delay", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup()
      server.route(
        "POST",
        path,
        Answers.json(429, {
          error: {
            code: 429,
            message: "Quota exceeded",
            status: "RESOURCE_EXHAUSTED",
            details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "12s" }]
          }
        })
      )
      const error = yield* Effect.flip(embed(adapter, target))
      expect(error).toMatchObject({ reason: "RateLimit", status: 429, retryAfterMs: 12_000 })
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("no answer within firstByteMs is Timeout, and the upstream sees its request closed", () =>
    Effect.gen(function* () {
      const { server, adapter, target, url } = yield* setup({ firstByteMs: 300, idleMs: 5000 })
      server.route("POST", path, Answers.hang)
      const error = yield* Effect.flip(embed(adapter, target))
      expect(error).toMatchObject({ reason: "Timeout", url, detail: "No answer started within 300 ms." })
      yield* server.awaitAborted(1).pipe(Effect.timeout("3 seconds"))
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("an answer that stalls after its first bytes is Timeout when read", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ firstByteMs: 300, idleMs: 300 })
      server.route("POST", path, Answers.stall('{"embeddings":[', { "content-type": "application/json" }))
      const error = yield* Effect.flip(embedded(adapter, target))
      expect(error).toMatchObject({ reason: "Timeout", detail: "The answer stalled: nothing arrived within 300 ms." })
      yield* server.awaitAborted(1).pipe(Effect.timeout("3 seconds"))
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("an answer cut mid-body is Network", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup()
      server.route(
        "POST",
        path,
        Answers.cutAfter('{"embeddings":[{"values":[0.1', { "content-type": "application/json" })
      )
      const error = yield* Effect.flip(embedded(adapter, target))
      expect(error).toMatchObject({ reason: "Network", status: 200 })
      expect(error.detail).toContain("cut before the embeddings answer ended")
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a read its consumer stops (the server shutting down) ends with the consumer's own reason", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup()
      server.route("POST", path, Answers.stall('{"embeddings":[', { "content-type": "application/json" }))
      const opened = yield* embed(adapter, target)
      const reading = opened.read()
      const reason = new Error("shutting down")
      opened.body.destroy(reason)
      const ended = yield* Effect.promise(() =>
        reading.then(
          () => undefined,
          (error: unknown) => error
        )
      )
      expect(ended).toBe(reason)
      yield* server.awaitAborted(1).pipe(Effect.timeout("3 seconds"))
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("interrupting the call before the answer closes the upstream request", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup()
      server.route("POST", path, Answers.hang)
      const fiber = yield* Effect.fork(embed(adapter, target))
      yield* server.awaitRequests(1)
      expect(Exit.isInterrupted(yield* Fiber.interrupt(fiber))).toBe(true)
      yield* server.awaitAborted(1).pipe(Effect.timeout("3 seconds"))
    }).pipe(Effect.provide(HttpClientLive))
  )
})
