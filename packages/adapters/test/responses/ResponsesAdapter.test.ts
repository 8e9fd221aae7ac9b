/**
 * The Responses adapter against real local servers: its model list (OpenAI's, every page), a refusal in OpenAI's
 * words, a whole chat with the fake provider speaking the Responses API (text, reasoning, tool calls, streamed and
 * whole), and the relay of a client's own Responses request: the body sent as written but for `model`, the bytes
 * back unchanged, and a refusal as a `ProviderError`.
 */
import type { Readable } from "node:stream"
import { describe, expect, it } from "@effect/vitest"
import { ChatRequest, textMessage } from "@switchboard/core/domain/ChatRequest"
import { ProviderError } from "@switchboard/core/domain/Errors"
import type { AdapterTarget, ProviderAdapter, RelayRequest } from "@switchboard/core/ProviderAdapter"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeProvider from "@switchboard/testing/FakeProvider"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import * as Embedded from "@switchboard/core/Embedded"
import { Providers } from "@switchboard/core/Providers"
import { Effect, Layer } from "effect"
import * as Adapters from "../../src/Adapters"
import * as ResponsesAdapter from "../../src/responses/ResponsesAdapter"
import { toolCalls } from "../anthropic/Harness"
import { collect, errorOf, joined, ofTag } from "../support/Chat"
import { chatRequest, HttpClientLive, provider, target } from "../support/Fixtures"

const key = "sk-proj-Abcdefghijklmnop0123456789"

/** A fake provider speaking the Responses API, shut down with the test's scope. */
const fakeProvider = (options: FakeProvider.ProviderOptions) =>
  Effect.acquireRelease(
    Effect.promise(() => FakeProvider.start({ protocol: "responses", ...options })),
    (fake) => Effect.promise(() => fake.close())
  )

const targetOn = (url: string, apiKey?: string) => target(provider({ type: "openai-responses", baseUrl: url }), apiKey)

/** The adapter's relay as the gateway calls it, outside a fiber. */
const relay = (adapter: ProviderAdapter, to: AdapterTarget, request: RelayRequest) =>
  Effect.tryPromise({
    try: () => adapter.relays!.responses!(to, request, new AbortController().signal),
    catch: (error) => {
      // The port promises a ProviderError and nothing else.
      expect(error).toBeInstanceOf(ProviderError)
      return error as ProviderError
    }
  })

const drain = (body: Readable) =>
  Effect.promise(async () => {
    const chunks: Array<Buffer> = []
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array))
    return Buffer.concat(chunks)
  })

describe("ResponsesAdapter models", () => {
  it.scopedLive("lists OpenAI's /v1/models with Bearer, following pages", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route("GET", "/v1/models", (request, res) => {
        const page = new URL(request.url, "http://x").searchParams.get("after") === null
        res.writeHead(200, { "content-type": "application/json" })
        res.end(
          JSON.stringify(
            page
              ? { object: "list", data: [{ id: "o3-pro", owned_by: "system" }], has_more: true, last_id: "o3-pro" }
              : { object: "list", data: [{ id: "gpt-5-codex" }], has_more: false }
          )
        )
      })
      const adapter = yield* ResponsesAdapter.make
      const models = yield* adapter.listModels(targetOn(`${server.url}/v1/responses`, key))
      expect(models.map((model) => model.id)).toEqual(["o3-pro", "gpt-5-codex"])
      expect(server.requests().map((request) => request.url)).toEqual(["/v1/models", "/v1/models?after=o3-pro"])
      expect(server.lastRequest().headers.authorization).toBe(`Bearer ${key}`)
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a refused key is Authentication with OpenAI's own words and code, the key nowhere", () =>
    Effect.gen(function* () {
      const fake = yield* fakeProvider({ key: "sk-the-right-key-000000" })
      const adapter = yield* ResponsesAdapter.make
      const error = yield* Effect.flip(adapter.listModels(targetOn(fake.url, key)))
      expect([error.reason, error.status, error.url]).toEqual(["Authentication", 401, `${fake.url}/v1/models`])
      expect(error.detail).toContain("Incorrect API key provided")
      const chat = yield* collect(adapter.streamChat(targetOn(fake.url, key), chatRequest("gpt-5")))
      expect(errorOf(chat)).toMatchObject({ reason: "Authentication", url: `${fake.url}/v1/responses` })
      expect(JSON.stringify(errorOf(chat))).not.toContain(key)
    }).pipe(Effect.provide(HttpClientLive))
  )
})

