/**
 * The stream reader on hand-written streams, for what no recording holds: redacted thinking, cache reads and writes,
 * a proxy's whole tool input at the block's start, a server tool's pieces, a stream cut before its blocks closed; and
 * the text/thinking fast path, pinned to the Schema by a property test: it must never accept what the Schema refuses.
 */
import type { ChatEvent } from "@switchboard/core/domain/ChatEvent"
import { describe, expect, it } from "@effect/vitest"
import { Either, Option, Schema } from "effect"
import fc from "fast-check"
import type { MessagesContext } from "../../src/anthropic/AnthropicJsonTool"
import { decodeEvent, isContentDelta, messagesAnswer } from "../../src/anthropic/AnthropicStream"
import { StreamEvent } from "../../src/anthropic/AnthropicWire"
import { signatures, toolCalls } from "./Harness"

const ctx = (jsonTool?: string): MessagesContext => ({
  url: "https://api.anthropic.com/v1/messages",
  key: Option.none(),
  secrets: [],
  ...(jsonTool === undefined ? {} : { jsonTool })
})

const event = (data: Record<string, unknown>) => `event: ${String(data.type)}\ndata: ${JSON.stringify(data)}\n\n`
const start = (usage: Record<string, number> = { input_tokens: 10, output_tokens: 1 }) =>
  event({ type: "message_start", message: { id: "msg_1", model: "claude-x", usage } })
const blockStart = (index: number, block: Record<string, unknown>) =>
  event({ type: "content_block_start", index, content_block: block })
const delta = (index: number, body: Record<string, unknown>) =>
  event({ type: "content_block_delta", index, delta: body })
const stop = (index: number) => event({ type: "content_block_stop", index })
const end = (stopReason: string, usage: Record<string, number> = { output_tokens: 5 }) =>
  event({ type: "message_delta", delta: { stop_reason: stopReason }, usage }) + event({ type: "message_stop" })

/** Reads `body` as one streamed answer; `cutEarly` ends the body without `message_stop`. */
const read = (body: string, jsonTool?: string) => {
  const reader = messagesAnswer.stream(ctx(jsonTool), 200)
  const events: Array<ChatEvent> = []
  const error = reader.push(body, events) ?? (reader.complete() ? undefined : reader.end(events))
  return { events, error, tags: events.map((e) => e._tag) }
}

describe("Anthropic stream reader", () => {
  it("counts the cache's reads and writes into the input, and says each", () => {
    const { events } = read(
      start({ input_tokens: 12, cache_read_input_tokens: 1000, cache_creation_input_tokens: 300, output_tokens: 1 }) +
        end("end_turn", { output_tokens: 7 })
    )
    expect(events.filter((e) => e._tag === "Usage")).toEqual([
      expect.objectContaining({ inputTokens: 1312, outputTokens: 7, cachedInputTokens: 1000, cacheWriteTokens: 300 })
    ])
  })

  it("without cache counts, the usage has none", () => {
    const usage = read(start() + end("end_turn")).events.find((e) => e._tag === "Usage")
    expect(usage).toMatchObject({ inputTokens: 10, outputTokens: 5 })
    expect(usage).not.toHaveProperty("cachedInputTokens")
    expect(usage).not.toHaveProperty("cacheWriteTokens")
  })

  it("a redacted_thinking block → a ReasoningSignature carrying its data", () => {
    const { events } = read(
      start() +
        blockStart(0, { type: "redacted_thinking", data: "EmwKAhgBEgy3va3p" }) +
        stop(0) +
        blockStart(1, { type: "text", text: "" }) +
        delta(1, { type: "text_delta", text: "Hi" }) +
        stop(1) +
        end("end_turn")
    )
    const signed = events.filter((e) => e._tag === "ReasoningSignature")
    expect(signed.map(({ redacted, signature }) => ({ redacted, signature }))).toEqual([
      { redacted: "EmwKAhgBEgy3va3p", signature: undefined }
    ])
    expect(events.map((e) => e._tag)).toEqual([
      "ResponseMetadata",
      "ReasoningSignature",
      "TextDelta",
      "Usage",
      "Finish"
    ])
  })

  it("a tool_use block whose start carries the whole input (a proxy) → one piece with that input", () => {
    const { events } = read(
      start() +
        blockStart(0, { type: "tool_use", id: "toolu_A", name: "get_weather", input: { location: "Oslo" } }) +
        stop(0) +
        end("tool_use")
    )
    expect(toolCalls(events)).toEqual([
      { id: "toolu_A", name: "get_weather", arguments: '{"location":"Oslo"}', ended: true }
    ])
  })

  it("counts tool calls from 0 whatever their block index, and skips a server tool's pieces", () => {
    const { events, tags } = read(
      start() +
        blockStart(0, { type: "text", text: "" }) +
        delta(0, { type: "text_delta", text: "Looking." }) +
        stop(0) +
        blockStart(1, { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: {} }) +
        delta(1, { type: "input_json_delta", partial_json: '{"query":"x"}' }) +
        stop(1) +
        blockStart(2, { type: "tool_use", id: "toolu_A", name: "a", input: {} }) +
        delta(2, { type: "input_json_delta", partial_json: '{"n":' }) +
        blockStart(3, { type: "tool_use", id: "toolu_B", name: "b", input: {} }) +
        delta(3, { type: "input_json_delta", partial_json: "{}" }) +
        delta(2, { type: "input_json_delta", partial_json: "1}" }) +
        stop(3) +
        stop(2) +
        end("tool_use")
    )
    expect(toolCalls(events)).toEqual([
      { id: "toolu_A", name: "a", arguments: '{"n":1}', ended: true },
      { id: "toolu_B", name: "b", arguments: "{}", ended: true }
    ])
    expect(events.filter((e) => e._tag === "ToolCallStart").map((e) => e.index)).toEqual([0, 1])
    expect(tags.slice(-2)).toEqual(["Usage", "Finish"])
  })

  it("a stream that ends after its stop reason, blocks still open, closes them before Usage and Finish", () => {
    const body =
      start() +
      blockStart(0, { type: "tool_use", id: "toolu_A", name: "a", input: {} }) +
      delta(0, { type: "input_json_delta", partial_json: '{"x":1}' }) +
      event({ type: "message_delta", delta: { stop_reason: "tool_use" }, usage: { output_tokens: 3 } })
    const { events, error, tags } = read(body)
    expect(error).toBeUndefined()
    expect(toolCalls(events)).toEqual([{ id: "toolu_A", name: "a", arguments: '{"x":1}', ended: true }])
    expect(tags.slice(-3)).toEqual(["ToolCallEnd", "Usage", "Finish"])
  })

  it("the JSON tool's call is text; with another tool called as well, the answer still waits for tool results", () => {
    const json = read(
      start() +
        blockStart(0, { type: "tool_use", id: "toolu_J", name: "city", input: {} }) +
        delta(0, { type: "input_json_delta", partial_json: '{"city":' }) +
        delta(0, { type: "input_json_delta", partial_json: '"Oslo"}' }) +
        stop(0) +
        end("tool_use"),
      "city"
    )
    expect(json.tags).not.toContain("ToolCallStart")
    expect(json.events.filter((e) => e._tag === "TextDelta").map((e) => e.text)).toEqual(['{"city":', '"Oslo"}'])
    expect(json.events.at(-1)).toMatchObject({ reason: "stop", raw: "tool_use" })

    const both = read(
      start() +
        blockStart(0, { type: "tool_use", id: "toolu_A", name: "get_weather", input: {} }) +
        stop(0) +
        blockStart(1, { type: "tool_use", id: "toolu_J", name: "city", input: {} }) +
        stop(1) +
        end("tool_use"),
      "city"
    )
    expect(toolCalls(both.events).map((call) => call.name)).toEqual(["get_weather"])
    expect(both.events.at(-1)).toMatchObject({ reason: "tool_calls", raw: "tool_use" })
  })

  it("an empty signature or text piece is not passed on", () => {
    const { events } = read(
      start() +
        blockStart(0, { type: "thinking", thinking: "", signature: "" }) +
        delta(0, { type: "thinking_delta", thinking: "" }) +
        delta(0, { type: "signature_delta", signature: "" }) +
        delta(0, { type: "signature_delta", signature: "abc" }) +
        stop(0) +
        end("end_turn")
    )
    expect(signatures(events)).toBe("abc")
    expect(events.map((e) => e._tag)).toEqual(["ResponseMetadata", "ReasoningSignature", "Usage", "Finish"])
  })

  it("a known event with a wrong shape is InvalidOutput (a tool_use start without its id)", () => {
    const { error } = read(start() + blockStart(0, { type: "tool_use", name: "a", input: {} }))
    expect(error?.reason).toBe("InvalidOutput")
    expect(error?.detail).toContain("content_block_start")
  })
})

