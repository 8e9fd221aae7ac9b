/**
 * Mapping: every recorded Anthropic file is replayed over a real local HTTP server through the adapter, whole and in
 * 7-byte pieces, and the neutral events are checked against expectations computed from the file itself (text,
 * thinking and signatures joined, tool calls with their arguments, the response's id and model, the last usage counts
 * with the cache's added, the stop reason, the error event); then the exact calls, ids and JSON a few files hold.
 */
import { ChatRequest, type ResponseFormat, textMessage } from "@switchboard/core/domain/ChatRequest"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as AnthropicAdapter from "../../src/anthropic/AnthropicAdapter"
import * as Fixtures from "../support/Fixtures"
import { framingOf, payloads, recordedFiles, recordedJson } from "@switchboard/testing/Recorded"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import { type Collected, collect, readmeStatus, signatures, toolCalls } from "./Harness"

interface WireUsage {
  readonly input_tokens?: number | null
  readonly output_tokens?: number | null
  readonly cache_read_input_tokens?: number | null
  readonly cache_creation_input_tokens?: number | null
}

interface WireBlock {
  readonly type: string
  readonly text?: string
  readonly thinking?: string
  readonly signature?: string
  readonly id?: string
  readonly name?: string
  readonly input?: unknown
}

interface Payload {
  readonly type?: string
  readonly index?: number
  readonly id?: string
  readonly model?: string
  readonly message?: { readonly id?: string; readonly model?: string; readonly usage?: WireUsage }
  readonly content_block?: WireBlock
  readonly delta?: {
    readonly type?: string
    readonly text?: string
    readonly thinking?: string
    readonly signature?: string
    readonly partial_json?: string
    readonly stop_reason?: string | null
  }
  readonly usage?: WireUsage
  readonly error?: { readonly type: string; readonly message: string }
  readonly content?: ReadonlyArray<WireBlock>
  readonly stop_reason?: string | null
}

interface ExpectedCall {
  readonly id: string
  readonly name: string
  arguments: string
}

interface Expected {
  text: string
  reasoning: string
  signature: string
  calls: Array<ExpectedCall>
  metadata: { readonly id?: string | undefined; readonly model?: string | undefined } | undefined
  usage: Array<number | undefined>
  stopReason: string | undefined
  error: { readonly type: string; readonly message: string } | undefined
}

const empty = (): Expected => ({
  text: "",
  reasoning: "",
  signature: "",
  calls: [],
  metadata: undefined,
  usage: [],
  stopReason: undefined,
  error: undefined
})

/**
 * The neutral counts: all of the input (`input_tokens` plus the cache's reads and writes), the output, and the
 * cache's counts when the file gives them.
 */
const neutralUsage = (usage: WireUsage): Array<number | undefined> => {
  const read = usage.cache_read_input_tokens ?? undefined
  const write = usage.cache_creation_input_tokens ?? undefined
  return [(usage.input_tokens ?? 0) + (read ?? 0) + (write ?? 0), usage.output_tokens ?? 0, read, write]
}

/** A call without argument pieces has its start's input (the whole `message`'s input): always JSON. */
const argumentsOf = (input: unknown) => JSON.stringify(input ?? {})

/**
 * Computed with plain JSON from the file: cumulative usage, so the last value seen of each count wins; a tool call's
 * arguments are its `input_json_delta` pieces joined.
 */
