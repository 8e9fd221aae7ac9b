/**
 * Every recorded OpenAI and OpenAI-compatible file replayed through the OpenAI adapter over a real local server, as
 * `recorded/README.md` prescribes, and the neutral events checked against what the file itself says (see `Expected`).
 * Each stream is also replayed in 13-byte writes, so events split across reads decode the same. The files with tool
 * calls, reasoning or usage details are also checked against the values they hold, written out.
 */
import { describe, expect, it } from "@effect/vitest"
import type { ChatEvent } from "@switchboard/core/domain/ChatEvent"
import { Effect } from "effect"
import * as OpenAiAdapter from "../../src/openai/OpenAiAdapter"
import { collect, errorOf, joined, ofTag } from "../support/Chat"
import { chatRequest, HttpClientLive, provider, target } from "../support/Fixtures"
import { framingOf, recordedFiles, recordedJson } from "@switchboard/testing/Recorded"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import { type Expected, type ExpectedToolCall, expectedFromCompletion, expectedFromStream } from "./Expected"

/** The JSON files' statuses, from the README's fmt column. */
const statusOf: Readonly<Record<string, number>> = { "openai/reasoning-model-legacy-parameter-error.json": 400 }

const files = [...recordedFiles("openai"), ...recordedFiles("openai-compatible")]

const replay = (file: string, chunkBytes?: number) =>
  Effect.gen(function* () {
    const server = yield* FakeUpstream.make
    const status = statusOf[file] ?? 200
    server.route("POST", "/v1/chat/completions", Answers.replay(file, framingOf(file), { status, chunkBytes }))
    const adapter = yield* OpenAiAdapter.make
    const openai = provider({ type: "openai", baseUrl: server.url })
    return yield* collect(adapter.streamChat(target(openai, "sk-test-key-0123456789"), chatRequest("gpt-4o")))
  }).pipe(Effect.provide(HttpClientLive))

/**
 * The tool calls the events describe, checking their order on the way: each call starts once, with the next index,
 * gets its argument pieces while open, and ends once, before the usage and the finish.
 */
const toolCallsOf = (events: ReadonlyArray<ChatEvent>): ReadonlyArray<ExpectedToolCall> => {
  const calls: Array<{ id: string; name: string; arguments: string }> = []
  const open = new Set<number>()
  let closed = false
  for (const event of events) {
    switch (event._tag) {
      case "ToolCallStart":
        expect(event.index).toBe(calls.length)
        calls.push({ id: event.id, name: event.name, arguments: "" })
        open.add(event.index)
        break
      case "ToolCallDelta":
        expect(open.has(event.index)).toBe(true)
        calls[event.index]!.arguments += event.arguments
        break
      case "ToolCallEnd":
        expect(open.delete(event.index)).toBe(true)
        break
      case "Usage":
      case "Finish":
        closed = true
        expect(open.size).toBe(0)
        break
    }
    if (closed) expect(event._tag === "Usage" || event._tag === "Finish").toBe(true)
  }
  expect(open.size).toBe(0)
  return calls
}

const checkSuccess = (outcome: Effect.Effect.Success<ReturnType<typeof replay>>, expected: Expected) => {
  expect(outcome.error._tag).toBe("None")
  const metadata = ofTag(outcome.events, "ResponseMetadata")
  expect(metadata.map(({ id, model }) => ({ id, model }))).toEqual(
    expected.metadata ? [{ id: expected.metadata.id, model: expected.metadata.model }] : []
  )
  if (expected.metadata) expect(outcome.events[0]?._tag).toBe("ResponseMetadata")
  expect(joined(outcome.events)).toBe(expected.text)
  expect(joined(outcome.events, "ReasoningDelta")).toBe(expected.reasoning)
  expect(toolCallsOf(outcome.events)).toEqual(expected.toolCalls)
  const usage = ofTag(outcome.events, "Usage")
  expect(usage.map(({ _tag, ...counts }) => counts)).toEqual(expected.usage ? [expected.usage] : [])
  const finish = ofTag(outcome.events, "Finish")
  expect(finish).toHaveLength(1)
  // Every recorded finish reason is one of the neutral set, so the neutral reason is the raw one.
  expect(finish[0]?.raw).toBe(expected.finish)
  expect(finish[0]?.reason).toBe(expected.finish)
  expect(outcome.events.at(-1)?._tag).toBe("Finish")
}