describe("the text/thinking fast path", () => {
  const decodeSchema = Schema.decodeUnknownEither(StreamEvent)

  /** Values near a content delta: right and wrong types, indexes, deltas and fields, and anything at all. */
  const nearDelta = fc.record(
    {
      type: fc.constantFrom("content_block_delta", "content_block_start", "message_delta", "ping"),
      index: fc.oneof(fc.integer(), fc.double(), fc.constant(2 ** 53), fc.string(), fc.constant(null)),
      delta: fc.oneof(
        fc.record(
          {
            type: fc.constantFrom("text_delta", "thinking_delta", "signature_delta", "input_json_delta", "x"),
            text: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
            thinking: fc.oneof(fc.string(), fc.integer(), fc.constant(null))
          },
          { requiredKeys: ["type"] }
        ),
        fc.anything({ maxDepth: 2 })
      )
    },
    { requiredKeys: [] }
  )
  const anyValue = fc.oneof(nearDelta, fc.anything({ maxDepth: 2 }))

  it("never accepts a value the Schema refuses, and what it accepts decodes to the same event", () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        if (!isContentDelta(value)) return
        const decoded = decodeSchema(value)
        expect(Either.isRight(decoded)).toBe(true)
        // The Schema drops fields it does not read; every field it reads is the value's own.
        if (Either.isRight(decoded)) expect(value).toMatchObject(decoded.right)
      }),
      { numRuns: 2000 }
    )
  })

  it("decodes every JSON text exactly as the Schema does, or fails where it fails", () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const text = JSON.stringify(value) ?? "null"
        const viaSchema = Schema.decodeUnknownEither(Schema.parseJson(StreamEvent))(text)
        const viaFast = decodeEvent(text)
        expect(Either.isRight(viaFast)).toBe(Either.isRight(viaSchema))
        if (Either.isRight(viaFast) && Either.isRight(viaSchema)) expect(viaFast.right).toMatchObject(viaSchema.right)
      }),
      { numRuns: 2000 }
    )
  })

  it("really takes the shortcut for text and thinking deltas (the property above is not vacuous)", () => {
    expect(isContentDelta({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "a" } })).toBe(
      true
    )
    expect(
      isContentDelta({ type: "content_block_delta", index: 1, delta: { type: "thinking_delta", thinking: "b" } })
    ).toBe(true)
    expect(isContentDelta({ type: "content_block_delta", index: 1.5, delta: { type: "text_delta", text: "a" } })).toBe(
      false
    )
  })
})
