import stringWidth from "string-width"
import { describe, expect, it } from "vitest"
import { visibleSlice } from "../../../src/components/shared/TextInput"

describe("visibleSlice", () => {
  it("shows short text whole", () => {
    expect(visibleSlice("hello", 2, 10)).toEqual({ text: "hello", cursor: 2 })
  })

  it("scrolls long text so the cursor stays in the field, counting columns", () => {
    const text = "日本語のテキストです"
    for (let cursor = 0; cursor <= text.length; cursor++) {
      const view = visibleSlice(text, cursor, 9)
      const atEnd = view.cursor === view.text.length ? 1 : 0
      expect(stringWidth(view.text) + atEnd).toBeLessThanOrEqual(9)
      expect(text.indexOf(view.text) + view.cursor).toBe(cursor)
    }
  })

  it("never splits an emoji", () => {
    const text = "ab👋🏽cd👋🏽ef👋🏽gh"
    const view = visibleSlice(text, text.length, 6) // f, 👋🏽 (two), g, h and the cursor
    expect(view.text).toBe("f👋🏽gh")
    expect(view.cursor).toBe(view.text.length)
  })
})
