import { describe, expect, it } from "@effect/vitest"
import { estimateTokens, measure } from "../../src/domain/Timing"

describe("measure", () => {
  it("measures speed over the generation, after the first token", () => {
    expect({
      ...measure({ startedAt: 1_000, firstTokenAt: 3_000, endedAt: 5_000, outputTokens: 100, generatedText: "" })
    }).toEqual({ firstTokenMs: 2_000, totalMs: 4_000, tokensPerSecond: 50, tokensEstimated: false })
  })

  it("estimates the token count from the text when the provider reported none", () => {
    const timing = measure({
      startedAt: 0,
      firstTokenAt: 0,
      endedAt: 2_000,
      outputTokens: undefined,
      generatedText: "x".repeat(401)
    })
    expect(estimateTokens("x".repeat(401))).toBe(101)
    expect(timing.tokensPerSecond).toBe(50.5)
    expect(timing.tokensEstimated).toBe(true)
  })

  it("measures an answer that arrived in one piece over the whole request", () => {
    const timing = measure({ startedAt: 0, firstTokenAt: 800, endedAt: 800, outputTokens: 4, generatedText: "" })
    expect(timing.tokensPerSecond).toBe(5)
  })

  it("has no first token and no speed when nothing was generated", () => {
    expect({
      ...measure({ startedAt: 0, firstTokenAt: undefined, endedAt: 300, outputTokens: undefined, generatedText: "" })
    }).toEqual({ firstTokenMs: null, totalMs: 300, tokensPerSecond: null, tokensEstimated: true })
  })

  it("has no speed when no time passed at all", () => {
    expect(
      measure({ startedAt: 5, firstTokenAt: 5, endedAt: 5, outputTokens: 3, generatedText: "abc" }).tokensPerSecond
    ).toBeNull()
  })
})
