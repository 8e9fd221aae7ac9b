/**
 * The generation options as Messages body fields: the token limit (always sent), sampling (temperature clamped to
 * Anthropic's range), stop sequences, and thinking with the rules Anthropic sets around it.
 */
import type { GenerationOptions } from "@switchboard/core/domain/ChatRequest"
import { describe, expect, it } from "@effect/vitest"
import {
  defaultMaxTokens,
  effortBudget,
  minThinkingBudget,
  optionFields,
  thinkingBudget
} from "../../src/anthropic/AnthropicOptions"

const fields = (options: GenerationOptions) => optionFields(options, thinkingBudget(options.reasoning))

describe("AnthropicOptions", () => {
  it("sends the sampling options, temperature capped at 1, and leaves out what Anthropic has no field for", () => {
    expect(
      fields({
        maxTokens: 300,
        temperature: 1.7,
        topP: 0.9,
        topK: 40,
        stop: ["END", "\n\n"],
        seed: 7,
        presencePenalty: 0.5,
        frequencyPenalty: -0.5
      })
    ).toEqual({ max_tokens: 300, temperature: 1, top_p: 0.9, top_k: 40, stop_sequences: ["END", "\n\n"] })
    expect(fields({ temperature: 0.4 })).toEqual({ max_tokens: defaultMaxTokens, temperature: 0.4 })
  })

  it.each([
    [{ budgetTokens: 2000 }, 2000],
    [{ budgetTokens: 10 }, minThinkingBudget],
    [{ budgetTokens: 0, effort: "high" as const }, undefined],
    [{ effort: "minimal" as const }, 1024],
    [{ effort: "low" as const }, 1024],
    [{ effort: "medium" as const }, 4096],
    [{ effort: "high" as const }, 16384],
    [{ effort: "low" as const, budgetTokens: 5000 }, 5000],
    [{}, undefined]
  ])("reasoning %j → a thinking budget of %s", (reasoning, budget) => {
    expect(thinkingBudget(reasoning)).toBe(budget)
    expect(fields({ reasoning }).thinking).toEqual(
      budget === undefined ? undefined : { type: "enabled", budget_tokens: budget }
    )
  })

  it("documents each effort's budget", () => {
    expect(effortBudget).toEqual({ minimal: 1024, low: 1024, medium: 4096, high: 16384 })
  })

  it("keeps max_tokens above the thinking budget: a limit at or under it becomes budget + limit", () => {
    expect(fields({ reasoning: { budgetTokens: 4096 }, maxTokens: 1000 }).max_tokens).toBe(5096)
    expect(fields({ reasoning: { budgetTokens: 4096 }, maxTokens: 4096 }).max_tokens).toBe(8192)
    expect(fields({ reasoning: { budgetTokens: 4096 }, maxTokens: 20000 }).max_tokens).toBe(20000)
    expect(fields({ reasoning: { effort: "high" } }).max_tokens).toBe(16384 + defaultMaxTokens)
  })

  it("with thinking, sends no temperature or top_k (Anthropic refuses them) and top_p from 0.95", () => {
    expect(
      fields({ reasoning: { effort: "medium" }, temperature: 0.2, topK: 5, topP: 0.5, maxTokens: 8000, stop: ["X"] })
    ).toEqual({
      max_tokens: 8000,
      thinking: { type: "enabled", budget_tokens: 4096 },
      top_p: 0.95,
      stop_sequences: ["X"]
    })
    expect(fields({ reasoning: { effort: "medium" }, topP: 0.99 }).top_p).toBe(0.99)
  })
})