const expectedFromStream = (file: string): Expected => {
  const expected = empty()
  const usage: { -readonly [K in keyof WireUsage]: WireUsage[K] } = {}
  const note = (counts: WireUsage | undefined) => {
    for (const [key, value] of Object.entries(counts ?? {}))
      if (typeof value === "number") usage[key as keyof WireUsage] = value
  }
  const calls = new Map<number, { call: ExpectedCall; input: unknown }>()
  for (const payload of payloads(file) as ReadonlyArray<Payload>) {
    const delta = payload.delta
    if (payload.type === "message_start") {
      note(payload.message?.usage)
      expected.metadata = { id: payload.message?.id, model: payload.message?.model }
    }
    const block = payload.content_block
    if (payload.type === "content_block_start" && block?.type === "tool_use") {
      const call = { id: block.id ?? "", name: block.name ?? "", arguments: "" }
      expected.calls.push(call)
      calls.set(payload.index ?? -1, { call, input: block.input })
    }
    if (payload.type === "content_block_delta" && delta?.type === "text_delta") expected.text += delta.text
    if (payload.type === "content_block_delta" && delta?.type === "thinking_delta") expected.reasoning += delta.thinking
    if (payload.type === "content_block_delta" && delta?.type === "signature_delta")
      expected.signature += delta.signature
    if (payload.type === "content_block_delta" && delta?.type === "input_json_delta") {
      const open = calls.get(payload.index ?? -1)
      if (open !== undefined) open.call.arguments += delta.partial_json
    }
    if (payload.type === "message_delta") {
      note(payload.usage)
      expected.stopReason = delta?.stop_reason ?? expected.stopReason
    }
    if (payload.type === "error") expected.error = payload.error
  }
  for (const { call, input } of calls.values()) if (call.arguments === "") call.arguments = argumentsOf(input)
  if (Object.keys(usage).length > 0) expected.usage = neutralUsage(usage)
  return expected
}

const expectedFromMessage = (file: string): Expected => {
  const message = recordedJson(file) as Payload
  const blocks = message.content ?? []
  return {
    ...empty(),
    text: blocks.map((block) => (block.type === "text" ? block.text : "")).join(""),
    reasoning: blocks.map((block) => (block.type === "thinking" ? block.thinking : "")).join(""),
    signature: blocks.map((block) => (block.type === "thinking" ? (block.signature ?? "") : "")).join(""),
    calls: blocks.flatMap((block) =>
      block.type === "tool_use"
        ? [{ id: block.id ?? "", name: block.name ?? "", arguments: argumentsOf(block.input) }]
        : []
    ),
    metadata: { id: message.id, model: message.model },
    usage: message.usage === undefined ? [] : neutralUsage(message.usage),
    stopReason: message.stop_reason ?? undefined
  }
}

/** Anthropic's documented stop reasons and error types, in neutral terms. */
const neutralFinish: Record<string, string> = {
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  tool_use: "tool_calls",
  refusal: "content_filter"
}
const neutralError: Record<string, string> = {
  overloaded_error: "Upstream",
  api_error: "Upstream",
  rate_limit_error: "RateLimit",
  authentication_error: "Authentication"
}

const files = recordedFiles("anthropic")

/** Replays `file` through the adapter for `request`, in pieces of `chunkBytes` when given. */
const replay = (file: string, request: ChatRequest, chunkBytes?: number) =>
  Effect.gen(function* () {
    const server = yield* FakeUpstream.make
    const json = framingOf(file) === "json"
    server.route(
      "POST",
      "/v1/messages",
      Answers.replay(file, framingOf(file), json ? { status: readmeStatus(file) } : { chunkBytes })
    )
    const adapter = yield* AnthropicAdapter.make
    const provider = Fixtures.provider({ type: "anthropic", baseUrl: server.url })
    const result = yield* collect(adapter.streamChat(Fixtures.target(provider, "sk-ant-test-key-0123456789"), request))
    return { result, url: server.url }
  }).pipe(Effect.provide(Fixtures.HttpClientLive))

const finishOf = (result: Collected) => result.finishes.map((finish) => [finish.reason, finish.raw])
const usageOf = (result: Collected) =>
  result.usages.map((usage) => [usage.inputTokens, usage.outputTokens, usage.cachedInputTokens, usage.cacheWriteTokens])