describe("recorded Chat Completions files through OpenAiAdapter", () => {
  it("covers every recorded file of openai/ and openai-compatible/", () => {
    expect(files).toHaveLength(14)
  })

  for (const file of files.filter((f) => framingOf(f) !== "json")) {
    const expected = expectedFromStream(file)
    for (const chunkBytes of [undefined, 13]) {
      it.scopedLive(`${file}${chunkBytes ? ` in ${chunkBytes}-byte writes` : ""}`, () =>
        Effect.gen(function* () {
          const outcome = yield* replay(file, chunkBytes)
          if (expected.error === undefined) return checkSuccess(outcome, expected)
          // An error event inside the 200 stream: the output before it, then the upstream's own message.
          expect(joined(outcome.events)).toBe(expected.text)
          expect(ofTag(outcome.events, "Finish")).toHaveLength(0)
          const error = errorOf(outcome)
          expect(error.reason).toBe(expected.error.type === "server_error" ? "Upstream" : error.reason)
          expect(error.detail).toBe(expected.error.message)
          expect(error.retryable).toBe(true)
        })
      )
    }
  }

  it.scopedLive("openai/openai-text.json (a server that ignores stream: true) is read as one completion", () =>
    Effect.gen(function* () {
      const outcome = yield* replay("openai/openai-text.json")
      checkSuccess(outcome, expectedFromCompletion("openai/openai-text.json"))
      expect(joined(outcome.events).length).toBeGreaterThan(100)
    })
  )

  it.scopedLive("openai/reasoning-model-legacy-parameter-error.json (400) is InvalidRequest with the message", () =>
    Effect.gen(function* () {
      const file = "openai/reasoning-model-legacy-parameter-error.json"
      const outcome = yield* replay(file)
      const error = errorOf(outcome)
      const body = recordedJson(file) as { error: { message: string } }
      expect(outcome.events).toHaveLength(0)
      expect(error.reason).toBe("InvalidRequest")
      expect(error.status).toBe(400)
      expect(error.detail).toBe(body.error.message)
      expect(error.retryable).toBe(false)
    })
  )
})

describe("recorded tool calls, reasoning and usage details, value by value", () => {
  const run = (file: string) =>
    Effect.gen(function* () {
      const outcome = yield* replay(file)
      expect(outcome.error._tag).toBe("None")
      return outcome.events
    })

  it.scopedLive("groq: the whole call in one fragment is a start, its arguments and an end", () =>
    Effect.gen(function* () {
      const events = yield* run("openai-compatible/groq-tool-call.chunks.txt")
      expect(events.map((event) => event._tag)).toEqual([
        "ResponseMetadata",
        "ToolCallStart",
        "ToolCallDelta",
        "ToolCallEnd",
        "Usage",
        "Finish"
      ])
      expect(events[0]).toMatchObject({
        id: "chatcmpl-b610d559-f156-4aca-8827-24b4fe6af54f",
        model: "llama-3.3-70b-versatile"
      })
      expect(toolCallsOf(events)).toEqual([{ id: "tk85n1k4m", name: "weather", arguments: "{}" }])
      expect(ofTag(events, "Usage")[0]).toMatchObject({ inputTokens: 210, outputTokens: 15 })
      expect(ofTag(events, "Usage")[0]?.cachedInputTokens).toBeUndefined()
      expect(ofTag(events, "Finish")[0]).toMatchObject({ reason: "tool_calls", raw: "tool_calls" })
    })
  )

  it.scopedLive("openai: get_weather's arguments arrive in pieces after an empty first fragment", () =>
    Effect.gen(function* () {
      const events = yield* run("openai/2018feb66ae13fcf5333d61b95849decc68d3f63bd38172889367e1afb1e04f7.bin")
      expect(toolCallsOf(events)).toEqual([
        { id: "call_4XzlGBLtUe9dy3GVNV4jhq7h", name: "get_weather", arguments: '{"city":"New York City"}' }
      ])
      // Several pieces, and none of them the empty string of the first fragment.
      const pieces = ofTag(events, "ToolCallDelta").map((delta) => delta.arguments)
      expect(pieces.length).toBeGreaterThan(3)
      expect(pieces).not.toContain("")
      expect(ofTag(events, "Usage")[0]).toMatchObject({ inputTokens: 44, outputTokens: 16, reasoningTokens: 0 })
      expect(ofTag(events, "Finish")[0]?.reason).toBe("tool_calls")
    })
  )

  it.scopedLive("openai: two parallel calls, interleaved by wire index, keep their own arguments", () =>
    Effect.gen(function* () {
      const events = yield* run("openai/f82268f2fefd5cfbc7eeb59c297688be2f6ca0849a6e4f17851b517310841d9b.bin")
      expect(toolCallsOf(events)).toEqual([
        {
          id: "call_JMW1whyEaYG438VE1OIflxA2",
          name: "GetWeatherArgs",
          arguments: '{"city": "Edinburgh", "country": "GB", "units": "c"}'
        },
        {
          id: "call_DNYTawLBoN8fj3KN6qU9N1Ou",
          name: "get_stock_price",
          arguments: '{"ticker": "AAPL", "exchange": "NASDAQ"}'
        }
      ])
      expect(ofTag(events, "ToolCallEnd").map((end) => end.index)).toEqual([0, 1])
      expect(ofTag(events, "Usage")[0]).toMatchObject({ inputTokens: 149, outputTokens: 60 })
    })
  )

  it.scopedLive("deepseek: reasoning, then text; cached and reasoning token counts", () =>
    Effect.gen(function* () {
      const events = yield* run("openai-compatible/deepseek-reasoning.chunks.txt")
      expect(events[0]).toMatchObject({
        _tag: "ResponseMetadata",
        id: "cac7192e-e619-40c6-96b0-ed4276bc03ac",
        model: "deepseek-reasoner"
      })
      expect(joined(events, "ReasoningDelta").startsWith("We need to count the number of")).toBe(true)
      const firstText = events.findIndex((event) => event._tag === "TextDelta")
      const lastReasoning = events.findLastIndex((event) => event._tag === "ReasoningDelta")
      expect(lastReasoning).toBeLessThan(firstText)
      expect(ofTag(events, "ToolCallStart")).toHaveLength(0)
      expect({ ...ofTag(events, "Usage")[0] }).toEqual({
        _tag: "Usage",
        inputTokens: 18,
        outputTokens: 219,
        cachedInputTokens: 0,
        reasoningTokens: 205
      })
    })
  )

  it.scopedLive("openai-text.chunks.txt: every usage detail OpenAI sends, and the answer's id and model once", () =>
    Effect.gen(function* () {
      const events = yield* run("openai/openai-text.chunks.txt")
      expect(ofTag(events, "ResponseMetadata").map(({ id, model }) => ({ id, model }))).toEqual([
        { id: "chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0", model: "gpt-4.1-nano-2025-04-14" }
      ])
      expect({ ...ofTag(events, "Usage")[0] }).toEqual({
        _tag: "Usage",
        inputTokens: 16,
        outputTokens: 300,
        cachedInputTokens: 0,
        reasoningTokens: 0
      })
    })
  )
})

