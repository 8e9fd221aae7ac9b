/**
 * A translated answer written as the Responses API's: every stream event and every complete `response` is held to
 * the vendored OpenAI spec's schemas (`ResponseStreamEvent`, `Response`), numbered in order, with items whose ids
 * carry them wherever the item is whole when its id is written.
 */
import {
  type ChatEvent,
  Finish,
  ReasoningDelta,
  ReasoningSignature,
  TextDelta,
  ToolCallDelta,
  ToolCallEnd,
  ToolCallStart,
  Usage
} from "@switchboard/core/domain/ChatEvent"
import { ProviderError } from "@switchboard/core/domain/Errors"
import { schemaErrors } from "@switchboard/testing/SpecSchema"
import { describe, expect, it } from "vitest"
import { describe as describeError } from "../../src/ErrorTable"
import { Collected } from "../../src/gateway/Collected"
import { carriedItem, openedSignature } from "../../src/gateway/ResponsesIds"
import type { Translation } from "../../src/gateway/ResponsesRequest"
import { responsesErrors, responsesWriter } from "../../src/gateway/ResponsesWriter"
import type { Json } from "../support/TestApp"

const translation: Translation = {
  request: {
    model: "claude/claude-sonnet-4-5",
    input: "Weather in Paris?",
    instructions: "Be brief.",
    tools: [{ type: "function", name: "weather", parameters: { type: "object", properties: {} } }],
    metadata: { run: "7" }
  },
  signedBy: "anthropic"
}

const writer = () => responsesWriter("claude/claude-sonnet-4-5", translation)

/** The events of one stream, parsed, after checking that each frame's name is its data's `type`. */
const parse = (text: string): Array<Json> =>
  text
    .split("\n\n")
    .filter((frame) => frame !== "")
    .map((frame) => {
      const [event, data] = frame.split("\n")
      const parsed = JSON.parse(data!.slice("data: ".length))
      expect(event).toBe(`event: ${parsed.type}`)
      return parsed
    })

const collected = (events: ReadonlyArray<ChatEvent>) => {
  const answer = new Collected()
  for (const event of events) answer.take(event)
  return answer
}

/** Streams `events` (in reads of `split` events), then finishes. */
const stream = (events: ReadonlyArray<ChatEvent>, split = 2) => {
  const frames = writer().frames()
  let text = ""
  for (let i = 0; i < events.length; i += split) text += frames.events(events.slice(i, i + split))
  return parse(text + frames.finish(collected(events)))
}

const expectSpecValid = (events: ReadonlyArray<Record<string, unknown>>) => {
  for (const event of events)
    expect(schemaErrors("openai", "ResponseStreamEvent", event), String(event.type)).toEqual([])
  expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, i) => i))
}

const thinking = [
  new ReasoningDelta({ text: "The user wants" }),
  new ReasoningDelta({ text: " the weather." }),
  new ReasoningSignature({ signature: "sig-1" })
]
const toolCall = [
  new ToolCallStart({ index: 0, id: "toolu_1", name: "weather" }),
  new ToolCallDelta({ index: 0, arguments: '{"city":' }),
  new ToolCallDelta({ index: 0, arguments: '"Paris"}' }),
  new ToolCallEnd({ index: 0 })
]
const usage = new Usage({ inputTokens: 12, outputTokens: 5, cachedInputTokens: 4, reasoningTokens: 2 })

