import { afterEach, describe, expect, it } from "vitest"
import { providers } from "../../src/runtime/Core"
import { keys, renderTui, type Tui } from "../support/renderTui"

let tui: Tui | undefined
afterEach(async () => {
  await tui?.dispose()
  tui = undefined
})

describe("ProvidersScreen", () => {
  it("says how to start when there are no providers", async () => {
    tui = await renderTui()
    await tui.waitFor("No providers yet. Press a to add one")
    expect(tui.screen()).toContain("a add")
  })

  it("lists type, on/off mark, key state and model count", async () => {
    tui = await renderTui({
      providers: [
        { name: "Local vLLM", preset: "vllm", models: ["gpt2", "opt-125m"] },
        { name: "Work OpenAI", type: "openai", baseUrl: "https://api.openai.com", apiKeys: ["sk-test-1234567890abcd"] },
        { name: "Claude", preset: "anthropic", enabled: false }
      ]
    })
    const screen = await tui.waitFor("Claude")
    const lines = screen.split("\n")
    const row = (name: string) => lines.find((line) => line.includes(name)) ?? ""
    expect(row("Local vLLM")).toMatch(/● on\s+Local vLLM\s+OpenAI\s+no key\s+2 models/)
    expect(row("Work OpenAI")).toMatch(/● on\s+Work OpenAI\s+OpenAI\s+sk-…abcd\s+0 models/)
    expect(row("Claude")).toMatch(/○ off\s+Claude\s+Anthropic/)
    expect(screen).not.toContain("sk-test-1234567890abcd")
  })

  it("toggles the selected provider with space, and the change is stored", async () => {
    tui = await renderTui({
      providers: [
        { name: "A", preset: "vllm" },
        { name: "B", preset: "ollama" }
      ]
    })
    await tui.waitFor("B")
    await tui.press(keys.down, keys.space)
    await tui.waitFor("B switched off")
    const stored = await tui.core(providers((p) => p.get("b")))
    expect(stored.enabled).toBe(false)
    expect(tui.screen()).toMatch(/○ off\s+B/)
  })

  it("removes only after a confirmation", async () => {
    tui = await renderTui({
      providers: [
        { name: "Keep me", preset: "vllm" },
        { name: "Drop me", preset: "ollama" }
      ]
    })
    await tui.waitFor("Drop me")
    await tui.press(keys.down, "d")
    await tui.waitFor("Remove Drop me with its keys and 0 models? y/n")
    await tui.press("n")
    await tui.waitFor((s) => !s.includes("y/n"))
    expect((await tui.core(providers((p) => p.list))).length).toBe(2)
    await tui.press("d", "y")
    await tui.waitFor("Removed Drop me")
    expect((await tui.core(providers((p) => p.list))).map((p) => p.name)).toEqual(["Keep me"])
  })

  it("reorders with shift+arrows and K/J, and stores the order", async () => {
    tui = await renderTui({
      providers: [
        { name: "First", preset: "vllm" },
        { name: "Second", preset: "ollama" },
        { name: "Third", preset: "lmstudio" }
      ]
    })
    await tui.waitFor("Third")
    await tui.press(keys.down, keys.down, keys.shiftUp)
    await tui.waitFor((s) => s.indexOf("Third") < s.indexOf("Second"))
    await tui.press("K")
    await tui.waitFor((s) => s.indexOf("Third") < s.indexOf("First"))
    expect((await tui.core(providers((p) => p.list))).map((p) => p.name)).toEqual(["Third", "First", "Second"])
    await tui.press("J")
    await tui.waitFor((s) => s.indexOf("First") < s.indexOf("Third"))
    expect((await tui.core(providers((p) => p.list))).map((p) => p.name)).toEqual(["First", "Third", "Second"])
  })

  it("filters by typing after /, and Esc shows everything again", async () => {
    tui = await renderTui({
      providers: [
        { name: "Local vLLM", preset: "vllm" },
        { name: "Claude", preset: "anthropic" }
      ]
    })
    await tui.waitFor("Claude")
    await tui.press("/")
    await tui.type("claud")
    await tui.waitFor((s) => s.includes("Claude") && !s.includes("Local vLLM"))
    // Printable keys that are commands elsewhere (d, q) are text while filtering.
    await tui.type("dq")
    await tui.waitFor("No provider matches the filter")
    expect((await tui.core(providers((p) => p.list))).length).toBe(2)
    await tui.press(keys.escape)
    await tui.waitFor((s) => s.includes("Claude") && s.includes("Local vLLM"))
  })

  it("filters by type name too", async () => {
    tui = await renderTui({
      providers: [
        { name: "Local vLLM", preset: "vllm" },
        { name: "Claude", preset: "anthropic" }
      ]
    })
    await tui.waitFor("Claude")
    await tui.press("/")
    await tui.type("anthropic")
    await tui.waitFor((s) => s.includes("Claude") && !s.includes("Local vLLM"))
  })

  it("fits 80×24 with more providers than rows, keeping the selection in view", async () => {
    tui = await renderTui({
      providers: Array.from({ length: 30 }, (_, i) => ({
        name: `Provider ${String(i + 1).padStart(2, "0")}`,
        preset: "vllm"
      }))
    })
    await tui.waitFor("Provider 01")
    const first = tui.screen()
    expect(first.split("\n").length).toBeLessThanOrEqual(24)
    expect(first).toContain("more")
    for (let i = 0; i < 29; i++) await tui.press(keys.down)
    const last = await tui.waitFor(/❯.*Provider 30/)
    expect(last.split("\n").length).toBeLessThanOrEqual(24)
    expect(Math.max(...last.split("\n").map((l) => l.length))).toBeLessThanOrEqual(80)
  })
})
