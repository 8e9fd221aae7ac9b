/**
 * What the Responses adapter puts on the wire (`support/SentRequest`: `streamChat` and `openAnswer` must send the same
 * bytes): the URL, the key as `Authorization: Bearer` only when one is set, the provider's headers, and the body for
 * each kind of neutral request, written out. Each body is also checked against the spec's `CreateResponse`.
 */
import { describe, expect, it } from "@effect/vitest"
import { ChatRequest, textMessage } from "@switchboard/core/domain/ChatRequest"
import { schemaErrors } from "@switchboard/testing/SpecSchema"
import { framingOf } from "@switchboard/testing/Recorded"
import { Effect } from "effect"
import * as ResponsesAdapter from "../../src/responses/ResponsesAdapter"
import { chatRequest } from "../support/Fixtures"
import { type SendOptions, sentRequest } from "../support/SentRequest"
import { type RichRequest, richRequests } from "../openai/RichRequests"

const key = "sk-proj-Abcdefghijklmnop0123456789"
const file = "openai-responses/openai-phase.1.chunks.txt"

const send = (request: ChatRequest, options: SendOptions = {}) =>
  sentRequest(ResponsesAdapter.make, "openai-responses", { file, framing: framingOf(file) }, options, request)

/** A 1×1 PNG, as in `RichRequests`. */
const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="

const weatherTool = {
  type: "function",
  name: "get_weather",
  description: "The current weather in a city",
  parameters: {
    type: "object",
    properties: { city: { type: "string" } },
    required: ["city"],
    additionalProperties: false
  },
  strict: false
}
const question = { role: "user", content: "What is the weather in Paris?" }

