/**
 * Streamed Responses answers through the Responses adapter over a real local server: the recorded OpenAI streams,
 * replayed as OpenAI sends them (whole and in 13-byte writes) and checked against what the file itself says, then
 * the cases a recording does not hold, written out as events: reasoning summary parts, a call with no argument
 * deltas, an item only the final response holds, an incomplete response, a failed one, an error event, a cut stream
 * and an unreadable event.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, FastCheck as fc, Schema } from "effect"
import * as ResponsesAdapter from "../../src/responses/ResponsesAdapter"
import { isDelta } from "../../src/responses/ResponsesStream"
import { deltaTypes, StreamEvent } from "../../src/responses/ResponsesWire"
import { toolCalls } from "../anthropic/Harness"
import { collect, errorOf, joined, ofTag } from "../support/Chat"
import { chatRequest, HttpClientLive, provider, target } from "../support/Fixtures"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import { framingOf, payloads } from "@switchboard/testing/Recorded"

const key = "sk-test-key-0123456789"

/** The adapter's events for an upstream that answers `handler` on `/v1/responses`. */
const read = (handler: FakeUpstream.Handler) =>
  Effect.gen(function* () {
    const server = yield* FakeUpstream.make
    server.route("POST", "/v1/responses", handler)
    const adapter = yield* ResponsesAdapter.make
    const responses = provider({ type: "openai-responses", baseUrl: server.url })
    return yield* collect(adapter.streamChat(target(responses, key), chatRequest("gpt-5")))
  }).pipe(Effect.provide(HttpClientLive))

/** An SSE frame as OpenAI writes it: the event's type on its `event:` line and in its data. */
const frame = (type: string, data: object = {}) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`

const response = (fields: object = {}) => ({ id: "resp_1", model: "gpt-5", status: "completed", output: [], ...fields })
const created = frame("response.created", { response: response({ status: "in_progress" }) })
const completed = (fields: object = {}) => frame("response.completed", { response: response(fields) })
const text = (delta: string, output_index = 0) => frame("response.output_text.delta", { output_index, delta })

type Payload = { readonly type: string; readonly [field: string]: unknown }

/** The payloads of a recorded stream's first response: up to its `response.completed`, as the adapter reads. */
const firstResponse = (file: string): ReadonlyArray<Payload> => {
  const all = payloads(file) as ReadonlyArray<Payload>
  return all.slice(0, all.findIndex((payload) => payload.type === "response.completed") + 1)
}

const deltasOf = (events: ReadonlyArray<Payload>, type: string) =>
  events.flatMap((event) => (event.type === type ? [event.delta as string] : [])).join("")

describe("recorded Responses streams through ResponsesAdapter", () => {
  for (const chunkBytes of [undefined, 13]) {
    const pieces = chunkBytes === undefined ? "" : ` in ${chunkBytes}-byte writes`

    it.scopedLive(`openai-phase.1: two messages' text, the id and model, usage with its details${pieces}`, () =>
      Effect.gen(function* () {
        const file = "openai-responses/openai-phase.1.chunks.txt"
        const outcome = yield* read(Answers.replay(file, framingOf(file), { chunkBytes }))
        const recorded = firstResponse(file)
        const final = recorded.at(-1)!.response as { id: string; model: string; usage: Record<string, never> }
        expect(outcome.error._tag).toBe("None")
        expect(outcome.events[0]).toMatchObject({ _tag: "ResponseMetadata", id: final.id, model: final.model })
        expect(joined(outcome.events)).toBe(deltasOf(recorded, "response.output_text.delta"))
        expect(joined(outcome.events).startsWith("Got it")).toBe(true)
        expect(ofTag(outcome.events, "Usage")).toEqual([
          expect.objectContaining({
            inputTokens: 7112,
            outputTokens: 463,
            cachedInputTokens: 3072,
            reasoningTokens: 64
          })
        ])
        expect(ofTag(outcome.events, "Finish")).toEqual([expect.objectContaining({ reason: "stop", raw: "completed" })])
        expect(outcome.events.at(-1)?._tag).toBe("Finish")
      })
    )

    it.scopedLive(`openai-reasoning-encrypted-content.1: summary, encrypted reasoning, a call in pieces${pieces}`, () =>
      Effect.gen(function* () {
        const file = "openai-responses/openai-reasoning-encrypted-content.1.chunks.txt"
        const outcome = yield* read(Answers.replay(file, framingOf(file), { chunkBytes }))
        const recorded = firstResponse(file)
        const reasoningDone = recorded.find(
          (event) => event.type === "response.output_item.done" && (event.item as Payload).type === "reasoning"
        )!.item as { encrypted_content: string }
        const call = recorded.find(
          (event) => event.type === "response.output_item.done" && (event.item as Payload).type === "function_call"
        )!.item as { call_id: string; name: string; arguments: string }
        expect(outcome.error._tag).toBe("None")
        expect(joined(outcome.events, "ReasoningDelta")).toBe(
          deltasOf(recorded, "response.reasoning_summary_text.delta")
        )
        // The done item's encrypted content, not the added item's (which OpenAI says may be incomplete).
        expect(ofTag(outcome.events, "ReasoningSignature")).toEqual([
          expect.objectContaining({ redacted: reasoningDone.encrypted_content })
        ])
        expect(toolCalls(outcome.events)).toEqual([
          { id: call.call_id, name: "calculator", arguments: call.arguments, ended: true }
        ])
        expect(ofTag(outcome.events, "ToolCallDelta").length).toBeGreaterThan(5)
        expect(JSON.parse(call.arguments)).toEqual({ a: 12, b: 7, op: "add" })
        expect(ofTag(outcome.events, "Usage")).toEqual([
          expect.objectContaining({ inputTokens: 134, outputTokens: 28, cachedInputTokens: 0, reasoningTokens: 0 })
        ])
        // The three responses after the first (the agent's later steps) are not read.
        expect(ofTag(outcome.events, "Finish")).toEqual([expect.objectContaining({ reason: "tool_calls" })])
        expect(ofTag(outcome.events, "ResponseMetadata")).toHaveLength(1)
      })
    )

    it.scopedLive(
      `openai-error.1: an error event inside the 200 is the upstream's failure, in its words${pieces}`,
      () =>
        Effect.gen(function* () {
          const file = "openai-responses/openai-error.1.chunks.txt"
          const outcome = yield* read(Answers.replay(file, framingOf(file), { chunkBytes }))
          const error = errorOf(outcome)
          expect(error.reason).toBe("RateLimit")
          expect(error.code).toBe("insufficient_quota")
          expect(error.detail).toContain("You exceeded your current quota")
          expect(ofTag(outcome.events, "Finish")).toHaveLength(0)
        })
    )
  }
})

