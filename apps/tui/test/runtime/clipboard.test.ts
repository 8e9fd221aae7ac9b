import { describe, expect, it } from "vitest"
import { osc52 } from "../../src/runtime/clipboard"

describe("osc52", () => {
  it("carries the text base64-encoded as UTF-8 to the clipboard selection", () => {
    const sequence = osc52("Bonjour 👋 日本")
    expect(sequence.startsWith("\x1b]52;c;")).toBe(true)
    expect(sequence.endsWith("\x07")).toBe(true)
    expect(Buffer.from(sequence.slice(7, -1), "base64").toString("utf8")).toBe("Bonjour 👋 日本")
  })
})