/** The Responses body of each of `RichRequests`, without `model`, `stream` and `store`. */
const richBodies: Readonly<Record<RichRequest["key"], Record<string, unknown>>> = {
  toolChoiceNamed: {
    input: [question],
    tools: [
      weatherTool,
      { type: "function", name: "now", parameters: { type: "object", properties: {} }, strict: false }
    ],
    tool_choice: { type: "function", name: "get_weather" },
    parallel_tool_calls: false
  },
  // `stop`, `seed` and the penalties have no Responses field.
  toolChoiceRequired: {
    instructions: "Use tools.",
    input: [question],
    tools: [weatherTool],
    tool_choice: "required",
    top_p: 0.9
  },
  images: {
    input: [
      {
        role: "user",
        content: [
          { type: "input_text", text: "Describe both images." },
          { type: "input_image", image_url: "https://example.com/cat.jpg", detail: "auto" },
          { type: "input_image", image_url: `data:image/png;base64,${png}`, detail: "auto" }
        ]
      }
    ]
  },
  // The reasoning part is unsigned text: nothing this protocol can send back.
  toolRoundTrip: {
    input: [
      question,
      { type: "function_call", call_id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' },
      { type: "function_call_output", call_id: "call_1", output: '{"celsius":21}' },
      { role: "assistant", content: "It is 21 °C." },
      { role: "user", content: "And tomorrow?" }
    ],
    tools: [weatherTool],
    tool_choice: "auto"
  },
  jsonSchema: {
    input: [question],
    text: {
      format: {
        type: "json_schema",
        name: "weather",
        description: "The weather",
        schema: {
          type: "object",
          properties: { celsius: { type: "number" } },
          required: ["celsius"],
          additionalProperties: false
        },
        strict: true
      }
    }
  },
  jsonObject: { instructions: "Answer in JSON.", input: [question], text: { format: { type: "json_object" } } }
}

/**
 * The spec's objections to a body. Messages in `input` are checked as `EasyInputMessage`: one with a content list fits
 * the spec's `InputMessage` too, which its `oneOf` (a `discriminator` on a `type` both leave optional) counts as an
 * error; every other item as `InputItem`, and the rest of the body as `CreateResponse`.
 */
const specErrors = (body: unknown): ReadonlyArray<string> => {
  const { input, ...rest } = body as { input: ReadonlyArray<Record<string, unknown>> }
  return [
    ...schemaErrors("openai", "CreateResponse", { ...rest, input: [] }),
    ...input.flatMap((item, index) =>
      schemaErrors("openai", "role" in item ? "EasyInputMessage" : "InputItem", item).map(
        (error) => `/input/${index}${error}`
      )
    )
  ]
}

describe("ResponsesAdapter request", () => {
  it.scopedLive("POSTs to /v1/responses with Bearer and the provider's headers; store: false, stream: true", () =>
    Effect.gen(function* () {
      const sent = yield* send(chatRequest("gpt-5", { system: "Be brief.", maxTokens: 64, temperature: 0.5 }), {
        key,
        headers: { "OpenAI-Organization": "org-1" }
      })
      expect(sent.method).toBe("POST")
      expect(sent.url).toBe("/v1/responses")
      expect(sent.headers.authorization).toBe(`Bearer ${key}`)
      expect(sent.headers["openai-organization"]).toBe("org-1")
      expect(sent.headers["content-type"]).toContain("application/json")
      expect(sent.body).toEqual({
        model: "gpt-5",
        instructions: "Be brief.",
        input: [{ role: "user", content: "Say hello." }],
        max_output_tokens: 64,
        temperature: 0.5,
        stream: true,
        store: false
      })
      expect(specErrors(sent.body)).toEqual([])
    })
  )

  it.scopedLive("sends no auth header at all without a key, and keeps a base URL's path and query", () =>
    Effect.gen(function* () {
      const sent = yield* send(chatRequest("local-model"), { path: "/proxy/v1?team=a" })
      expect(sent.headers.authorization).toBeUndefined()
      expect(sent.url).toBe("/proxy/v1/responses?team=a")
    })
  )

  it.scopedLive("raises a token limit under OpenAI's minimum of 16 (Verify asks for one token)", () =>
    Effect.gen(function* () {
      const sent = yield* send(chatRequest("gpt-5", { maxTokens: 1 }))
      expect(sent.body).toMatchObject({ max_output_tokens: 16 })
    })
  )

  for (const rich of richRequests("gpt-5"))
    it.scopedLive(`${rich.name}: the Responses body, which the spec accepts`, () =>
      Effect.gen(function* () {
        const sent = yield* send(rich.request, { key })
        expect(sent.body).toEqual({ model: "gpt-5", ...richBodies[rich.key], stream: true, store: false })
        expect(specErrors(sent.body)).toEqual([])
      })
    )

  it.scopedLive("files by URL and as bytes, and several system messages joined into instructions", () =>
    Effect.gen(function* () {
      const sent = yield* send(
        new ChatRequest({
          model: "gpt-5",
          messages: [
            textMessage("system", "Be brief."),
            {
              role: "user",
              content: [
                { type: "text", text: "Compare." },
                { type: "file", source: { type: "base64", mediaType: "application/pdf", data: "JVBERi0xLjQK" } },
                { type: "file", source: { type: "url", url: "https://example.com/b.pdf" }, filename: "b.pdf" }
              ]
            },
            textMessage("system", "Cite pages.")
          ]
        })
      )
      expect(sent.body).toMatchObject({
        instructions: "Be brief.\n\nCite pages.",
        input: [
          {
            role: "user",
            content: [
              { type: "input_text", text: "Compare." },
              { type: "input_file", filename: "document.pdf", file_data: "data:application/pdf;base64,JVBERi0xLjQK" },
              { type: "input_file", file_url: "https://example.com/b.pdf", filename: "b.pdf" }
            ]
          }
        ]
      })
      expect(specErrors(sent.body)).toEqual([])
    })
  )

  it.scopedLive("a reasoning effort asks for the encrypted reasoning, which the next turn sends back", () =>
    Effect.gen(function* () {
      const sent = yield* send(
        new ChatRequest({
          model: "o3",
          messages: [
            textMessage("user", "Add 12 and 7."),
            {
              role: "assistant",
              content: [
                { type: "reasoning", text: "Adding.", signedBy: "openai-responses" },
                { type: "reasoning", text: "", redacted: "gAAAA-encrypted", signedBy: "openai-responses" },
                // Another protocol's thinking means nothing here.
                { type: "reasoning", text: "", redacted: "anthropic-data", signedBy: "anthropic" },
                // Nor does encrypted reasoning that does not say whose it is.
                { type: "reasoning", text: "", redacted: "unknown-origin" },
                { type: "text", text: "Let me add." },
                { type: "tool-call", id: "call_7", name: "add", arguments: '{"a":12,"b":7}' }
              ]
            },
            { role: "tool", content: [{ type: "tool-result", callId: "call_7", content: "19", isError: false }] }
          ],
          reasoning: { effort: "high", budgetTokens: 9000 }
        })
      )
      expect(sent.body).toEqual({
        model: "o3",
        input: [
          { role: "user", content: "Add 12 and 7." },
          { type: "reasoning", summary: [], encrypted_content: "gAAAA-encrypted" },
          { role: "assistant", content: "Let me add." },
          { type: "function_call", call_id: "call_7", name: "add", arguments: '{"a":12,"b":7}' },
          { type: "function_call_output", call_id: "call_7", output: "19" }
        ],
        reasoning: { effort: "high" },
        include: ["reasoning.encrypted_content"],
        stream: true,
        store: false
      })
      // The one departure from the spec: with `store: false` a reasoning item has no id to name (Codex sends none).
      expect(schemaErrors("openai", "ReasoningItem", (sent.body as { input: Array<unknown> }).input[1])).toEqual([
        '/ must have required property \'id\' {"missingProperty":"id"}'
      ])
    })
  )

  it.scopedLive("providerOptions go in last, as given, and win over the adapter's own fields", () =>
    Effect.gen(function* () {
      const sent = yield* send(
        new ChatRequest({
          model: "gpt-5",
          messages: [textMessage("user", "Hi")],
          reasoning: { effort: "low" },
          providerOptions: { service_tier: "flex", reasoning: { effort: "low", summary: "auto" }, store: true }
        })
      )
      expect(sent.body).toMatchObject({
        service_tier: "flex",
        reasoning: { effort: "low", summary: "auto" },
        store: true
      })
    })
  )
})