describe("a complete chat.completion (a server that ignores stream: true) with tool calls", () => {
  const answer = (body: object) =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route("POST", "/v1/chat/completions", Answers.json(200, body))
      const adapter = yield* OpenAiAdapter.make
      const openai = provider({ type: "openai", baseUrl: server.url })
      const outcome = yield* collect(adapter.streamChat(target(openai), chatRequest("llama3.1")))
      expect(outcome.error._tag).toBe("None")
      return outcome.events
    }).pipe(Effect.provide(HttpClientLive))

  it.scopedLive("message.tool_calls become the same events a stream gives, in order, before usage and finish", () =>
    Effect.gen(function* () {
      const events = yield* answer({
        id: "chatcmpl-9",
        object: "chat.completion",
        model: "llama3.1:8b",
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content: null,
              tool_calls: [
                { id: "call_a", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } },
                { id: "call_b", type: "function", function: { name: "get_time", arguments: "{}" } }
              ]
            },
            finish_reason: "tool_calls"
          }
        ],
        usage: { prompt_tokens: 80, completion_tokens: 20, prompt_tokens_details: { cached_tokens: 64 } }
      })
      expect(events[0]).toMatchObject({ _tag: "ResponseMetadata", id: "chatcmpl-9", model: "llama3.1:8b" })
      expect(toolCallsOf(events)).toEqual([
        { id: "call_a", name: "get_weather", arguments: '{"city":"Oslo"}' },
        { id: "call_b", name: "get_time", arguments: "{}" }
      ])
      expect({ ...ofTag(events, "Usage")[0] }).toEqual({
        _tag: "Usage",
        inputTokens: 80,
        outputTokens: 20,
        cachedInputTokens: 64
      })
      expect(events.at(-1)).toMatchObject({ _tag: "Finish", reason: "tool_calls", raw: "tool_calls" })
    })
  )

  it.scopedLive("the legacy finish reason function_call is tool_calls", () =>
    Effect.gen(function* () {
      const events = yield* answer({
        choices: [{ message: { content: "ok" }, finish_reason: "function_call" }]
      })
      expect(events.map((event) => event._tag)).toEqual(["TextDelta", "Finish"])
      expect(events.at(-1)).toMatchObject({ reason: "tool_calls", raw: "function_call" })
    })
  )
})
