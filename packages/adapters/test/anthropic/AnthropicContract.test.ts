/**
 * Request contract: what the Anthropic adapter sends is accepted by Anthropic's own OpenAPI document, served by
 * Prism (which answers 422 to a request the spec rejects). Prism cannot stream: it answers the adapter's
 * `stream: true` request with the spec's example `message` as plain JSON, which the adapter reads as a whole answer;
 * so the exact streamed request is validated, not a look-alike.
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { expect, layer } from "@effect/vitest"
import { ChatRequest, textMessage } from "@switchboard/core/domain/ChatRequest"
import { Effect } from "effect"
import * as AnthropicAdapter from "../../src/anthropic/AnthropicAdapter"
import { chatRequest } from "../../src/anthropic/AnthropicRequest"
import * as Fixtures from "../support/Fixtures"
import * as Prism from "@switchboard/testing/Prism"
import { collect } from "./Harness"

const key = "sk-ant-api03-CONTRACTKEY0123456789"

const weather = {
  name: "get_weather",
  description: "The weather at a place.",
  parameters: { type: "object", properties: { location: { type: "string" } }, required: ["location"] }
}

const toolRequest = new ChatRequest({
  model: "claude-sonnet-4-5",
  messages: [textMessage("user", "Weather in Paris?")],
  tools: [weather, { name: "now", parameters: { type: "object" } }],
  toolChoice: { type: "tool", name: "get_weather" },
  parallelToolCalls: false,
  topP: 0.9,
  topK: 20,
  stop: ["END"],
  maxTokens: 256
})

/** Requests with every kind of part and option the adapter maps, each of which the spec must accept. */
const richRequests: ReadonlyArray<readonly [string, ChatRequest]> = [
  ["tools with a named tool choice, parallel calls off, and sampling", toolRequest],
  [
    "a base64 image, an image URL, a PDF and a text document",
    new ChatRequest({
      model: "claude-sonnet-4-5",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What are these?" },
            { type: "image", source: { type: "base64", mediaType: "image/png", data: "iVBORw0KGgo=" } },
            { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
            {
              type: "file",
              source: { type: "base64", mediaType: "application/pdf", data: "JVBERi0xLjQK" },
              filename: "a.pdf"
            },
            { type: "file", source: { type: "base64", mediaType: "text/plain", data: "aGVsbG8=" } }
          ]
        }
      ]
    })
  ],
  [
    "a tool_use / tool_result round trip, with an error result, then the user again",
    new ChatRequest({
      model: "claude-sonnet-4-5",
      messages: [
        textMessage("user", "Weather in Paris and Rome?"),
        {
          role: "assistant",
          content: [
            { type: "text", text: "Checking both." },
            { type: "tool-call", id: "toolu_01", name: "get_weather", arguments: '{"location":"Paris"}' },
            { type: "tool-call", id: "toolu_02", name: "get_weather", arguments: '{"location":"Rome"}' }
          ]
        },
        {
          role: "tool",
          content: [
            { type: "tool-result", callId: "toolu_01", content: '{"temp":18}' },
            { type: "tool-result", callId: "toolu_02", content: "no station", isError: true }
          ]
        },
        textMessage("user", "Which is warmer?")
      ],
      tools: [weather],
      toolChoice: "auto"
    })
  ],
  [
    "thinking with signed and redacted thinking sent back, temperature left out",
    new ChatRequest({
      model: "claude-sonnet-4-5",
      messages: [
        textMessage("user", "What is 925 / 5?"),
        {
          role: "assistant",
          content: [
            { type: "reasoning", text: "925 / 5 = 185", signature: "EvQBCkYICxgCKkAxhD4N" },
            { type: "reasoning", text: "", redacted: "EmwKAhgBEgy3va3p" },
            { type: "text", text: "185" }
          ]
        },
        textMessage("user", "And divided by 5 again?")
      ],
      reasoning: { effort: "medium" },
      temperature: 0.3,
      maxTokens: 1000
    })
  ],
  [
    "a JSON-schema response format (a forced tool) next to the caller's tools, with metadata passed through",
    new ChatRequest({
      model: "claude-sonnet-4-5",
      messages: [textMessage("user", "Name a city.")],
      tools: [weather],
      responseFormat: {
        type: "json_schema",
        name: "city",
        schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] }
      },
      providerOptions: { metadata: { user_id: "contract" } }
    })
  ],
  [
    "a plain JSON response format",
    new ChatRequest({
      model: "claude-sonnet-4-5",
      messages: [textMessage("user", "A JSON object, please.")],
      responseFormat: { type: "json" }
    })
  ]
]

