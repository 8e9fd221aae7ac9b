/**
 * Tools and tool choice as `tools` and `tool_choice`, and a JSON response format as a forced tool the way the Vercel
 * AI SDK's Anthropic provider does it.
 */
import type { GenerationOptions, ToolDefinition } from "@switchboard/core/domain/ChatRequest"
import { describe, expect, it } from "@effect/vitest"
import { jsonTool } from "../../src/anthropic/AnthropicJsonTool"
import { toolFields } from "../../src/anthropic/AnthropicTools"

const weather: ToolDefinition = {
  name: "get_weather",
  description: "The weather at a place.",
  parameters: { type: "object", properties: { location: { type: "string" } }, required: ["location"] }
}
const clock: ToolDefinition = { name: "now", parameters: { type: "object", properties: {} } }

const weatherParam = {
  name: "get_weather",
  description: "The weather at a place.",
  input_schema: weather.parameters
}
const clockParam = { name: "now", input_schema: clock.parameters }

const citySchema = { type: "object", properties: { city: { type: "string" } }, required: ["city"] }
const cityFormat = { type: "json_schema", name: "city", schema: citySchema } as const

const fields = (options: GenerationOptions, thinking = false) => toolFields(options, thinking)

describe("AnthropicTools", () => {
  it("sends each tool with its schema as input_schema, a description only when it has one", () => {
    expect(fields({ tools: [weather, clock] })).toEqual({ tools: [weatherParam, clockParam] })
  })

  it.each([
    ["auto", { type: "auto" }],
    ["none", { type: "none" }],
    ["required", { type: "any" }],
    [
      { type: "tool", name: "now" },
      { type: "tool", name: "now" }
    ]
  ] as const)("tool choice %j → %j", (toolChoice, wire) => {
    expect(fields({ tools: [weather, clock], toolChoice }).tool_choice).toEqual(wire)
  })

  it("parallelToolCalls: false → disable_parallel_tool_use on the choice (auto when none was given)", () => {
    expect(fields({ tools: [weather], parallelToolCalls: false }).tool_choice).toEqual({
      type: "auto",
      disable_parallel_tool_use: true
    })
    expect(fields({ tools: [weather], toolChoice: "required", parallelToolCalls: false }).tool_choice).toEqual({
      type: "any",
      disable_parallel_tool_use: true
    })
    // `none` has no such field: nothing is called, in parallel or not.
    expect(fields({ tools: [weather], toolChoice: "none", parallelToolCalls: false }).tool_choice).toEqual({
      type: "none"
    })
    expect(fields({ tools: [weather], parallelToolCalls: true }).tool_choice).toBeUndefined()
  })

  it("sends neither field without tools, whatever the choice", () => {
    expect(fields({ toolChoice: "required", parallelToolCalls: false })).toEqual({})
    expect(fields({ tools: [] })).toEqual({})
  })

  it("a json_schema format → a tool named after it with its schema, forced", () => {
    expect(fields({ responseFormat: { ...cityFormat, description: "A city." } })).toEqual({
      tools: [{ name: "city", description: "A city.", input_schema: citySchema }],
      tool_choice: { type: "tool", name: "city", disable_parallel_tool_use: true }
    })
  })

  it("a json format → a tool named json taking any object, forced; a text format → nothing", () => {
    expect(fields({ responseFormat: { type: "json" } })).toEqual({
      tools: [{ name: "json", description: "Respond with a JSON object.", input_schema: { type: "object" } }],
      tool_choice: { type: "tool", name: "json", disable_parallel_tool_use: true }
    })
    expect(fields({ responseFormat: { type: "text" } })).toEqual({})
    expect(jsonTool({ type: "text" })).toBeUndefined()
  })

  it("with the caller's tools too: the JSON tool is added and any tool must be called", () => {
    expect(fields({ tools: [weather], toolChoice: "auto", responseFormat: cityFormat })).toEqual({
      tools: [weatherParam, { name: "city", description: "Respond with a JSON object.", input_schema: citySchema }],
      tool_choice: { type: "any", disable_parallel_tool_use: true }
    })
    // The caller's named tool stands; `none` leaves only the JSON tool to call.
    expect(
      fields({ tools: [weather], toolChoice: { type: "tool", name: "get_weather" }, responseFormat: cityFormat })
        .tool_choice
    ).toEqual({ type: "tool", name: "get_weather", disable_parallel_tool_use: true })
    expect(fields({ tools: [weather], toolChoice: "none", responseFormat: cityFormat }).tool_choice).toEqual({
      type: "tool",
      name: "city",
      disable_parallel_tool_use: true
    })
  })

  it("with thinking, the JSON tool is only offered: Anthropic refuses forced tool use with thinking", () => {
    expect(fields({ responseFormat: cityFormat }, true).tool_choice).toEqual({
      type: "auto",
      disable_parallel_tool_use: true
    })
  })
})
