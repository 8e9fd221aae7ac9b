/**
 * Tool-call fragments → neutral events, for the ways servers differ from OpenAI's own stream (which the recorded
 * files cover): everything in one fragment, ids and names repeated, no index, one index for every call, no id,
 * arguments before the name.
 */
import { describe, expect, it } from "@effect/vitest"
import type { ChatEvent } from "@switchboard/core/domain/ChatEvent"
import { ToolCallReader } from "../../src/openai/ChatCompletionToolCalls"
import type { WireToolCall } from "../../src/openai/OpenAiWire"

/** The events of `deltas` (each one delta's `tool_calls`), then of the choice finishing, as plain objects. */
const read = (...deltas: ReadonlyArray<ReadonlyArray<WireToolCall>>) => {
  const reader = new ToolCallReader()
  const out: Array<ChatEvent> = []
  for (const fragments of deltas) reader.read(fragments, out)
  reader.endAll(out)
  return out.map((event) => ({ ...event }))
}

const start = (index: number, id: string, name: string) => ({ _tag: "ToolCallStart", index, id, name })
const delta = (index: number, args: string) => ({ _tag: "ToolCallDelta", index, arguments: args })
const end = (index: number) => ({ _tag: "ToolCallEnd", index })

describe("ToolCallReader", () => {
  it("OpenAI's way: id and name first with empty arguments, then pieces", () => {
    expect(
      read(
        [{ index: 0, id: "call_a", type: "function", function: { name: "f", arguments: "" } }],
        [{ index: 0, function: { arguments: '{"x"' } }],
        [{ index: 0, function: { arguments: ":1}" } }]
      )
    ).toEqual([start(0, "call_a", "f"), delta(0, '{"x"'), delta(0, ":1}"), end(0)])
  })

  it("a whole call in one fragment, and two whole calls in one delta", () => {
    expect(
      read([
        { index: 0, id: "a", function: { name: "f", arguments: "{}" } },
        { index: 1, id: "b", function: { name: "g", arguments: '{"y":2}' } }
      ])
    ).toEqual([start(0, "a", "f"), delta(0, "{}"), start(1, "b", "g"), delta(1, '{"y":2}'), end(0), end(1)])
  })

  it("the id and name repeated on every fragment start the call once", () => {
    expect(
      read(
        [{ index: 0, id: "a", type: "function", function: { name: "f", arguments: '{"x":' } }],
        [{ index: 0, id: "a", type: "function", function: { name: "f", arguments: "1}" } }]
      )
    ).toEqual([start(0, "a", "f"), delta(0, '{"x":'), delta(0, "1}"), end(0)])
  })

  it("our index counts calls from 0 in the order they start, whatever the server numbered them", () => {
    expect(
      read(
        [{ index: 3, id: "c", function: { name: "h", arguments: "" } }],
        [{ index: 1, id: "b", function: { name: "g", arguments: "" } }],
        [{ index: 3, function: { arguments: "{}" } }]
      )
    ).toEqual([start(0, "c", "h"), start(1, "b", "g"), delta(0, "{}"), end(0), end(1)])
  })

  it("no index: a fragment's place in its list", () => {
    expect(
      read([
        { id: "a", function: { name: "f", arguments: "{}" } },
        { id: "b", function: { name: "g", arguments: "{}" } }
      ])
    ).toEqual([start(0, "a", "f"), delta(0, "{}"), start(1, "b", "g"), delta(1, "{}"), end(0), end(1)])
  })

  it("a new id under an open call's index ends that call and starts another", () => {
    expect(
      read(
        [{ index: 0, id: "a", function: { name: "f", arguments: "{}" } }],
        [{ index: 0, id: "b", function: { name: "g", arguments: "{}" } }]
      )
    ).toEqual([start(0, "a", "f"), delta(0, "{}"), end(0), start(1, "b", "g"), delta(1, "{}"), end(1)])
  })

  it("no id: one is made up so the call can still be answered", () => {
    expect(read([{ index: 0, function: { name: "f", arguments: "{}" } }])).toEqual([
      start(0, "call_0", "f"),
      delta(0, "{}"),
      end(0)
    ])
  })

  it("arguments before the name wait for it; a call never named makes no events", () => {
    expect(
      read(
        [{ index: 0, id: "a", function: { arguments: '{"x":' } }],
        [{ index: 0, function: { name: "f", arguments: "1}" } }],
        [{ index: 1, id: "b", function: { arguments: "{}" } }]
      )
    ).toEqual([start(0, "a", "f"), delta(0, '{"x":'), delta(0, "1}"), end(0)])
  })

  it("null fields and an empty list are nothing", () => {
    expect(read([], [{ index: null, id: null, type: null, function: null }])).toEqual([])
  })
})
