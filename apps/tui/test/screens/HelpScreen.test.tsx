import { afterEach, describe, expect, it } from "vitest"
import { keybindings } from "../../src/keys/Keybindings"
import { helpLines } from "../../src/screens/HelpScreen"
import { keys, renderTui, type Tui } from "../support/renderTui"

let tui: Tui | undefined
afterEach(async () => {
  await tui?.dispose()
  tui = undefined
})

describe("HelpScreen", () => {
  it("lists every command of the keybinding table", () => {
    const listed = helpLines().flatMap((line) => (line._tag === "Key" ? [line.command] : []))
    expect(listed).toEqual(Object.keys(keybindings))
  })

  it("opens with ?, scrolls, and closes back to the same screen state", async () => {
    tui = await renderTui({ providers: [{ name: "vLLM", preset: "vllm" }] })
    await tui.waitFor("vLLM")
    await tui.press("a")
    await tui.waitFor("Add provider")
    await tui.type("Half typed")
    await tui.press(keys.down, keys.down)
    await tui.press("?")
    const help = await tui.waitFor("Switchboard · Keys")
    expect(help).toContain("Everywhere")
    expect(help).toContain("Show every key")
    expect(help.split("\n").length).toBeLessThanOrEqual(24)
    await tui.press(keys.pageDown, keys.pageDown)
    await tui.waitFor("Provider detail")
    await tui.press(keys.escape)
    // The form kept what was typed while the help was open.
    await tui.waitFor("Half typed")
  })

  it("is reachable with ctrl+g while typing in a text field", async () => {
    tui = await renderTui({ providers: [{ name: "vLLM", preset: "vllm", models: ["gpt2"] }] })
    await tui.waitFor("vLLM")
    await tui.press("c")
    await tui.waitFor("ctrl+g help")
    await tui.type("what does ? do")
    await tui.waitFor("what does ? do")
    await tui.press(keys.ctrl("g"))
    await tui.waitFor("Switchboard · Keys")
    await tui.press("q")
    await tui.waitFor("what does ? do")
  })
})

describe("help bar", () => {
  it("shows the keys that work now on every screen", async () => {
    tui = await renderTui({ providers: [{ name: "vLLM", preset: "vllm", models: ["gpt2"] }] })
    await tui.waitFor("1 model")
    for (const entry of [
      "↑↓ move",
      "enter open",
      "space on/off",
      "a add",
      "d remove",
      "K/J reorder",
      "/ filter",
      "? help"
    ])
      expect(tui.screen()).toContain(entry)
    await tui.press("d")
    await tui.waitFor(/y yes\s+n no/)
    await tui.press("n", keys.enter)
    await tui.waitFor(/tab next tab\s+v verify\s+c chat\s+esc back/)
    await tui.press(keys.shiftTab)
    await tui.waitFor(/n add ids\s+f fetch\s+enter edit\s+d delete/)
  })
})
