/**
 * The Anthropic adapter's relays (a client's Messages request, and its token count, passed on as written) against a
 * real local server: the exact request sent (the client's body with the provider's model, the key in `x-api-key`, the
 * version and betas the client or the provider asked for), a recorded stream's bytes handed back unchanged, and an
 * Anthropic error body read as the `ProviderError` it means. Timeouts and aborts are the shared relay's
 * (`openai/Relay.test.ts`).
 */
import type { Readable } from "node:stream"
import { describe, expect, it } from "@effect/vitest"
import { ProviderError } from "@switchboard/core/domain/Errors"
import type {
  AdapterTarget,
  ClientProtocol,
  ProviderAdapter,
  RelayRequest,
  RelayResponse
} from "@switchboard/core/ProviderAdapter"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import { frame, readRecorded } from "@switchboard/testing/Recorded"
import { Effect } from "effect"
import * as AnthropicAdapter from "../../src/anthropic/AnthropicAdapter"
import { HttpClientLive, provider, target } from "../support/Fixtures"

const key = "sk-ant-api03-relay-test-key-0123456789"

/** What a client writes: fields no neutral request knows (cache control, server tools, a beta's own field). */
const clientBody = {
  model: "claude/the-alias",
  max_tokens: 256,
  system: [{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral" } }],
  messages: [{ role: "user", content: "What is the weather in Paris?" }],
  tools: [{ type: "web_search_20250305", name: "web_search", max_uses: 2 }],
  context_management: { edits: [{ type: "clear_tool_uses_20250919" }] }
}

const setup = (options: { readonly headers?: Record<string, string>; readonly baseUrl?: string } = {}) =>
  Effect.gen(function* () {
    const server = yield* FakeUpstream.make
    const adapter = yield* AnthropicAdapter.make
    const anthropic = provider({
      type: "anthropic",
      baseUrl: options.baseUrl ?? server.url,
      ...(options.headers === undefined ? {} : { headers: options.headers })
    })
    return { server, adapter, target: target(anthropic, key) }
  })

/** The adapter's relay for `protocol`, as an Effect failing only with a `ProviderError`. */
const relay = (adapter: ProviderAdapter, protocol: ClientProtocol, to: AdapterTarget, request: RelayRequest) =>
  Effect.async<RelayResponse, ProviderError>((resume, signal) => {
    adapter.relays![protocol]!(to, request, signal).then(
      (response) => resume(Effect.succeed(response)),
      (error: unknown) => resume(error instanceof ProviderError ? Effect.fail(error) : Effect.die(error))
    )
  })

const drain = (body: Readable) =>
  Effect.promise(async () => {
    const chunks: Array<Buffer> = []
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array))
    return Buffer.concat(chunks)
  })

describe("AnthropicAdapter relays", () => {
  it.scopedLive("sends the client's Messages body with the provider's model, the key and the default version", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ headers: { "X-Team": "search" } })
      server.route("POST", "/v1/messages", Answers.json(200, { type: "message" }))
      yield* relay(adapter, "messages", target, { model: "claude-sonnet-4-5", body: clientBody })
      const sent = server.lastRequest()
      expect(sent.body).toEqual({ ...clientBody, model: "claude-sonnet-4-5" })
      expect(sent.headers).toMatchObject({
        "x-api-key": key,
        "anthropic-version": "2023-06-01",
        "x-team": "search",
        accept: "application/json",
        "content-type": "application/json"
      })
      expect(sent.headers.authorization).toBeUndefined()
      expect(sent.headers["anthropic-beta"]).toBeUndefined()
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("passes the client's version over the provider's, and adds its betas to the provider's", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({
        headers: { "anthropic-version": "2023-01-01", "anthropic-beta": "prompt-caching-2024-07-31" }
      })
      server.route("POST", "/v1/messages", Answers.json(200, { type: "message" }))
      const headers = { "anthropic-version": "2023-06-01", "anthropic-beta": "context-management-2025-06-27" }
      yield* relay(adapter, "messages", target, { model: "m", body: { ...clientBody, stream: true }, headers })
      expect(server.lastRequest().headers).toMatchObject({
        "anthropic-version": "2023-06-01",
        "anthropic-beta": "prompt-caching-2024-07-31,context-management-2025-06-27",
        accept: "text/event-stream"
      })
      // The prepared headers are not changed by one request's: the next request without any gets the provider's.
      yield* relay(adapter, "messages", target, { model: "m", body: clientBody })
      expect(server.lastRequest().headers).toMatchObject({
        "anthropic-version": "2023-01-01",
        "anthropic-beta": "prompt-caching-2024-07-31"
      })
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("hands a recorded stream's bytes back unchanged", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup()
      const recorded = frame(readRecorded("anthropic/anthropic-clear-thinking.1.chunks.txt"), "anthropic")
      server.route("POST", "/v1/messages", Answers.sse(recorded, { chunkBytes: 97 }))
      const response = yield* relay(adapter, "messages", target, { model: "m", body: { ...clientBody, stream: true } })
      expect(response.status).toBe(200)
      expect(response.headers["content-type"]).toBe("text/event-stream")
      expect((yield* drain(response.body)).toString("utf8")).toBe(recorded)
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("sends a token count to count_tokens beside the Messages URL, the base URL's query kept", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      const { adapter, target } = yield* setup({ baseUrl: `${server.url}/gateway/v1?team=a` })
      server.route("POST", "/gateway/v1/messages/count_tokens", Answers.json(200, { input_tokens: 42 }))
      const { model: _model, max_tokens: _max, ...countBody } = clientBody
      const response = yield* relay(adapter, "count-tokens", target, { model: "claude-haiku", body: countBody })
      expect(JSON.parse((yield* drain(response.body)).toString("utf8"))).toEqual({ input_tokens: 42 })
      const sent = server.lastRequest()
      expect(sent.url).toBe("/gateway/v1/messages/count_tokens?team=a")
      expect(sent.body).toEqual({ ...countBody, model: "claude-haiku" })
      expect(sent.headers["x-api-key"]).toBe(key)
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("reads an Anthropic error body as its reason, with the upstream's words and no key", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup()
      server.route(
        "POST",
        "/v1/messages",
        Answers.json(529, { type: "error", error: { type: "overloaded_error", message: `Overloaded (${key})` } })
      )
      const error = yield* Effect.flip(relay(adapter, "messages", target, { model: "m", body: clientBody }))
      expect(error).toBeInstanceOf(ProviderError)
      expect(error).toMatchObject({ reason: "Upstream", status: 529, code: "overloaded_error" })
      expect(JSON.stringify(error)).not.toContain(key)
      expect(error.message).not.toContain(key)
    }).pipe(Effect.provide(HttpClientLive))
  )
})