layer(Prism.layer("anthropic"), { timeout: "120 seconds" })("Anthropic requests against the official spec", (it) => {
  it.effect("the streamed chat request (default max_tokens, system, temperature) is accepted", () =>
    Effect.gen(function* () {
      const { url } = yield* Prism.Prism
      const adapter = yield* AnthropicAdapter.make
      const provider = Fixtures.provider({ type: "anthropic", baseUrl: url })
      const result = yield* collect(
        adapter.streamChat(
          Fixtures.target(provider, key),
          Fixtures.chatRequest("claude-sonnet-4-5", { system: "Be brief.", temperature: 0.2 })
        )
      )
      expect(result.error?.message).toBeUndefined()
      // The spec's example answer, read through the adapter's whole-message path.
      expect(result.text.length).toBeGreaterThan(0)
      expect(result.finishes.map((finish) => finish.reason)).toEqual(["stop"])
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  for (const [name, request] of richRequests) {
    it.effect(`accepted: ${name}`, () =>
      Effect.gen(function* () {
        const { url } = yield* Prism.Prism
        const adapter = yield* AnthropicAdapter.make
        const provider = Fixtures.provider({ type: "anthropic", baseUrl: url })
        const result = yield* collect(adapter.streamChat(Fixtures.target(provider, key), request))
        expect(result.error?.message).toBeUndefined()
        expect(result.finishes).toHaveLength(1)
      }).pipe(Effect.provide(Fixtures.HttpClientLive))
    )
  }

  it.effect("Prism validates the nested shapes too: a tool_choice of an unknown type gets 422", () =>
    Effect.gen(function* () {
      const { url } = yield* Prism.Prism
      const adapter = yield* AnthropicAdapter.make
      const provider = Fixtures.provider({ type: "anthropic", baseUrl: url })
      const wrong = new ChatRequest({ ...toolRequest, providerOptions: { tool_choice: { type: "required" } } })
      const { error } = yield* collect(adapter.streamChat(Fixtures.target(provider, key), wrong))
      expect(error?.reason).toBe("InvalidRequest")
      expect(error?.status).toBe(422)
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.effect("Prism really validates: the same request without max_tokens gets 422", () =>
    Effect.gen(function* () {
      const { url } = yield* Prism.Prism
      const provider = Fixtures.provider({ type: "anthropic", baseUrl: url })
      const { request } = chatRequest(Fixtures.target(provider, key), Fixtures.chatRequest("claude-x"))
      const { max_tokens: _, ...withoutMaxTokens } = {
        model: "claude-x",
        max_tokens: 1,
        messages: [{ role: "user", content: "hi" }],
        stream: true
      }
      const status = yield* HttpClient.execute(HttpClientRequest.bodyUnsafeJson(request, withoutMaxTokens)).pipe(
        Effect.map((response) => response.status)
      )
      expect(status).toBe(422)
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.effect(
    "the model list request is accepted (Prism's placeholder cursor then repeats, which the adapter refuses)",
    () =>
      Effect.gen(function* () {
        const { url } = yield* Prism.Prism
        const adapter = yield* AnthropicAdapter.make
        const provider = Fixtures.provider({ type: "anthropic", baseUrl: url })
        const error = yield* Effect.flip(adapter.listModels(Fixtures.target(provider, key)))
        // Both pages were answered 200 (a rejected request would be a 422 InvalidRequest): Prism's static answer says
        // `has_more: true` with `last_id: "string"` forever, and the adapter stops at the repeated cursor.
        expect(error.reason).toBe("InvalidOutput")
        expect(error.detail).toContain("repeats")
      }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )
})