describe("Anthropic recorded files", () => {
  it("are all here (the README lists 9)", () => {
    expect(files).toHaveLength(9)
  })

  for (const file of files) {
    for (const chunkBytes of [undefined, 7]) {
      it.scopedLive(`${file}${chunkBytes === undefined ? "" : ` in ${chunkBytes}-byte pieces`}`, () =>
        Effect.gen(function* () {
          const { result, url } = yield* replay(file, Fixtures.chatRequest("claude-x"), chunkBytes)
          const expected = framingOf(file) === "json" ? expectedFromMessage(file) : expectedFromStream(file)

          expect(result.text).toBe(expected.text)
          expect(result.reasoning).toBe(expected.reasoning)
          expect(signatures(result.events)).toBe(expected.signature)
          expect(toolCalls(result.events)).toEqual(expected.calls.map((call) => ({ ...call, ended: true })))
          const metadata = result.events.filter((event) => event._tag === "ResponseMetadata")
          expect(metadata.map(({ id, model }) => ({ id, model }))).toEqual(
            expected.metadata === undefined ? [] : [expected.metadata]
          )
          if (expected.error !== undefined) {
            expect(result.error?.reason).toBe(neutralError[expected.error.type])
            expect(result.error?.detail).toContain(expected.error.message)
            expect(result.error?.url).toBe(`${url}/v1/messages`)
            expect(result.finishes).toHaveLength(0)
            return
          }
          expect(result.error?.message).toBeUndefined()
          expect(usageOf(result)).toEqual([expected.usage])
          expect(finishOf(result)).toEqual([[neutralFinish[expected.stopReason ?? ""], expected.stopReason]])
          // Usage and finish close the answer, in that order.
          expect(result.events.slice(-2).map((event) => event._tag)).toEqual(["Usage", "Finish"])
        })
      )
    }
  }

  it("the later input_tokens wins (message_delta over message_start)", () => {
    const file = "anthropic/anthropic-message-delta-input-tokens.chunks.txt"
    const all = payloads(file) as ReadonlyArray<Payload>
    const atStart = all.find((payload) => payload.type === "message_start")?.message?.usage?.input_tokens
    const atDelta = all.find((payload) => payload.type === "message_delta")?.usage?.input_tokens
    // The replay above asserts the adapter reports the later value; this guards that the file really differs.
    expect(atStart).not.toBe(atDelta)
    expect(expectedFromStream(file).usage[0]).toBe(atDelta)
  })

  it("the thinking file really carries thinking and a signature", () => {
    const file = "anthropic/anthropic-clear-thinking.1.chunks.txt"
    expect(expectedFromStream(file).reasoning.length).toBeGreaterThan(0)
    expect((payloads(file) as ReadonlyArray<Payload>).some((p) => p.delta?.type === "signature_delta")).toBe(true)
  })
})

const ask = (responseFormat?: ResponseFormat) =>
  new ChatRequest({
    model: "claude-x",
    messages: [textMessage("user", "Weather?")],
    ...(responseFormat === undefined ? {} : { responseFormat })
  })

