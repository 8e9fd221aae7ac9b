import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import { excerpt, maxQuoted } from "../../src/domain/Excerpt"

describe("excerpt", () => {
  it("quotes a short name whole, and a long one as its first 8 characters and …", () => {
    expect(excerpt("X-Team")).toBe("X-Team")
    expect(excerpt("x".repeat(maxQuoted))).toBe("x".repeat(maxQuoted))
    expect(excerpt("sk-live-0123456789abcdef")).toBe("sk-live-…")
  })

  it("shows anything but printable ASCII as ?, so no error carries control characters or broken text", () => {
    expect(excerpt("bad\nname\u0000")).toBe("bad?name?")
    expect(excerpt("ключ")).toBe("????")
    expect(excerpt("a\ud800")).toBe("a?")
  })

  it("never shows more than 8 characters and … of a name longer than the limit", () => {
    fc.assert(
      fc.property(fc.string({ minLength: maxQuoted + 1, maxLength: 40, unit: "binary" }), (text) => {
        const shown = excerpt(text)
        // A character outside the BMP takes two of the 8 and shows as one ?.
        expect(shown).toMatch(/^[\x20-\x7e]{4,8}…$/)
      })
    )
  }, 30_000)
})
