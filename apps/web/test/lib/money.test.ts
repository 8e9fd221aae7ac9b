/** Token counts and money as the dashboard shows them. */
import { describe, expect, it } from "vitest"
import { formatCost } from "@switchboard/core/domain/CostText"
import { formatPricing, formatTokens } from "../../src/lib/money"

describe("formatTokens", () => {
  it("reads windows as providers write them, 2^n ones included", () => {
    expect([512, 1500, 4096, 16_384, 128_000, 131_072, 200_000, 1_048_576].map(formatTokens)).toEqual([
      "512",
      "1.5k",
      "4k",
      "16k",
      "128k",
      "128k",
      "200k",
      "1M"
    ])
  })
})

describe("formatCost", () => {
  it("shows four digits under one unit, two above, and a floor for tiny amounts", () => {
    expect(formatCost({ amount: 0.0042, currency: "USD" })).toBe("$0.0042")
    expect(formatCost({ amount: 1.2, currency: "EUR" })).toBe("€1.20")
    expect(formatCost({ amount: 0.00001, currency: "USD" })).toBe("<$0.0001")
    expect(formatCost({ amount: 0, currency: "USD" })).toBe("$0.0000")
  })
})

describe("formatPricing", () => {
  it("gives input and output per million tokens, with the digits a price has", () => {
    expect(formatPricing({ currency: "USD", input: 2.5, output: 10 })).toBe("$2.50 in · $10.00 out per M")
    expect(formatPricing({ currency: "USD", input: 0.075 })).toBe("$0.075 in per M")
    expect(formatPricing({ currency: "EUR" })).toBe("no prices (EUR)")
  })
})
