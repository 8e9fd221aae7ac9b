import type { NewProvider } from "@switchboard/core/domain/ProviderInput"
import { describe, afterEach, expect, it } from "vitest"
import { providers } from "../../src/runtime/Core"
import { keys, renderTui, type Tui, unwrapped } from "../support/renderTui"

let tui: Tui | undefined
afterEach(async () => {
  await tui?.dispose()
  tui = undefined
})

const openForm = async (seed: ReadonlyArray<NewProvider> = []) => {
  tui = await renderTui({ providers: seed })
  await tui.waitFor("Switchboard · Providers")
  await tui.press("a")
  await tui.waitFor("Switchboard · Add provider")
  return tui
}

describe("AddProviderScreen", () => {
  it("adds a keyless OpenAI-type provider and opens its detail", async () => {
    const t = await openForm()
    await t.type("My vLLM")
    await t.press(keys.down, keys.down, keys.down)
    await t.type("http://localhost:8000/")
    await t.waitFor("chat → http://localhost:8000/v1/chat/completions")
    expect(t.screen()).toContain("models → http://localhost:8000/v1/models")
    await t.press(keys.enter)
    await t.waitFor("Switchboard · My vLLM")
    const stored = await t.core(providers((p) => p.get("my-vllm")))
    expect(stored).toMatchObject({ name: "My vLLM", type: "openai", baseUrl: "http://localhost:8000/", enabled: true })
    expect(stored.apiKeys).toHaveLength(0)
  })

  it("starts from a preset, which fills name and base URL", async () => {
    const t = await openForm()
    await t.press(keys.down, keys.down)
    // The five protocol types come first, then the presets: OpenAI, OpenAI (Responses API), Anthropic, Gemini, Azure
    // OpenAI, vLLM, Ollama.
    for (let i = 0; i < 11; i++) await t.press(keys.right)
    await t.waitFor(/‹ Ollama ›\s+preset · OpenAI protocol/)
    expect(t.screen()).toContain("chat → http://localhost:11434/v1/chat/completions")
    await t.press(keys.left)
    await t.waitFor("‹ vLLM ›")
    await t.press(keys.enter)
    await t.waitFor("Switchboard · vLLM")
    expect(await t.core(providers((p) => p.get("vllm")))).toMatchObject({
      type: "openai",
      baseUrl: "http://localhost:8000/"
    })
  })

  it("types the key masked and stores it", async () => {
    const t = await openForm()
    await t.type("Work")
    await t.press(keys.down, keys.down)
    await t.waitFor("‹ OpenAI ›")
    await t.press(keys.down)
    await t.type("https://api.openai.com")
    await t.press(keys.down)
    await t.type("sk-proj-abcdefghijklmnop1234")
    await t.waitFor("••••••••")
    expect(t.screen()).not.toContain("sk-proj")
    await t.press(keys.enter)
    await t.waitFor("Switchboard · Work")
    expect(t.screen()).toContain("sk-…1234")
    expect((await t.core(providers((p) => p.get("work")))).apiKeys.map((k) => k.masked)).toEqual(["sk-…1234"])
  })

  it("shows the api version field for Azure only", async () => {
    const t = await openForm()
    expect(t.screen()).not.toContain("API version")
    await t.press(keys.down, keys.down, keys.right, keys.right, keys.right, keys.right)
    await t.waitFor("‹ Azure OpenAI ›")
    await t.waitFor("API version")
  })

  it("adds an OpenAI Responses provider, its chat URL on /v1/responses", async () => {
    const t = await openForm()
    await t.type("OpenAI Pro")
    await t.press(keys.down, keys.down, keys.right)
    await t.waitFor(/‹ OpenAI Responses ›\s+protocol type/)
    expect(t.screen()).not.toContain("API version")
    await t.press(keys.down)
    await t.type("https://api.openai.com/v1")
    await t.waitFor("chat → https://api.openai.com/v1/responses")
    expect(t.screen()).toContain("models → https://api.openai.com/v1/models")
    await t.press(keys.enter)
    await t.waitFor("Switchboard · OpenAI Pro")
    expect(await t.core(providers((p) => p.get("openai-pro")))).toMatchObject({
      type: "openai-responses",
      baseUrl: "https://api.openai.com/v1"
    })
  })

  it("offers the Responses API preset, whose URL ends in /v1/responses", async () => {
    const t = await openForm()
    await t.press(keys.down, keys.down)
    for (let i = 0; i < 6; i++) await t.press(keys.right)
    await t.waitFor(/‹ OpenAI \(Responses API\) ›\s+preset · OpenAI Responses protocol/)
    expect(t.screen()).toContain("chat → https://api.openai.com/v1/responses")
  })

  it("shows each problem at its field in words and stores nothing", async () => {
    const t = await openForm([{ name: "Taken", preset: "vllm" }])
    await t.press(keys.enter)
    await t.waitFor("✗ Name must not be empty")
    await t.type("taken")
    await t.press(keys.down, keys.down, keys.down)
    await t.type("localhost:8000")
    await t.press(keys.enter)
    const refused = await t.waitFor(
      "✗ Base URL has no scheme; start it with http:// or https:// (like http://localhost:8000)"
    )
    // Said once, in full: the live preview under the field gives way to the refused submit's problem.
    expect(unwrapped(refused).split("hasnoscheme")).toHaveLength(2)
    expect(refused).not.toContain("…")
    await t.press(keys.ctrl("u"))
    await t.type("http://localhost:8000")
    // Fixed: the ✗ goes, and the live preview is back.
    await t.waitFor("chat → http://localhost:8000/v1/chat/completions")
    expect(t.screen()).not.toContain("✗")
    await t.press(keys.enter)
    // A sentence of its own, not run into the field's label.
    await t.waitFor('✗ A provider named "taken" already exists. Choose another name.')
    expect((await t.core(providers((p) => p.list))).map((p) => p.name)).toEqual(["Taken"])
    // The form keeps everything typed; Esc leaves without adding.
    expect(t.screen()).toContain("http://localhost:8000")
    await t.press(keys.escape)
    await t.waitFor("Switchboard · Providers")
  })

  it("shows the id the name makes as it is typed, and takes one typed instead", async () => {
    const t = await openForm([{ name: "Taken", type: "openai", baseUrl: "http://localhost:1" }])
    await t.type("Café Łódź 日本")
    await t.waitFor(/Id\s+cafe-/)
    await t.press(keys.down)
    await t.press(keys.ctrl("u"))
    await t.type("taken")
    await t.press(keys.down, keys.down)
    await t.type("http://localhost:8000")
    await t.press(keys.enter)
    await t.waitFor('✗ A provider with the id "taken" already exists. Choose another id.')
    await t.press(keys.ctrl("u"))
    await t.type("my-cafe")
    // Typed, the id no longer follows the name.
    await t.press(keys.up)
    await t.type("!")
    await t.press(keys.enter)
    await t.waitFor("Switchboard · Café Łódź 日本!")
    expect((await t.core(providers((p) => p.get("my-cafe")))).name).toBe("Café Łódź 日本!")
  })

  it("asks for a base URL when a bare type has none", async () => {
    const t = await openForm()
    await t.type("Nowhere")
    await t.press(keys.enter)
    await t.waitFor("✗ Base URL is required, like http://localhost:8000")
  })
})
