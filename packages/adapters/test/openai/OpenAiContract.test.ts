/**
 * Request contract: what the OpenAI adapter sends is accepted by OpenAI's own spec, served by Prism (see
 * `@switchboard/testing/Prism` and `support/Contract.ts`): each request is captured on a local server, then sent
 * unchanged to Prism, which answers 422 to a body, header or query the spec rejects and 401 without auth.
 */
import { expect, layer } from "@effect/vitest"
import { ChatRequest } from "@switchboard/core/domain/ChatRequest"
import { Effect, Stream } from "effect"
import * as OpenAiAdapter from "../../src/openai/OpenAiAdapter"
import { resend } from "../support/Contract"
import { chatRequest, HttpClientLive, provider, target } from "../support/Fixtures"
import * as Prism from "@switchboard/testing/Prism"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import { richRequests } from "./RichRequests"

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
  { name: "reasoning model with max_completion_tokens", request: chatRequest("o3-mini", { maxTokens: 16 }) },
  ...richRequests("gpt-4o"),
  {
    name: "a PDF file part and reasoning_effort",
    request: new ChatRequest({
      model: "o3-mini",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Summarise this." },
            { type: "file", source: { type: "base64", mediaType: "application/pdf", data: "JVBERi0xLjQK" } }
          ]
        }
      ],
      reasoning: { effort: "low" }
    })
  }
]

layer(Prism.layer("openai"), { timeout: "120 seconds" })("OpenAI spec (Prism)", (it) => {
  it.scoped("Prism really validates: the captured request with a broken body gets 422", () =>
    Effect.gen(function* () {
      const { url } = yield* Prism.Prism
      const sent = yield* chatCall(chatRequest("gpt-4o"))
      const broken = { ...sent, rawBody: JSON.stringify({ ...(sent.body as object), messages: [{ role: "robot" }] }) }
      expect((yield* resend(broken, url)).status).toBe(422)
      // It reads the new shapes too: a tool message without its call id, a tool without a function.
      const noCallId = { role: "tool", content: "21" }
      const brokenTool = { ...sent, rawBody: JSON.stringify({ ...(sent.body as object), messages: [noCallId] }) }
      expect((yield* resend(brokenTool, url)).status).toBe(422)
      const noFunction = { ...(sent.body as object), tools: [{ type: "function" }] }
      expect((yield* resend({ ...sent, rawBody: JSON.stringify(noFunction) }, url)).status).toBe(422)
    }).pipe(Effect.provide(HttpClientLive))
  )

  for (const { name, request } of requests) {
    it.scoped(`chat request (${name}) is accepted`, () =>
      Effect.gen(function* () {
        const { url } = yield* Prism.Prism
        const sent = yield* chatCall(request)
        // The request really went out (an unsendable one would leave nothing to check).
        expect(sent.method).toBe("POST")
        const answer = yield* resend(sent, url)
        expect(answer.status, answer.body).toBe(200)
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
