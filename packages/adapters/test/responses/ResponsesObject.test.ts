/**
 * A complete Responses `response` through the Responses adapter: `openAnswer` with `stream: false` (the gateway's
 * translated route when its client wants the answer whole) asks for one and reads it, and `streamChat` reads one from
 * a server that ignored `stream: true`. The recorded OpenAI response, then a failed one, an error envelope sent with
 * a 200, an incomplete one, a body that is no response, and the recorded 400.
 */
import { describe, expect, it } from "@effect/vitest"
import type { ChatEvent } from "@switchboard/core/domain/ChatEvent"
import { ChatRequest, textMessage } from "@switchboard/core/domain/ChatRequest"
import type { ProviderError } from "@switchboard/core/domain/Errors"
import type { OpenedAnswer } from "@switchboard/core/ProviderAdapter"
import { Effect } from "effect"
import * as ResponsesAdapter from "../../src/responses/ResponsesAdapter"
import { collect, joined, ofTag } from "../support/Chat"
import { HttpClientLive, provider, target } from "../support/Fixtures"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import { recordedJson } from "@switchboard/testing/Recorded"

const request = new ChatRequest({ model: "gpt-5-mini", messages: [textMessage("user", "Compute it.")] })

/** Every event of an opened answer, read as the gateway reads it; the reader's error, if one ended it. */
const readAll = async (opened: OpenedAnswer) => {
  const events: Array<ChatEvent> = []
  const decoder = new TextDecoder()
  for await (const bytes of opened.body) {
    const error = opened.reader.push(decoder.decode(bytes as Uint8Array, { stream: true }), events)
    if (error !== undefined) return { events, error }
  }
  const error: ProviderError | undefined = opened.reader.push(decoder.decode(), events) ?? opened.reader.end(events)
  return { events, error }
}

/** `openAnswer` with `stream: false` against an upstream answering `handler`, and the request it sent. */
const openWhole = (handler: FakeUpstream.Handler) =>
  Effect.gen(function* () {
    const server = yield* FakeUpstream.make
    server.route("POST", "/v1/responses", handler)
    const adapter = yield* ResponsesAdapter.make
    const responses = target(provider({ type: "openai-responses", baseUrl: server.url }), "sk-test-key-0123456789")
    const signal = new AbortController().signal
    const read = yield* Effect.tryPromise({
      try: async () => readAll(await adapter.openAnswer!(responses, request, signal, { stream: false })),
      catch: (error) => error as ProviderError
    })
    return { ...read, sent: server.lastRequest() }
  }).pipe(Effect.provide(HttpClientLive))

const whole = (body: object) => Answers.json(200, body)

