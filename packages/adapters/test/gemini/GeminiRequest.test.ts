/**
 * Request shape: what the Gemini adapter really puts on the wire, as a local server receives it: the URL naming the
 * model with `alt=sse` and no key, `x-goog-api-key` only when there is a key, the provider's headers, and the body
 * (`contents` with roles user/model, `systemInstruction`, `generationConfig` only when set, the rest of the options,
 * `providerOptions` on top). A request Gemini cannot take fails before anything is sent.
 */
import { describe, expect, it } from "@effect/vitest"
import { ChatRequest, textMessage } from "@switchboard/core/domain/ChatRequest"
import { Effect } from "effect"
import * as GeminiAdapter from "../../src/gemini/GeminiAdapter"
import { collect } from "../anthropic/Harness"
import * as Fixtures from "../support/Fixtures"
import { type SendOptions, sentRequest } from "../support/SentRequest"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"

const key = "AIzaSyREQUESTKEY0123456789abcdefghijk"

const send = (options: SendOptions, request: ChatRequest) =>
  sentRequest(
    GeminiAdapter.make,
    "gemini",
    { file: "gemini/streaming-success-basic-reply-short.txt", framing: "sse" },
    options,
    request
  )

describe("Gemini request", () => {
  it.scopedLive("posts to models/{model}:streamGenerateContent?alt=sse with the key in x-goog-api-key only", () =>
    Effect.gen(function* () {
      const received = yield* send({ key, headers: { "x-team": "blue" } }, Fixtures.chatRequest("gemini-2.5-flash"))
      expect(received.method).toBe("POST")
      expect(received.url).toBe("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")
      expect(received.url).not.toContain(key)
      expect(received.headers["x-goog-api-key"]).toBe(key)
      expect(received.headers["x-team"]).toBe("blue")
      expect(received.headers.authorization).toBeUndefined()
      expect(received.headers["content-type"]).toContain("application/json")
    })
  )

  it.scopedLive("no key header without a key; a models/ prefix and a /v1beta base URL are not doubled", () =>
    Effect.gen(function* () {
      const received = yield* send({ path: "/v1beta" }, Fixtures.chatRequest("models/gemini-2.0-flash"))
      expect(received.url).toBe("/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse")
      expect(received.headers["x-goog-api-key"]).toBeUndefined()
    })
  )

  it.scopedLive("a plain request sends only contents", () =>
    Effect.gen(function* () {
      const received = yield* send({ key }, Fixtures.chatRequest("gemini-2.5-flash"))
      expect(received.body).toEqual({ contents: [{ role: "user", parts: [{ text: "Say hello." }] }] })
    })
  )

  it.scopedLive("system messages go to systemInstruction, assistant turns are model, limits to generationConfig", () =>
    Effect.gen(function* () {
      const request = new ChatRequest({
        model: "gemini-2.5-flash",
        messages: [
          textMessage("system", "Be brief."),
          textMessage("user", "Hi"),
          textMessage("assistant", "Hello!"),
          textMessage("system", "Answer in French."),
          textMessage("user", "How are you?")
        ],
        maxTokens: 256,
        temperature: 1.5
      })
      const received = yield* send({ key }, request)
      expect(received.body).toEqual({
        contents: [
          { role: "user", parts: [{ text: "Hi" }] },
          { role: "model", parts: [{ text: "Hello!" }] },
          { role: "user", parts: [{ text: "How are you?" }] }
        ],
        systemInstruction: { parts: [{ text: "Be brief." }, { text: "Answer in French." }] },
        generationConfig: { maxOutputTokens: 256, temperature: 1.5 }
      })
    })
  )

  it.scopedLive("the options, tools and parts reach the wire; providerOptions go on top of the body", () =>
    Effect.gen(function* () {
      const request = new ChatRequest({
        model: "gemini-2.5-flash",
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "What is this?" },
              { type: "image", source: { type: "base64", mediaType: "image/png", data: "iVBORw0KGgo=" } }
            ]
          }
        ],
        topK: 20,
        tools: [{ name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } } } }],
        toolChoice: { type: "tool", name: "lookup" },
        reasoning: { effort: "low" },
        providerOptions: {
          safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_NONE" }],
          cachedContent: "cachedContents/abc"
        }
      })
      const received = yield* send({ key }, request)
      expect(received.body).toEqual({
        contents: [
          {
            role: "user",
            parts: [{ text: "What is this?" }, { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } }]
          }
        ],
        generationConfig: { topK: 20, thinkingConfig: { thinkingBudget: 1024, includeThoughts: true } },
        tools: [
          {
            functionDeclarations: [
              { name: "lookup", description: "", parameters: { type: "OBJECT", properties: { q: { type: "STRING" } } } }
            ]
          }
        ],
        toolConfig: { functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["lookup"] } },
        safetySettings: [{ category: "HARM_CATEGORY_HARASSMENT", threshold: "BLOCK_NONE" }],
        cachedContent: "cachedContents/abc"
      })
    })
  )

  it.scopedLive("a request Gemini cannot take fails with InvalidRequest before anything is sent", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.fallback(Answers.replay("gemini/streaming-success-basic-reply-short.txt", "sse"))
      const adapter = yield* GeminiAdapter.make
      const target = Fixtures.target(Fixtures.provider({ type: "gemini", baseUrl: server.url }), key)
      const unconvertible = new ChatRequest({
        model: "gemini-2.5-flash",
        messages: [textMessage("user", "Hi")],
        responseFormat: { type: "json_schema", name: "x", schema: { type: "object", patternProperties: {} } }
      })
      const schemaError = (yield* collect(adapter.streamChat(target, unconvertible))).error
      expect(schemaError?.reason).toBe("InvalidRequest")
      expect(schemaError?.url).toBe(`${server.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`)
      expect(schemaError?.detail).toBe(
        'responseFormat.schema: "patternProperties" at # cannot be sent to Gemini: Gemini\'s Schema names every ' +
          "property; list them in properties."
      )
      const onlySystem = new ChatRequest({ model: "gemini-2.5-flash", messages: [textMessage("system", "Be brief.")] })
      const emptyError = (yield* collect(adapter.streamChat(target, onlySystem))).error
      expect(emptyError?.reason).toBe("InvalidRequest")
      expect(emptyError?.detail).toMatch(/^messages: nothing to send to Gemini/)
      expect(server.requests()).toEqual([])
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )
})