describe("a streamed answer", () => {
  it("writes the spec's events in order: reasoning, text, a call, then the completed response", () => {
    const events = stream([
      ...thinking,
      new TextDelta({ text: "Let me" }),
      new TextDelta({ text: " check." }),
      ...toolCall,
      usage,
      new Finish({ reason: "tool_calls" })
    ])
    expectSpecValid(events)
    expect(events.map((event) => event.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.reasoning_summary_part.added",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.done",
      "response.reasoning_summary_part.done",
      "response.output_item.done",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.output_item.added",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.done",
      "response.output_item.done",
      "response.completed"
    ])
    const completed = events.at(-1)!.response
    expect(schemaErrors("openai", "Response", completed)).toEqual([])
    expect(completed).toMatchObject({
      object: "response",
      status: "completed",
      model: "claude/claude-sonnet-4-5",
      instructions: "Be brief.",
      metadata: { run: "7" },
      store: false,
      usage: {
        input_tokens: 12,
        input_tokens_details: { cached_tokens: 4 },
        output_tokens: 5,
        output_tokens_details: { reasoning_tokens: 2 },
        total_tokens: 17
      }
    })
    expect(events[0]!.response.id).toBe(completed.id)
    expect(completed.id).toMatch(/^resp_/)
    // The final output is what the item events said, ids included.
    const done = events.filter((event) => event.type === "response.output_item.done").map((event) => event.item)
    expect(completed.output).toEqual(done)
    const [reasoning, message, call] = done
    expect(reasoning).toMatchObject({ summary: [{ type: "summary_text", text: "The user wants the weather." }] })
    expect(openedSignature(reasoning.encrypted_content)).toEqual({ signature: "sig-1", signedBy: "anthropic" })
    expect(message).toMatchObject({ status: "completed", content: [{ type: "output_text", text: "Let me check." }] })
    expect(call).toMatchObject({ call_id: "toolu_1", name: "weather", arguments: '{"city":"Paris"}' })
    // Text went out before its item was whole: its id carries nothing. The call was written at its end.
    expect(carriedItem(message.id)).toBeUndefined()
    expect(carriedItem(call.id)).toEqual({
      type: "function_call",
      call_id: "toolu_1",
      name: "weather",
      arguments: '{"city":"Paris"}'
    })
    expect(events.filter((event) => event.item_id === call.id)).toHaveLength(2)
  })

  it("ends an answer cut at the token limit as response.incomplete, its message incomplete", () => {
    const events = stream([new TextDelta({ text: "A long" }), usage, new Finish({ reason: "length" })])
    expectSpecValid(events)
    const last = events.at(-1)!
    expect(last.type).toBe("response.incomplete")
    expect(last.response).toMatchObject({
      status: "incomplete",
      incomplete_details: { reason: "max_output_tokens" },
      output: [{ type: "message", status: "incomplete" }]
    })
  })

  it("writes calls that never said they ended at the finish, each whole", () => {
    const second = [
      new ToolCallStart({ index: 1, id: "toolu_2", name: "time", signature: "gem-sig" }),
      new ToolCallDelta({ index: 1, arguments: "{}" })
    ]
    const events = stream([...toolCall.slice(0, 3), ...second, new Finish({ reason: "tool_calls" })], 1)
    expectSpecValid(events)
    const output = events.at(-1)!.response.output
    expect(output.map((item: { call_id: string }) => item.call_id)).toEqual(["toolu_1", "toolu_2"])
    expect(carriedItem(output[1].id)).toMatchObject({ signature: "gem-sig", signedBy: "anthropic" })
  })

  it("starts even when nothing came before the finish", () => {
    const events = stream([new Finish({ reason: "stop" })])
    expectSpecValid(events)
    expect(events.map((event) => event.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.completed"
    ])
  })

  it("ends a failed stream with an error event the SDKs read, numbered after the rest", () => {
    const frames = writer().frames()
    const text = frames.events([new TextDelta({ text: "Hi" })])
    const info = describeError(new ProviderError({ reason: "Network", url: "u", detail: "The connection was cut." }))
    const events = parse(text + frames.error(info))
    expectSpecValid(events)
    expect(events.at(-1)).toMatchObject({
      type: "error",
      code: "provider_error",
      param: null,
      error: { type: "api_error", code: "provider_error", reason: "Network" }
    })
    // A relayed stream's cut: the same event, with no count of the upstream's.
    const relayed = parse(responsesErrors.frame(info))
    expect(schemaErrors("openai", "ResponseStreamEvent", relayed[0])).toEqual([])
  })
})

describe("a complete answer", () => {
  it("is one spec-valid response whose every item id carries its item", () => {
    const answer = collected([...thinking, new TextDelta({ text: "Let me check." }), ...toolCall, usage])
    answer.take(new Finish({ reason: "tool_calls" }))
    const response = writer().complete(answer) as Json
    expect(schemaErrors("openai", "Response", response)).toEqual([])
    expect(response.output.map((item: { type: string }) => item.type)).toEqual([
      "reasoning",
      "message",
      "function_call"
    ])
    expect(response.output.map((item: { id: string }) => carriedItem(item.id))).toEqual([
      { type: "reasoning", text: "The user wants the weather.", signature: "sig-1", signedBy: "anthropic" },
      { type: "message", text: "Let me check." },
      { type: "function_call", call_id: "toolu_1", name: "weather", arguments: '{"city":"Paris"}' }
    ])
    expect(response.tools).toEqual([
      {
        type: "function",
        name: "weather",
        description: null,
        parameters: { type: "object", properties: {} },
        strict: null
      }
    ])
  })

  it("always holds a message when the model called no tool, even an empty one", () => {
    const response = writer().complete(collected([new Finish({ reason: "stop" })])) as Json
    expect(schemaErrors("openai", "Response", response)).toEqual([])
    expect(response.output).toMatchObject([{ type: "message", content: [{ type: "output_text", text: "" }] }])
  })

  it("says why an answer was filtered", () => {
    const response = writer().complete(collected([new Finish({ reason: "content_filter" })])) as Json
    expect(response).toMatchObject({ status: "incomplete", incomplete_details: { reason: "content_filter" } })
    expect(schemaErrors("openai", "Response", response)).toEqual([])
  })
})
