import { Timing } from "@switchboard/core/domain/Timing"
import { describe, expect, it } from "vitest"
import { footerText, transcriptLines } from "../../../src/components/chat/transcriptLines"
import { shown } from "../../../src/state/Shown"

describe("footerText", () => {
  it("says tokens in and out, time to first token, speed and total", () => {
    const timing = new Timing({ firstTokenMs: 120, totalMs: 2400, tokensPerSecond: 42.5, tokensEstimated: false })
    expect(footerText({ inputTokens: 12, outputTokens: 96, timing, finishReason: "stop" })).toBe(
      "in 12 · out 96 tokens · first token 120 ms · 42.5 tok/s · total 2.4 s"
    )
  })

  it("says the cost after the tokens, where prices are known", () => {
    const timing = new Timing({ firstTokenMs: 120, totalMs: 2400, tokensPerSecond: 42.5, tokensEstimated: false })
    const cost = { amount: 0.0042, currency: "USD" }
    expect(footerText({ inputTokens: 1200, outputTokens: 300, cost, timing, finishReason: "stop" })).toBe(
      "in 1200 · out 300 tokens · $0.0042 · first token 120 ms · 42.5 tok/s · total 2.4 s"
    )
  })

  it("marks an estimated speed and an unusual finish", () => {
    const timing = new Timing({ firstTokenMs: null, totalMs: 50, tokensPerSecond: 10, tokensEstimated: true })
    expect(footerText({ inputTokens: undefined, outputTokens: undefined, timing, finishReason: "length" })).toBe(
      "~10.0 tok/s · total 50 ms · finish: length"
    )
  })
})

describe("transcriptLines", () => {
  it("labels each message, shows errors and cancellations, and keeps lines inside the width", () => {
    const lines = transcriptLines(
      [
        shown({ role: "user", content: "Hello" }),
        shown({ role: "assistant", content: "A".repeat(100), by: "vLLM / gpt2", cancelled: true }),
        shown({
          role: "assistant",
          content: "",
          by: "vLLM / gpt2",
          error: { tag: "ProviderError", reason: "Network", message: "Network from http://x: refused." }
        })
      ],
      undefined,
      40
    )
    expect(lines.every((line) => line.text.length <= 40)).toBe(true)
    expect(lines.map((l) => l.text)).toContain("you")
    expect(lines.find((l) => l.tone === "warning")?.text).toContain("stopped")
    expect(lines.find((l) => l.tone === "error")?.text).toBe("  ✗ Network from http://x: refused.")
  })

  it("shows a streaming answer with its cursor, or that it waits for the first token", () => {
    const streaming = {
      by: "vLLM / gpt2",
      text: "",
      reasoning: "",
      url: undefined,
      inputTokens: undefined,
      outputTokens: undefined
    }
    expect(transcriptLines([], streaming, 80).map((l) => l.text)).toEqual([
      "vLLM / gpt2",
      "  waiting for the first token…"
    ])
    const going = transcriptLines([], { ...streaming, text: "Hi", reasoning: "thinking" }, 80)
    expect(going.map((l) => [l.text, l.tone])).toEqual([
      ["vLLM / gpt2", "label"],
      ["  thinking", "reasoning"],
      ["  Hi▌", "text"]
    ])
  })
})
