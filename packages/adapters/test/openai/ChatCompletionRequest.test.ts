/**
 * Which models get `max_completion_tokens` instead of `max_tokens` (OpenAI's reasoning models answer the latter with
 * the recorded 400 `unsupported_parameter`), and that everything else keeps the field every server knows.
 */
import { describe, expect, it } from "@effect/vitest"
import { chatBody, usesMaxCompletionTokens } from "../../src/openai/ChatCompletionRequest"
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
