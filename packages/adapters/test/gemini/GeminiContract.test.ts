/**
 * Request contract: what the Gemini adapter sends is accepted by Google's own OpenAPI export, served by Prism over a
 * copy fixed as `prism.md` says (`model` no longer required in the body). Each request is captured on a local server
 * and sent unchanged to Prism (`support/Contract.ts`; only `accept` becomes JSON, since Prism cannot stream). The
 * streaming endpoint itself is checked, `?alt=sse` included: the export names its query parameter `$alt`, so Prism
 * does not judge `alt` (its enum `json|media|proto` lacks `sse`, which the real API accepts).
 */
import { expect, layer } from "@effect/vitest"
import { ChatRequest, textMessage } from "@switchboard/core/domain/ChatRequest"
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

const model = "gemini-2.5-flash"
const weather = {
  name: "weather",
  description: "The weather in a city",
  parameters: {
    type: "object",
    properties: {
      city: { type: "string", description: "The city" },
      unit: { type: "string", enum: ["celsius", "fahrenheit"] },
      days: { type: "integer", minimum: 1, maximum: 7 }
    },
    required: ["city"],
    additionalProperties: false
  }
}

const requests = [
  { name: "minimal", request: Fixtures.chatRequest(model) },
  {
    name: "systemInstruction, maxOutputTokens and temperature",
    request: Fixtures.chatRequest(model, { system: "Be brief.", maxTokens: 16, temperature: 0.5 })
  },
  {
    name: "every sampling option",
    request: new ChatRequest({
      model,
      messages: [textMessage("user", "Hi")],
      topP: 0.9,
      topK: 40,
      stop: ["END"],
      seed: 7,
      presencePenalty: 0.1,
      frequencyPenalty: 0.2
    })
  },
  {
    name: "tools with toolConfig (one named tool), and a tool without parameters",
    request: new ChatRequest({
      model,
      messages: [textMessage("user", "Weather in Paris?")],
      tools: [weather, { name: "now", parameters: { type: "object", properties: {} } }],
      toolChoice: { type: "tool", name: "weather" }
    })
  },
  {
    name: "an inline image and a file URL",
    request: new ChatRequest({
      model,
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Compare these." },
            { type: "image", source: { type: "base64", mediaType: "image/png", data: "iVBORw0KGgo=" } },
            { type: "file", source: { type: "url", url: "https://example.com/paper.pdf" } }
          ]
        }
      ]
    })
  },
  {
    name: "a signed functionCall / functionResponse round trip",
    request: new ChatRequest({
      model,
      messages: [
        textMessage("user", "Weather in Paris?"),
        {
          role: "assistant",
          content: [
            { type: "reasoning", text: "I should call weather.", signature: "c2lnLXRob3VnaHQ=" },
            { type: "tool-call", id: "c1", name: "weather", arguments: '{"city":"Paris"}', signature: "c2lnLWNhbGw=" }
          ]
        },
        { role: "tool", content: [{ type: "tool-result", callId: "c1", content: '{"temp":21}' }] },
        { role: "tool", content: [{ type: "tool-result", callId: "c1", content: "offline", isError: true }] }
      ],
      tools: [weather],
      toolChoice: "auto"
    })
  },
  {
    name: "thinking config",
    request: new ChatRequest({ model, messages: [textMessage("user", "Think.")], reasoning: { effort: "medium" } })
  },
  {
    name: "a JSON-schema response",
    request: new ChatRequest({
      model,
      messages: [textMessage("user", "A person, please.")],
      responseFormat: {
        type: "json_schema",
        name: "person",
        schema: {
          type: "object",
          properties: {
            name: { type: "string", minLength: 1 },
            nickname: { type: ["string", "null"] },
            tags: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 3 },
            address: { $ref: "#/$defs/Address" }
          },
          required: ["name"],
          $defs: { Address: { type: "object", properties: { city: { type: "string" } } } }
        }
      }
    })
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

  it.scoped("Prism judges nested parts too: lower-case types and numeric int64 bounds get 422", () =>
    Effect.gen(function* () {
      const { url } = yield* Prism.Prism
      const sent = yield* chatCall(requests.find((entry) => entry.name === "a JSON-schema response")!.request)
      const body = sent.body as { generationConfig: { responseSchema: Record<string, unknown> } }
      const withSchema = (responseSchema: Record<string, unknown>) => ({
        ...sent,
        rawBody: JSON.stringify({ ...body, generationConfig: { ...body.generationConfig, responseSchema } })
      })
      expect((yield* resend(withSchema(body.generationConfig.responseSchema), url)).status).toBe(200)
      expect((yield* resend(withSchema({ ...body.generationConfig.responseSchema, type: "object" }), url)).status).toBe(
        422
      )
      expect((yield* resend(withSchema({ type: "ARRAY", items: { type: "STRING" }, minItems: 1 }), url)).status).toBe(
        422
      )
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  for (const { name, request } of requests) {
    it.scoped(`streamGenerateContent request (${name}) is accepted`, () =>
      Effect.gen(function* () {
        const { url } = yield* Prism.Prism
        const sent = yield* chatCall(request)
        expect(sent.path).toBe(`/v1beta/models/${model}:streamGenerateContent`)
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
