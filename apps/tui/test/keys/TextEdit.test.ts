import { describe, expect, it } from "vitest"
import { editText, textValue } from "../../src/keys/TextEdit"
import { inkKey } from "../support/inkKey"

const key = inkKey

describe("editText", () => {
  it("inserts at the cursor and moves it", () => {
    const start = { text: "helo", cursor: 3 }
    expect(editText(start, "l", key())).toEqual({ text: "hello", cursor: 4 })
  })

  it("removes before the cursor with backspace (DEL or BS)", () => {
    expect(editText(textValue("abc"), "", key({ delete: true }))).toEqual({ text: "ab", cursor: 2 })
    expect(editText(textValue("abc"), "", key({ backspace: true }))).toEqual({ text: "ab", cursor: 2 })
    const atStart = { text: "abc", cursor: 0 }
    expect(editText(atStart, "", key({ delete: true }))).toBe(atStart)
  })

  it("moves over and removes a whole emoji or accented letter, never half of one", () => {
    const value = textValue("a👋🏽e\u0301")
    const left = editText(value, "", key({ leftArrow: true }))
    expect(left).toEqual({ text: value.text, cursor: 5 })
    expect(editText(left, "", key({ leftArrow: true })).cursor).toBe(1)
    expect(editText({ text: value.text, cursor: 1 }, "", key({ rightArrow: true })).cursor).toBe(5)
    expect(editText(left, "", key({ backspace: true }))).toEqual({ text: "ae\u0301", cursor: 1 })
  })

  it("moves with arrows, home/end and ctrl+a/e", () => {
    const value = textValue("abc")
    expect(editText(value, "", key({ leftArrow: true })).cursor).toBe(2)
    expect(editText(value, "", key({ home: true })).cursor).toBe(0)
    expect(editText({ text: "abc", cursor: 0 }, "e", key({ ctrl: true })).cursor).toBe(3)
    expect(editText(value, "a", key({ ctrl: true })).cursor).toBe(0)
  })

  it("clears to the start with ctrl+u and removes a word with ctrl+w", () => {
    expect(editText(textValue("http://x"), "u", key({ ctrl: true }))).toEqual({ text: "", cursor: 0 })
    expect(editText(textValue("gpt2 opt-125m "), "w", key({ ctrl: true }))).toEqual({ text: "gpt2 ", cursor: 5 })
  })

  it("drops line breaks and control characters from a paste", () => {
    expect(editText(textValue(), "sk-abc\r\n", key()).text).toBe("sk-abc")
    expect(editText(textValue(), "a\u0007b\u009bc", key()).text).toBe("abc")
  })

  it("leaves command keys alone (same object)", () => {
    const value = textValue("x")
    for (const pressed of [key({ return: true }), key({ escape: true }), key({ tab: true }), key({ upArrow: true })])
      expect(editText(value, "", pressed)).toBe(value)
    expect(editText(value, "p", key({ ctrl: true }))).toBe(value)
  })
})