describe("ResponsesAdapter chat with a Responses server", () => {
  const answer: FakeProvider.Behaviour = {
    kind: "answer",
    pieces: ["Checking", " the weather."],
    reasoning: "The user wants Paris.",
    toolCalls: [{ id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' }]
  }
  const request = new ChatRequest({ model: "gpt-5", messages: [textMessage("user", "Weather in Paris?")] })

  it.scopedLive("streamed: reasoning, text, the call with its arguments in pieces, usage, tool_calls", () =>
    Effect.gen(function* () {
      const fake = yield* fakeProvider({ behaviour: answer, key })
      const adapter = yield* ResponsesAdapter.make
      const outcome = yield* collect(adapter.streamChat(targetOn(fake.url, key), request))
      expect(outcome.error._tag).toBe("None")
      expect(joined(outcome.events, "ReasoningDelta")).toBe("The user wants Paris.")
      expect(joined(outcome.events)).toBe("Checking the weather.")
      expect(toolCalls(outcome.events)).toEqual([
        { id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}', ended: true }
      ])
      expect(ofTag(outcome.events, "ToolCallDelta")).toHaveLength(2)
      expect(ofTag(outcome.events, "Usage")).toEqual([expect.objectContaining({ inputTokens: 7, outputTokens: 2 })])
      expect(ofTag(outcome.events, "Finish")).toEqual([expect.objectContaining({ reason: "tool_calls" })])
      expect(fake.chats()).toEqual([expect.objectContaining({ model: "gpt-5", stream: true })])
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("whole (openAnswer, stream: false): the same events from one response", () =>
    Effect.gen(function* () {
      const fake = yield* fakeProvider({ behaviour: answer })
      const adapter = yield* ResponsesAdapter.make
      const opened = yield* Effect.promise(() =>
        adapter.openAnswer!(targetOn(fake.url), request, new AbortController().signal, { stream: false })
      )
      expect(opened.headers["content-type"]).toContain("application/json")
      const events: Parameters<typeof opened.reader.push>[1] = []
      const text = (yield* drain(opened.body)).toString("utf8")
      expect(opened.reader.push(text, events) ?? opened.reader.end(events)).toBeUndefined()
      expect(joined(events)).toBe("Checking the weather.")
      expect(joined(events, "ReasoningDelta")).toBe("The user wants Paris.")
      expect(toolCalls(events)).toEqual([
        { id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}', ended: true }
      ])
      expect(fake.chats()).toEqual([expect.objectContaining({ stream: false })])
    }).pipe(Effect.provide(HttpClientLive))
  )
})

describe("ResponsesAdapter relays.responses", () => {
  /** A client's Responses request, with fields the neutral request does not know: they must all arrive. */
  const clientBody = {
    model: "the-alias-the-client-used",
    input: [{ role: "user", content: [{ type: "input_text", text: "Où est la tour Eiffel ?" }] }],
    tools: [{ type: "web_search" }],
    previous_response_id: "resp_prev",
    truncation: "auto",
    include: ["web_search_call.action.sources"],
    stream: true
  }

  it.scopedLive("sends the body as written but for model, with Bearer, and hands back the bytes unchanged", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      const stream = 'event: response.created\ndata: {"type":"response.created","response":{"id":"r","x":"é ☀"}}\n\n'
      server.route("POST", "/v1/responses", Answers.sse(stream, { chunkBytes: 5 }))
      const adapter = yield* ResponsesAdapter.make
      const to = target(
        provider({ type: "openai-responses", baseUrl: server.url, headers: { "OpenAI-Project": "proj_1" } }),
        key
      )
      const response = yield* relay(adapter, to, { model: "o3-pro", body: clientBody })
      expect(response.status).toBe(200)
      expect(response.url).toBe(`${server.url}/v1/responses`)
      expect(response.headers["content-type"]).toBe("text/event-stream")
      expect((yield* drain(response.body)).equals(Buffer.from(stream))).toBe(true)
      const sent = server.lastRequest()
      expect(sent.body).toEqual({ ...clientBody, model: "o3-pro" })
      expect(sent.headers.authorization).toBe(`Bearer ${key}`)
      expect(sent.headers["openai-project"]).toBe("proj_1")
      expect(sent.headers.accept).toBe("text/event-stream")
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a complete request asks for JSON; a keyless provider sends no auth header", () =>
    Effect.gen(function* () {
      const fake = yield* fakeProvider({ behaviour: { kind: "answer", pieces: ["ok"] } })
      const adapter = yield* ResponsesAdapter.make
      const body = { model: "x", input: "Hi", store: false }
      const response = yield* relay(adapter, targetOn(fake.url), { model: "gpt-5", body })
      const answer = JSON.parse((yield* drain(response.body)).toString("utf8"))
      expect(answer).toMatchObject({ object: "response", status: "completed", model: "gpt-5" })
      const sent = fake.lastRequest()
      expect(sent.headers.accept).toBe("application/json")
      expect(sent.headers).not.toHaveProperty("authorization")
      expect(sent.body).toEqual({ ...body, model: "gpt-5" })
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a refusal rejects with the ProviderError OpenAI's body says", () =>
    Effect.gen(function* () {
      const fake = yield* fakeProvider({
        behaviour: {
          kind: "status",
          status: 400,
          body: { error: { message: "Unknown parameter: 'bogus'.", type: "invalid_request_error", param: "bogus" } }
        }
      })
      const adapter = yield* ResponsesAdapter.make
      const error = yield* Effect.flip(relay(adapter, targetOn(fake.url, key), { model: "gpt-5", body: { bogus: 1 } }))
      expect(error).toMatchObject({ reason: "InvalidRequest", status: 400, param: "bogus" })
      expect(error.detail).toBe("Unknown parameter: 'bogus'.")
    }).pipe(Effect.provide(HttpClientLive))
  )
})

describe("Verify on an openai-responses provider", () => {
  const core = Embedded.layerMemory(Adapters.layer.pipe(Layer.provide(HttpClientLive)))

  it.scoped("lists the models, then generates with the chosen model over /v1/responses", () =>
    Effect.gen(function* () {
      const fake = yield* fakeProvider({ key, models: ["o3-pro"], behaviour: { kind: "answer", pieces: ["Hi"] } })
      const providers = yield* Providers
      const added = yield* providers.add({
        name: "Responses",
        type: "openai-responses",
        baseUrl: fake.url,
        apiKeys: [key]
      })
      const report = yield* providers.verify(added.id, { model: "o3-pro" })
      expect(report.ok).toBe(true)
      expect(report.results).toEqual([
        expect.objectContaining({ ok: true, stage: "generate", url: `${fake.url}/v1/responses` })
      ])
      expect(fake.requests().map((request) => `${request.method} ${request.path}`)).toEqual([
        "GET /v1/models",
        "POST /v1/responses"
      ])
      expect(fake.chats()[0]?.request.body).toMatchObject({ model: "o3-pro", max_output_tokens: 16, stream: true })
    }).pipe(Effect.provide(core))
  )
})
