import { describe, expect, it } from "vitest"
import { isPrintable, matches, showKey } from "../../src/keys/KeySpec"
import { inkKey, noKey } from "../support/inkKey"

const none = noKey
const key = inkKey

describe("KeySpec", () => {
  it.each([
    ["enter", "", key({ return: true }), true],
    ["escape", "", key({ escape: true, meta: true }), true],
    ["up", "", key({ upArrow: true }), true],
    ["up", "", key({ upArrow: true, shift: true }), false],
    ["shift+up", "", key({ upArrow: true, shift: true }), true],
    ["shift+up", "", key({ upArrow: true }), false],
    ["tab", "", key({ tab: true }), true],
    ["shift+tab", "", key({ tab: true, shift: true }), true],
    ["tab", "", key({ tab: true, shift: true }), false],
    ["space", " ", none, true],
    ["ctrl+p", "p", key({ ctrl: true }), true],
    ["p", "p", key({ ctrl: true }), false],
    ["K", "K", key({ shift: true }), true],
    ["k", "K", key({ shift: true }), false],
    ["?", "?", none, true],
    ["d", "d", key({ meta: true }), false],
    ["delete", "", key({ delete: true }), true],
    ["delete", "", key({ backspace: true }), true]
  ])("%s matches %j %o: %s", (spec, input, pressed, expected) => {
    expect(matches(spec, input, pressed)).toBe(expected)
  })

  it("knows which keys type text", () => {
    expect(isPrintable("a")).toBe(true)
    expect(isPrintable("?")).toBe(true)
    expect(isPrintable("space")).toBe(true)
    expect(isPrintable("enter")).toBe(false)
    expect(isPrintable("ctrl+a")).toBe(false)
    expect(isPrintable("shift+up")).toBe(false)
  })

  it("shows keys the way the help bar writes them", () => {
    expect(showKey("up")).toBe("↑")
    expect(showKey("escape")).toBe("esc")
    expect(showKey("shift+up")).toBe("⇧↑")
    expect(showKey("ctrl+p")).toBe("ctrl+p")
  })
})