describe("Anthropic recorded tool calls, thinking and JSON", () => {
  it.scopedLive("tool_use_response.txt: the text, then get_weather's call with its arguments joined", () =>
    Effect.gen(function* () {
      const { result } = yield* replay("anthropic/tool_use_response.txt", ask())
      expect(result.text).toBe("I'll check the current weather in Paris for you.")
      expect(toolCalls(result.events)).toEqual([
        { id: "toolu_01NRLabsLyVHZPKxbKvkfSMn", name: "get_weather", arguments: '{"location": "Paris"}', ended: true }
      ])
      expect(result.events.filter((event) => event._tag === "ToolCallStart")).toEqual([
        expect.objectContaining({ index: 0 })
      ])
      expect(finishOf(result)).toEqual([["tool_calls", "tool_use"]])
      expect(usageOf(result)).toEqual([[377, 65, 0, 0]])
    })
  )

  it.scopedLive("anthropic-tool-no-args: a call whose only piece is empty has the arguments {}", () =>
    Effect.gen(function* () {
      const { result } = yield* replay("anthropic/anthropic-tool-no-args.chunks.txt", ask())
      expect(result.text).toBe("I'll update the issue list for you.")
      expect(toolCalls(result.events)).toEqual([
        { id: "toolu_01QE1WLsSVp5hy5Q3GmGTmjP", name: "updateIssueList", arguments: "{}", ended: true }
      ])
      // No empty argument piece is passed on: the one delta is the {} the call ends with.
      expect(result.events.filter((event) => event._tag === "ToolCallDelta")).toHaveLength(1)
      expect(finishOf(result)).toEqual([["tool_calls", "tool_use"]])
    })
  )

  const jsonAnswer = '{"elements": [{"location": "San Francisco", "temperature": 58, "condition": "sunny"}]}'

  it.scopedLive("anthropic-json-tool without a JSON format: an ordinary call of a tool named json", () =>
    Effect.gen(function* () {
      const { result } = yield* replay("anthropic/anthropic-json-tool.1.chunks.txt", ask())
      expect(result.text).toBe("")
      expect(toolCalls(result.events)).toEqual([
        { id: "toolu_01KFbKqPYSuAKujiL6mTfzYA", name: "json", arguments: jsonAnswer, ended: true }
      ])
      expect(finishOf(result)).toEqual([["tool_calls", "tool_use"]])
    })
  )

  for (const chunkBytes of [undefined, 7]) {
    it.scopedLive(
      `anthropic-json-tool with a json format: the call is the answer's text, finishing stop${chunkBytes ? " (7-byte pieces)" : ""}`,
      () =>
        Effect.gen(function* () {
          const { result } = yield* replay(
            "anthropic/anthropic-json-tool.1.chunks.txt",
            ask({ type: "json" }),
            chunkBytes
          )
          expect(result.error?.message).toBeUndefined()
          expect(result.text).toBe(jsonAnswer)
          expect(toolCalls(result.events)).toEqual([])
          expect(finishOf(result)).toEqual([["stop", "tool_use"]])
        })
    )
  }

  it.scopedLive("a json_schema format names the tool: a call of another name stays a tool call", () =>
    Effect.gen(function* () {
      const format = { type: "json_schema", name: "weather", schema: { type: "object" } } as const
      const { result } = yield* replay("anthropic/anthropic-json-tool.1.chunks.txt", ask(format))
      expect(result.text).toBe("")
      expect(toolCalls(result.events).map((call) => call.name)).toEqual(["json"])
      expect(finishOf(result)).toEqual([["tool_calls", "tool_use"]])
    })
  )

  it.scopedLive("anthropic-clear-thinking: reasoning, then its signature, then the text", () =>
    Effect.gen(function* () {
      const file = "anthropic/anthropic-clear-thinking.1.chunks.txt"
      const { result } = yield* replay(file, ask())
      expect(result.reasoning).toBe("The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185")
      expect(result.text).toBe("925 ÷ 5 = 185")
      const signature = result.events.filter((event) => event._tag === "ReasoningSignature")
      expect(signature).toHaveLength(1)
      expect(signature[0]?.signature).toMatch(/^EvQBCkYICxgCKkAxhD4N/)
      expect(signature[0]?.redacted).toBeUndefined()
      const tags = result.events.map((event) => event._tag)
      expect(tags.lastIndexOf("ReasoningDelta")).toBeLessThan(tags.indexOf("ReasoningSignature"))
      expect(tags.indexOf("ReasoningSignature")).toBeLessThan(tags.indexOf("TextDelta"))
    })
  )

  it.scopedLive("basic_response.txt: the response's id and model come first", () =>
    Effect.gen(function* () {
      const { result } = yield* replay("anthropic/basic_response.txt", ask())
      const first = result.events[0]
      expect(first?._tag).toBe("ResponseMetadata")
      expect(first).toMatchObject({ id: expect.stringMatching(/^msg_/), model: "claude-opus-4-8" })
    })
  )

  it("the tool files really carry what the tests above read", () => {
    const starts = (file: string) =>
      (payloads(file) as ReadonlyArray<Payload>).filter((p) => p.content_block?.type === "tool_use").length
    expect(starts("anthropic/tool_use_response.txt")).toBe(1)
    expect(starts("anthropic/anthropic-tool-no-args.chunks.txt")).toBe(1)
    expect(starts("anthropic/anthropic-json-tool.1.chunks.txt")).toBe(1)
  })
})
