/**
 * A whole `message` body (a proxy that did not stream, or Prism) gives the events its stream would: metadata, text,
 * thinking with its signature, redacted thinking, tool calls with their input as arguments, the JSON tool's call as
 * text, usage with the cache's counts, and the finish.
 */
import type { ChatEvent } from "@switchboard/core/domain/ChatEvent"
import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { fromMessage } from "../../src/anthropic/AnthropicMessage"
import { Message } from "../../src/anthropic/AnthropicWire"
import { signatures, toolCalls } from "./Harness"

const message = (body: Record<string, unknown>) =>
  Schema.decodeUnknownSync(Message)({ type: "message", id: "msg_W", model: "claude-x", ...body })

const plain = (events: ReadonlyArray<ChatEvent>) => events.map(({ _tag, ...fields }) => ({ _tag, ...fields }))

describe("Anthropic whole message", () => {
  it("maps every block, in order, then usage (cache counted in) and the finish", () => {
    const events = fromMessage(
      message({
        content: [
          { type: "thinking", thinking: "Weather needs a tool.", signature: "sig-W" },
          { type: "redacted_thinking", data: "REDACTED" },
          { type: "text", text: "Checking." },
          { type: "tool_use", id: "toolu_1", name: "get_weather", input: { location: "Paris" } },
          { type: "tool_use", id: "toolu_2", name: "now", input: {} },
          { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: {} }
        ],
        stop_reason: "tool_use",
        usage: { input_tokens: 20, cache_read_input_tokens: 200, cache_creation_input_tokens: 0, output_tokens: 9 }
      })
    )
    expect(plain(events)).toEqual([
      { _tag: "ResponseMetadata", id: "msg_W", model: "claude-x" },
      { _tag: "ReasoningDelta", text: "Weather needs a tool." },
      { _tag: "ReasoningSignature", signature: "sig-W" },
      { _tag: "ReasoningSignature", redacted: "REDACTED" },
      { _tag: "TextDelta", text: "Checking." },
      { _tag: "ToolCallStart", index: 0, id: "toolu_1", name: "get_weather" },
      { _tag: "ToolCallDelta", index: 0, arguments: '{"location":"Paris"}' },
      { _tag: "ToolCallEnd", index: 0 },
      { _tag: "ToolCallStart", index: 1, id: "toolu_2", name: "now" },
      { _tag: "ToolCallDelta", index: 1, arguments: "{}" },
      { _tag: "ToolCallEnd", index: 1 },
      { _tag: "Usage", inputTokens: 220, outputTokens: 9, cachedInputTokens: 200, cacheWriteTokens: 0 },
      { _tag: "Finish", reason: "tool_calls", raw: "tool_use" }
    ])
    expect(toolCalls(events)).toHaveLength(2)
    expect(signatures(events)).toBe("sig-W")
  })

  it("the JSON tool's call is the answer's text, finishing stop", () => {
    const body = message({
      content: [{ type: "tool_use", id: "toolu_J", name: "city", input: { city: "Oslo" } }],
      stop_reason: "tool_use",
      usage: { input_tokens: 5, output_tokens: 3 }
    })
    const events = fromMessage(body, "city")
    expect(toolCalls(events)).toEqual([])
    expect(events.filter((e) => e._tag === "TextDelta").map((e) => e.text)).toEqual(['{"city":"Oslo"}'])
    expect(events.at(-1)).toMatchObject({ _tag: "Finish", reason: "stop", raw: "tool_use" })
    // Without the JSON tool's name, the same message is an ordinary call.
    expect(fromMessage(body).at(-1)).toMatchObject({ reason: "tool_calls" })
  })

  it("leaves out empty text and thinking, and a message without id, model or usage says none", () => {
    const events = fromMessage(
      Schema.decodeUnknownSync(Message)({
        type: "message",
        content: [
          { type: "thinking", thinking: "", signature: "" },
          { type: "text", text: "" }
        ],
        stop_reason: "end_turn"
      })
    )
    expect(plain(events)).toEqual([{ _tag: "Finish", reason: "stop", raw: "end_turn" }])
  })
})
