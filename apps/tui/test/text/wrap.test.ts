import stringWidth from "string-width"
import { describe, expect, it } from "vitest"
import { wrap } from "../../src/text/wrap"

describe("wrap", () => {
  it("breaks at spaces within the width, and hard-breaks a long word", () => {
    expect(wrap("the quick brown fox", 10)).toEqual(["the quick", "brown fox"])
    expect(wrap("abcdefghij12345", 10)).toEqual(["abcdefghij", "12345"])
    expect(wrap("one\n\ntwo", 10)).toEqual(["one", "", "two"])
    expect(wrap("hello world", 5)).toEqual(["hello", "world"])
    expect(wrap("a  b", 1)).toEqual(["a", "b"])
  })

  it("measures emoji and CJK as two columns and loses no text at a break", () => {
    const text = "Bonjour 👋 ça va? 日本語のテキストはとても長いです"
    for (const width of [8, 12, 17, 30]) {
      const lines = wrap(text, width)
      expect(lines.every((line) => stringWidth(line) <= width)).toBe(true)
      expect(lines.join("").replace(/ /g, "")).toBe(text.replace(/ /g, ""))
    }
    expect(wrap(text, 12)).toEqual(["Bonjour 👋", "ça va?", "日本語のテキ", "ストはとても", "長いです"])
  })

  it("wraps a 3,000-character answer in a few milliseconds, since the chat re-wraps it every 40 ms", () => {
    // As it streams in: mostly ASCII, with the cursor mark at the end.
    const text = `${Array.from({ length: 600 }, (_, i) => `t${i} `).join("")}▌`
    const times = Array.from({ length: 5 }, () => {
      const start = performance.now()
      wrap(text, 76)
      return performance.now() - start
    })
    // wrap-ansi took ~40 ms here, segmenting every character ~6 ms; the best of five runs leaves out a busy machine.
    expect(Math.min(...times)).toBeLessThan(4)
    expect(wrap(text, 76).join(" ").split(" ")).toHaveLength(601)
  })

  it("keeps a paragraph's indentation on each of its lines", () => {
    expect(wrap("    const answer = 42", 14)).toEqual(["    const", "    answer =", "    42"])
  })
})