describe("Responses stream reading", () => {
  it.scopedLive("separates reasoning summary parts with a blank line", () =>
    Effect.gen(function* () {
      const summary = (summary_index: number, delta: string) =>
        frame("response.reasoning_summary_text.delta", { output_index: 0, summary_index, delta })
      const outcome = yield* read(
        Answers.sse(
          created +
            summary(0, "First") +
            summary(0, " part.") +
            summary(1, "Second.") +
            frame("response.reasoning_text.delta", { output_index: 1, delta: "raw" }) +
            text("Hi", 2) +
            completed()
        )
      )
      expect(joined(outcome.events, "ReasoningDelta")).toBe("First part.\n\nSecond.\n\nraw")
      expect(joined(outcome.events)).toBe("Hi")
    })
  )

  it.scopedLive("takes a call's arguments from its done item when no delta brought them, and a refusal as text", () =>
    Effect.gen(function* () {
      const item = { type: "function_call", call_id: "call_9", name: "lookup", arguments: '{"q":"x"}' }
      const outcome = yield* read(
        Answers.sse(
          created +
            frame("response.refusal.delta", { output_index: 0, delta: "I can't do that, " }) +
            frame("response.output_item.added", { output_index: 1, item: { ...item, arguments: "" } }) +
            frame("response.output_item.done", { output_index: 1, item }) +
            frame("response.output_item.done", {
              output_index: 2,
              item: { type: "function_call", call_id: "call_10", name: "noop", arguments: "" }
            }) +
            completed()
        )
      )
      expect(joined(outcome.events)).toBe("I can't do that, ")
      expect(toolCalls(outcome.events)).toEqual([
        { id: "call_9", name: "lookup", arguments: '{"q":"x"}', ended: true },
        // A call never announced by `added` starts at its done item; no arguments are `{}`.
        { id: "call_10", name: "noop", arguments: "{}", ended: true }
      ])
      expect(ofTag(outcome.events, "Finish")[0]?.reason).toBe("tool_calls")
    })
  )

  it.scopedLive("reads whole the items a server sent only as done events, without deltas", () =>
    Effect.gen(function* () {
      const message = { type: "message", content: [{ type: "output_text", text: "Whole text." }] }
      const outcome = yield* read(
        Answers.sse(
          created +
            frame("response.output_item.done", {
              output_index: 0,
              item: { type: "reasoning", summary: [{ type: "summary_text", text: "Thought." }] }
            }) +
            frame("response.output_item.done", { output_index: 1, item: message }) +
            // The final response repeats the items; they were read already.
            completed({ output: [{ type: "reasoning", summary: [] }, message] })
        )
      )
      expect(joined(outcome.events, "ReasoningDelta")).toBe("Thought.")
      expect(joined(outcome.events)).toBe("Whole text.")
    })
  )

  it.scopedLive("reads the final response whole when the stream sent no item at all", () =>
    Effect.gen(function* () {
      const outcome = yield* read(
        Answers.sse(
          created +
            completed({
              output: [
                { type: "message", content: [{ type: "output_text", text: "Only here." }] },
                { type: "web_search_call", id: "ws_1", status: "completed" },
                { type: "function_call", call_id: "call_1", name: "f", arguments: "{}" }
              ],
              usage: { input_tokens: 3, output_tokens: 4 }
            })
        )
      )
      expect(joined(outcome.events)).toBe("Only here.")
      expect(toolCalls(outcome.events)).toEqual([{ id: "call_1", name: "f", arguments: "{}", ended: true }])
      expect(ofTag(outcome.events, "Usage")).toEqual([expect.objectContaining({ inputTokens: 3, outputTokens: 4 })])
      expect(ofTag(outcome.events, "Finish")[0]?.reason).toBe("tool_calls")
    })
  )

  it.scopedLive("an incomplete response ends as length (max_output_tokens) or content_filter, with its usage", () =>
    Effect.gen(function* () {
      const incomplete = (reason: string) =>
        read(
          Answers.sse(
            created +
              text("Par") +
              frame("response.incomplete", {
                response: response({
                  status: "incomplete",
                  incomplete_details: { reason },
                  usage: { input_tokens: 5, output_tokens: 16 }
                })
              })
          )
        )
      const long = yield* incomplete("max_output_tokens")
      expect(joined(long.events)).toBe("Par")
      expect(ofTag(long.events, "Finish")).toEqual([
        expect.objectContaining({ reason: "length", raw: "max_output_tokens" })
      ])
      expect(ofTag(long.events, "Usage")).toEqual([expect.objectContaining({ outputTokens: 16 })])
      const filtered = yield* incomplete("content_filter")
      expect(ofTag(filtered.events, "Finish")[0]?.reason).toBe("content_filter")
    })
  )

  it.scopedLive("response.failed ends the stream with the response's error, after the text before it", () =>
    Effect.gen(function* () {
      const outcome = yield* read(
        Answers.sse(
          created +
            text("Half") +
            frame("response.failed", {
              response: response({ status: "failed", error: { code: "server_error", message: "The model failed." } })
            })
        )
      )
      expect(joined(outcome.events)).toBe("Half")
      const error = errorOf(outcome)
      expect([error.reason, error.code, error.detail]).toEqual(["Upstream", "server_error", "The model failed."])
      expect(ofTag(outcome.events, "Finish")).toHaveLength(0)
    })
  )

  it.scopedLive("an error event with its fields on the event itself (the spec's shape) is read too", () =>
    Effect.gen(function* () {
      const outcome = yield* read(
        Answers.sse(
          created +
            frame("error", { code: "rate_limit_exceeded", message: "Slow down.", param: null, sequence_number: 1 })
        )
      )
      const error = errorOf(outcome)
      expect([error.reason, error.code, error.detail]).toEqual(["RateLimit", "rate_limit_exceeded", "Slow down."])
    })
  )

  it.scopedLive("a stream cut before the response completed is a Network error, after the text that came", () =>
    Effect.gen(function* () {
      const outcome = yield* read(Answers.sse(created + text("Hel")))
      expect(joined(outcome.events)).toBe("Hel")
      const error = errorOf(outcome)
      expect(error.reason).toBe("Network")
      expect(error.detail).toContain("no response.completed")
    })
  )

  it.scopedLive("an event it cannot read is InvalidOutput naming the event; unknown event types are skipped", () =>
    Effect.gen(function* () {
      const skipped = yield* read(
        Answers.sse(
          created +
            frame("response.web_search_call.searching", { output_index: 0, item_id: "ws" }) +
            "data: [DONE]\n\n" +
            text("ok") +
            completed()
        )
      )
      expect(skipped.error._tag).toBe("None")
      expect(joined(skipped.events)).toBe("ok")
      const broken = yield* read(Answers.sse(created + frame("response.output_text.delta", { delta: 5 })))
      const error = errorOf(broken)
      expect(error.reason).toBe("InvalidOutput")
      expect(error.detail).toContain('"response.output_text.delta"')
    })
  )
})

