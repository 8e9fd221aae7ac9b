/**
 * Which models get `max_completion_tokens` instead of `max_tokens` (OpenAI's reasoning models answer the latter with
 * the recorded 400 `unsupported_parameter`), and that everything else keeps the field every server knows; then every
 * generation option as a body field, and the options with no Chat Completions field left out.
 */
import { describe, expect, it } from "@effect/vitest"
import { ChatRequest, type GenerationOptions, textMessage } from "@switchboard/core/domain/ChatRequest"
import { chatBody, Unsendable, usesMaxCompletionTokens } from "../../src/openai/ChatCompletionRequest"
import { chatRequest } from "../support/Fixtures"

describe("usesMaxCompletionTokens", () => {
  it.each([
    "o1",
    "o1-mini",
    "o3",
    "o3-mini-2025-01-31",
    "o4-mini",
    "gpt-5",
    "gpt-5-nano",
    "gpt-5.1",
    "openai/o3-mini",
    "O3"
  ])("%s → max_completion_tokens", (model) => {
    expect(usesMaxCompletionTokens(model)).toBe(true)
  })
  it.each([
    "gpt-4o",
    "gpt-4.1-nano",
    "gpt2",
    "llama3.1:8b",
    "Qwen/Qwen2.5-7B-Instruct",
    "deepseek-reasoner",
    "omni-moderation",
    "gpt-50x"
  ])("%s → max_tokens", (model) => {
    expect(usesMaxCompletionTokens(model)).toBe(false)
  })
})

describe("chatBody", () => {
  it("leaves the model out when the URL names it (Azure deployments) and limits only when set", () => {
    expect(chatBody(chatRequest("dep"), { modelInBody: false })).toEqual({
      messages: [{ role: "user", content: "Say hello." }],
      stream: true,
      stream_options: { include_usage: true }
    })
    expect(chatBody(chatRequest("gpt-5-mini", { maxTokens: 1 }), { modelInBody: true })).toMatchObject({
      model: "gpt-5-mini",
      max_completion_tokens: 1
    })
  })
})

/** The body for one user message and `options`, with the fields every body has taken out. */
const optionsOf = (options: Partial<GenerationOptions>, model = "gpt-4o") => {
  const body = chatBody(new ChatRequest({ model, messages: [textMessage("user", "Hi")], ...options }), {
    modelInBody: true
  })
  if (body instanceof Unsendable) throw new Error(body.detail)
  const { model: _model, messages: _messages, stream, stream_options, ...rest } = body
  expect({ stream, stream_options }).toEqual({ stream: true, stream_options: { include_usage: true } })
  return rest
}

describe("chatBody options", () => {
  it("sampling options by their wire names", () => {
    expect(
      optionsOf({
        maxTokens: 64,
        temperature: 0.2,
        topP: 0.9,
        stop: ["END", "\n\n"],
        seed: 42,
        presencePenalty: 0.5,
        frequencyPenalty: -0.5
      })
    ).toEqual({
      max_tokens: 64,
      temperature: 0.2,
      top_p: 0.9,
      stop: ["END", "\n\n"],
      seed: 42,
      presence_penalty: 0.5,
      frequency_penalty: -0.5
    })
  })

  it("zeros are sent (set is not the same as truthy)", () => {
    expect(optionsOf({ temperature: 0, seed: 0, presencePenalty: 0 })).toEqual({
      temperature: 0,
      seed: 0,
      presence_penalty: 0
    })
  })

  it("response formats: text is the default and omitted, json is json_object, a schema is json_schema", () => {
    expect(optionsOf({ responseFormat: { type: "text" } })).toEqual({})
    expect(optionsOf({ responseFormat: { type: "json" } })).toEqual({ response_format: { type: "json_object" } })
    const schema = { type: "object", properties: { city: { type: "string" } }, required: ["city"] }
    expect(optionsOf({ responseFormat: { type: "json_schema", name: "place", schema } })).toEqual({
      response_format: { type: "json_schema", json_schema: { name: "place", schema } }
    })
    expect(
      optionsOf({
        responseFormat: { type: "json_schema", name: "place", description: "A city", schema, strict: true }
      })
    ).toEqual({
      response_format: {
        type: "json_schema",
        json_schema: { name: "place", description: "A city", schema, strict: true }
      }
    })
  })

  it("tools are functions; a description only when given", () => {
    const parameters = { type: "object", properties: { city: { type: "string" } } }
    expect(
      optionsOf({
        tools: [
          { name: "get_weather", description: "Weather for a city", parameters },
          { name: "now", parameters: { type: "object", properties: {} } }
        ]
      })
    ).toEqual({
      tools: [
        { type: "function", function: { name: "get_weather", description: "Weather for a city", parameters } },
        { type: "function", function: { name: "now", parameters: { type: "object", properties: {} } } }
      ]
    })
  })

  it.each([
    ["auto", "auto"],
    ["none", "none"],
    ["required", "required"]
  ] as const)("tool choice %s is the string %s", (choice, wire) => {
    expect(optionsOf({ toolChoice: choice })).toEqual({ tool_choice: wire })
  })

  it("a named tool choice is a function choice; parallel_tool_calls as set", () => {
    expect(optionsOf({ toolChoice: { type: "tool", name: "get_weather" }, parallelToolCalls: false })).toEqual({
      tool_choice: { type: "function", function: { name: "get_weather" } },
      parallel_tool_calls: false
    })
  })

  it("reasoning effort is reasoning_effort; a token budget has no field and is not sent", () => {
    expect(optionsOf({ reasoning: { effort: "low", budgetTokens: 2048 } }, "o3-mini")).toEqual({
      reasoning_effort: "low"
    })
    expect(optionsOf({ reasoning: { budgetTokens: 2048 } })).toEqual({})
  })

  it("top-k, empty stop and tool lists are not sent", () => {
    expect(optionsOf({ topK: 40, stop: [], tools: [] })).toEqual({})
  })

  it("provider options go in last, at the top level, and win over ours", () => {
    expect(optionsOf({ temperature: 0.2, providerOptions: { top_k: 40, temperature: 1, user: "u-1" } })).toEqual({
      temperature: 1,
      top_k: 40,
      user: "u-1"
    })
  })

  it("a conversation that cannot be sent is Unsendable, not a body", () => {
    const request = new ChatRequest({
      model: "gpt-4o",
      messages: [{ role: "user", content: [{ type: "file", source: { type: "url", url: "https://x.test/a.pdf" } }] }]
    })
    expect(chatBody(request, { modelInBody: true })).toBeInstanceOf(Unsendable)
  })
})
