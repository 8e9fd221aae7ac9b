/**
 * Request contract: what the Gemini adapter sends is accepted by Google's own OpenAPI export, served by Prism over a
 * copy fixed as `prism.md` says (`model` no longer required in the body). Each request is captured on a local server
 * and sent unchanged to Prism (`support/Contract.ts`; only `accept` becomes JSON, since Prism cannot stream). The
 * streaming endpoint itself is checked, `?alt=sse` included: the export names its query parameter `$alt`, so Prism
 * does not judge `alt` (its enum `json|media|proto` lacks `sse`, which the real API accepts).
 */
import { expect, layer } from "@effect/vitest"
import type { ChatRequest } from "@switchboard/core/domain/ChatRequest"
import { Effect, Stream } from "effect"
import * as GeminiAdapter from "../../src/gemini/GeminiAdapter"
import { resend } from "../support/Contract"
import * as Fixtures from "../support/Fixtures"
import * as Prism from "@switchboard/testing/Prism"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"

const key = "AIzaSyCONTRACTKEY0123456789abcdefghij"

/** Runs one adapter call against a capturing server and returns the request it sent. */
const capture = (
  call: (adapter: Effect.Effect.Success<typeof GeminiAdapter.make>, baseUrl: string) => Effect.Effect<unknown, unknown>
) =>
  Effect.gen(function* () {
    const server = yield* FakeUpstream.make
    server.fallback(Answers.replay("gemini/streaming-success-basic-reply-short.txt", "sse"))
    server.route("GET", "/v1beta/models", Answers.json(200, { models: [] }))
    const adapter = yield* GeminiAdapter.make
    yield* Effect.ignore(call(adapter, server.url))
    return server.lastRequest()
  })

const chatCall = (request: ChatRequest) =>
  capture((adapter, baseUrl) =>
    Stream.runDrain(adapter.streamChat(Fixtures.target(Fixtures.provider({ type: "gemini", baseUrl }), key), request))
  )

const requests = [
  { name: "minimal", request: Fixtures.chatRequest("gemini-2.5-flash") },
  {
    name: "systemInstruction, maxOutputTokens and temperature",
    request: Fixtures.chatRequest("gemini-2.5-flash", { system: "Be brief.", maxTokens: 16, temperature: 0.5 })
  }
]

layer(Prism.layer("gemini"), { timeout: "120 seconds" })("Gemini spec (Prism)", (it) => {
  it.scoped("Prism really validates: the captured request with a broken body gets 422", () =>
    Effect.gen(function* () {
      const { url } = yield* Prism.Prism
      const sent = yield* chatCall(Fixtures.chatRequest("gemini-2.5-flash", { maxTokens: 16 }))
      const broken = {
        ...sent,
        rawBody: JSON.stringify({ ...(sent.body as object), generationConfig: { maxOutputTokens: "many" } })
      }
      expect((yield* resend(broken, url)).status).toBe(422)
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  for (const { name, request } of requests) {
    it.scoped(`streamGenerateContent request (${name}) is accepted`, () =>
      Effect.gen(function* () {
        const { url } = yield* Prism.Prism
        const sent = yield* chatCall(request)
        expect(sent.path).toBe("/v1beta/models/gemini-2.5-flash:streamGenerateContent")
        const answer = yield* resend(sent, url)
        expect(answer.status, answer.body).toBe(200)
      }).pipe(Effect.provide(Fixtures.HttpClientLive))
    )
  }

  it.scoped("the model list request is accepted", () =>
    Effect.gen(function* () {
      const { url } = yield* Prism.Prism
      const sent = yield* capture((adapter, baseUrl) =>
        adapter.listModels(Fixtures.target(Fixtures.provider({ type: "gemini", baseUrl }), key))
      )
      expect(sent.path).toBe("/v1beta/models")
      const answer = yield* resend(sent, url)
      expect(answer.status, answer.body).toBe(200)
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )
})