describe("the hand check of a delta event", () => {
  /** Mostly a valid value, sometimes one of another type, sometimes none. */
  const field = <T>(valid: fc.Arbitrary<T>) =>
    fc.oneof(
      { weight: 6, arbitrary: valid as fc.Arbitrary<unknown> },
      { weight: 1, arbitrary: fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant({})) }
    )
  const event = fc.record(
    {
      type: field(fc.oneof(fc.constantFrom(...deltaTypes), fc.constant("response.output_item.added"))),
      output_index: field(fc.oneof(fc.nat(), fc.double({ noNaN: true, noDefaultInfinity: true }))),
      summary_index: field(fc.nat()),
      item_id: field(fc.string()),
      delta: field(fc.string({ maxLength: 8 }))
    },
    { requiredKeys: [] }
  )
  const decode = Schema.decodeUnknownEither(StreamEvent)

  it("accepts only what the Schema accepts, and reads what the Schema reads", () => {
    fc.assert(
      fc.property(event, (value) => {
        if (!isDelta(value)) return
        const decoded = decode(value)
        expect(Either.isRight(decoded)).toBe(true)
        if (Either.isRight(decoded)) expect(decoded.right).toMatchObject({ type: value.type, delta: value.delta })
      }),
      { numRuns: 2000 }
    )
  })
})
