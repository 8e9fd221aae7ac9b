import { describe, expect, it } from "vitest"
import { formatCost } from "../../src/domain/CostText"
import { answerCost } from "../../src/domain/ModelPricing"

const gpt4o = { currency: "USD", input: 2.5, output: 10, cachedInput: 1.25 }

describe("answerCost", () => {
  it("prices input and output per million tokens", () => {
    expect(answerCost({ inputTokens: 1_200, outputTokens: 300 }, gpt4o)).toEqual({
      amount: (1_200 * 2.5 + 300 * 10) / 1e6,
      currency: "USD"
    })
  })

  it("prices cached and cache-write input apart, falling back to the input price", () => {
    const cost = answerCost(
      { inputTokens: 1_000, outputTokens: 0, cachedInputTokens: 600, cacheWriteTokens: 100 },
      { ...gpt4o, cacheWrite: 3.125 }
    )
    expect(cost?.amount).toBeCloseTo((300 * 2.5 + 600 * 1.25 + 100 * 3.125) / 1e6, 12)
    const fallback = answerCost({ inputTokens: 1_000, outputTokens: 0, cacheWriteTokens: 100 }, gpt4o)
    expect(fallback?.amount).toBeCloseTo((1_000 * 2.5) / 1e6, 12)
  })

  it("is unknown when a price the usage needs is missing, or there are no prices", () => {
    expect(answerCost({ inputTokens: 10, outputTokens: 5 }, { currency: "USD", input: 1 })).toBeUndefined()
    expect(answerCost({ inputTokens: 10, outputTokens: 5 }, undefined)).toBeUndefined()
    // Nothing generated: the missing output price does not matter.
    expect(answerCost({ inputTokens: 10, outputTokens: 0 }, { currency: "EUR", input: 1 })).toEqual({
      amount: 10 / 1e6,
      currency: "EUR"
    })
  })
})

describe("formatCost", () => {
  it.each([
    [{ amount: 0.0042, currency: "USD" }, "$0.0042"],
    [{ amount: 1.2, currency: "EUR" }, "€1.20"],
    [{ amount: 0, currency: "USD" }, "$0.0000"],
    [{ amount: 0.00001, currency: "USD" }, "<$0.0001"]
  ])("shows %j as %s", (cost, shown) => {
    expect(formatCost(cost)).toBe(shown)
  })
})