describe("a complete Responses response", () => {
  it.scopedLive(
    "the recorded response: stream: false sent, then its reasoning, signature, text, usage and finish",
    () =>
      Effect.gen(function* () {
        const file = "openai-responses/openai-reasoning-encrypted-content.1.json"
        const recorded = recordedJson(file) as {
          id: string
          output: [{ encrypted_content: string; summary: [{ text: string }] }, { content: [{ text: string }] }]
        }
        const { events, error, sent } = yield* openWhole(Answers.replay(file, "json"))
        expect(error).toBeUndefined()
        expect(sent.body).toMatchObject({ model: "gpt-5-mini", stream: false, store: false })
        expect(events.map((event) => event._tag)).toEqual([
          "ResponseMetadata",
          "ReasoningDelta",
          "ReasoningSignature",
          "TextDelta",
          "Usage",
          "Finish"
        ])
        expect(events[0]).toMatchObject({ id: recorded.id, model: "gpt-5-mini-2025-08-07" })
        expect(joined(events, "ReasoningDelta")).toBe(recorded.output[0].summary[0].text)
        expect(ofTag(events, "ReasoningSignature")[0]?.redacted).toBe(recorded.output[0].encrypted_content)
        expect(joined(events)).toBe("12 + 7 = 19\n19 × 3 = 57\n57 × 10 = 570\n\nFinal result: 570")
        expect(ofTag(events, "Usage")[0]).toMatchObject({ inputTokens: 865, outputTokens: 163, reasoningTokens: 128 })
        expect(ofTag(events, "Finish")[0]).toMatchObject({ reason: "stop", raw: "completed" })
      })
  )

  it.scopedLive("function calls in a complete response, each whole, and the finish that waits for their results", () =>
    Effect.gen(function* () {
      const { events } = yield* openWhole(
        whole({
          id: "resp_2",
          status: "completed",
          output: [
            { type: "function_call", call_id: "call_a", name: "a", arguments: '{"x":1}' },
            { type: "function_call", call_id: "call_b", name: "b", arguments: "" }
          ]
        })
      )
      expect(ofTag(events, "ToolCallStart").map(({ index, id, name }) => [index, id, name])).toEqual([
        [0, "call_a", "a"],
        [1, "call_b", "b"]
      ])
      expect(ofTag(events, "ToolCallDelta").map((delta) => delta.arguments)).toEqual(['{"x":1}', "{}"])
      expect(ofTag(events, "ToolCallEnd")).toHaveLength(2)
      expect(ofTag(events, "Finish")[0]?.reason).toBe("tool_calls")
    })
  )

  it.scopedLive("an incomplete response is length; a failed one, or an error envelope with a 200, is the error", () =>
    Effect.gen(function* () {
      const incomplete = yield* openWhole(
        whole({ status: "incomplete", incomplete_details: { reason: "max_output_tokens" }, output: [] })
      )
      expect(ofTag(incomplete.events, "Finish")[0]).toMatchObject({ reason: "length", raw: "max_output_tokens" })

      const failed = yield* openWhole(
        whole({ status: "failed", error: { code: "rate_limit_exceeded", message: "Too many tokens." }, output: [] })
      )
      expect(failed.error).toMatchObject({
        reason: "RateLimit",
        code: "rate_limit_exceeded",
        detail: "Too many tokens."
      })

      const envelope = yield* openWhole(
        whole({ error: { message: "Bad gateway upstream", type: "server_error", code: 502 } })
      )
      expect(envelope.error).toMatchObject({ reason: "Upstream", status: 502, detail: "Bad gateway upstream" })
    })
  )

  it.scopedLive("a body that is not a response is InvalidOutput", () =>
    Effect.gen(function* () {
      const empty = yield* openWhole(whole({}))
      expect(empty.error).toMatchObject({ reason: "InvalidOutput" })
      expect(empty.error?.detail).toContain("not a Responses response")
      const broken = yield* openWhole(whole({ output: [{ type: "message", content: "not a list" }] }))
      expect(broken.error).toMatchObject({ reason: "InvalidOutput" })
      expect(broken.error?.detail).toContain("unreadable response body")
    })
  )

  it.scopedLive("the recorded 400 (temperature on a reasoning model) rejects with InvalidRequest and the param", () =>
    Effect.gen(function* () {
      const file = "openai-responses/reasoning-model-temperature-error.json"
      const refused = yield* Effect.flip(openWhole(Answers.replay(file, "json", { status: 400 })))
      expect(refused).toMatchObject({ reason: "InvalidRequest", status: 400, param: "temperature" })
      expect(refused.detail).toBe("Unsupported parameter: 'temperature' is not supported with this model.")
    })
  )

  it.scopedLive("streamChat reads a complete response from a server that ignored stream: true", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route(
        "POST",
        "/v1/responses",
        Answers.replay("openai-responses/openai-reasoning-encrypted-content.1.json", "json")
      )
      const adapter = yield* ResponsesAdapter.make
      const responses = target(provider({ type: "openai-responses", baseUrl: server.url }))
      const outcome = yield* collect(adapter.streamChat(responses, request))
      expect(outcome.error._tag).toBe("None")
      expect(joined(outcome.events)).toContain("Final result: 570")
      expect(server.lastRequest().body).toMatchObject({ stream: true })
      expect(ofTag(outcome.events, "Finish")).toHaveLength(1)
    }).pipe(Effect.provide(HttpClientLive))
  )
})
