/**
 * Request contract: what the OpenAI adapter sends is accepted by OpenAI's own spec, served by Prism (see
 * `@switchboard/testing/Prism` and `support/Contract.ts`): each request is captured on a local server, then sent
 * unchanged to Prism, which answers 422 to a body, header or query the spec rejects and 401 without auth.
 */
import { expect, layer } from "@effect/vitest"
import type { ChatRequest } from "@switchboard/core/domain/ChatRequest"
import { Effect, Stream } from "effect"
import * as OpenAiAdapter from "../../src/openai/OpenAiAdapter"
import { resend } from "../support/Contract"
import { chatRequest, HttpClientLive, provider, target } from "../support/Fixtures"
import * as Prism from "@switchboard/testing/Prism"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"

const key = "sk-contract-test-0123456789"

/** Runs one adapter call against a capturing server and returns the request it sent. */
const capture = (
  call: (adapter: Effect.Effect.Success<typeof OpenAiAdapter.make>, baseUrl: string) => Effect.Effect<unknown, unknown>
) =>
  Effect.gen(function* () {
    const server = yield* FakeUpstream.make
    server.fallback(Answers.sse("data: [DONE]\n\n"))
    server.route("GET", "/v1/models", Answers.json(200, { object: "list", data: [] }))
    const adapter = yield* OpenAiAdapter.make
    yield* Effect.ignore(call(adapter, server.url))
    return server.lastRequest()
  })

const chatCall = (request: ChatRequest) =>
  capture((adapter, baseUrl) =>
    Stream.runDrain(adapter.streamChat(target(provider({ type: "openai", baseUrl }), key), request))
  )

const requests = [
  { name: "minimal", request: chatRequest("gpt-4o-mini") },
  {
    name: "system prompt, max_tokens and temperature",
    request: chatRequest("gpt-4o", { system: "Be brief.", maxTokens: 16, temperature: 0.5 })
  },
  { name: "reasoning model with max_completion_tokens", request: chatRequest("o3-mini", { maxTokens: 16 }) }
]

layer(Prism.layer("openai"), { timeout: "120 seconds" })("OpenAI spec (Prism)", (it) => {
  it.scoped("Prism really validates: the captured request with a broken body gets 422", () =>
    Effect.gen(function* () {
      const { url } = yield* Prism.Prism
      const sent = yield* chatCall(chatRequest("gpt-4o"))
      const broken = { ...sent, rawBody: JSON.stringify({ ...(sent.body as object), messages: [{ role: "robot" }] }) }
      expect((yield* resend(broken, url)).status).toBe(422)
    }).pipe(Effect.provide(HttpClientLive))
  )

  for (const { name, request } of requests) {
    it.scoped(`chat request (${name}) is accepted`, () =>
      Effect.gen(function* () {
        const { url } = yield* Prism.Prism
        const answer = yield* resend(yield* chatCall(request), url)
        expect(answer).toMatchObject({ status: 200 })
      }).pipe(Effect.provide(HttpClientLive))
    )
  }

  it.scoped("the model list request is accepted and its answer decodes", () =>
    Effect.gen(function* () {
      const { url } = yield* Prism.Prism
      const sent = yield* capture((adapter, baseUrl) =>
        adapter.listModels(target(provider({ type: "openai", baseUrl }), key))
      )
      expect((yield* resend(sent, url)).status).toBe(200)
      const adapter = yield* OpenAiAdapter.make
      const models = yield* adapter.listModels(target(provider({ type: "openai", baseUrl: url }), key))
      expect(models.length).toBeGreaterThan(0)
    }).pipe(Effect.provide(HttpClientLive))
  )
})
