import type { NewProvider } from "@switchboard/core/domain/ProviderInput"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { providers } from "../../src/runtime/Core"
import { keys, renderTui, type Tui } from "../support/renderTui"
import { startUpstream, type Upstream } from "../support/VllmUpstream"

let upstream: Upstream
let tui: Tui | undefined

beforeAll(async () => {
  upstream = await startUpstream()
})
afterAll(() => upstream.close())
afterEach(async () => {
  await tui?.dispose()
  tui = undefined
  upstream.reset()
})

/** Renders the TUI with `input` stored and the Models tab of its detail open. */
const openModels = async (input: NewProvider) => {
  tui = await renderTui({ providers: [input] })
  await tui.waitFor(String(input.name))
  await tui.press(keys.enter)
  await tui.waitFor(" Settings ")
  await tui.press(keys.shiftTab)
  await tui.waitFor(/n add ids/)
  return tui
}

const modelIds = async (t: Tui, id: string) => (await t.core(providers((p) => p.get(id)))).models.map((m) => m.id)

describe("ProviderDetailScreen models", () => {
  it("adds several ids typed at once, as the provider spells them", async () => {
    const t = await openModels({ name: "vLLM", preset: "vllm" })
    await t.waitFor("No models yet")
    await t.press("n")
    await t.type("gpt2, meta-llama/Llama-3.1-8B-Instruct  Qwen/Qwen2.5-7B")
    await t.press(keys.enter)
    await t.waitFor("Added 3 models")
    expect(await modelIds(t, "vllm")).toEqual(["gpt2", "meta-llama/Llama-3.1-8B-Instruct", "Qwen/Qwen2.5-7B"])
    expect(t.screen()).toMatch(/meta-llama\/Llama-3\.1-8B-Instruct\s+meta-llama/)
  })

  it("reads keys typed ahead in one burst in order: the command, then the text, then Enter", async () => {
    const t = await openModels({ name: "vLLM", preset: "vllm" })
    await t.press("ngpt2 opt-125m\r")
    await t.waitFor("Added 2 models")
    expect(await modelIds(t, "vllm")).toEqual(["gpt2", "opt-125m"])
  })

  it("refuses ids the provider already has, naming them, and adds nothing", async () => {
    const t = await openModels({ name: "vLLM", preset: "vllm", models: ["gpt2"] })
    await t.press("n")
    await t.type("opt-125m gpt2")
    await t.press(keys.enter)
    await t.waitFor('already has model "gpt2"')
    expect(await modelIds(t, "vllm")).toEqual(["gpt2"])
  })

  it("fetches the provider's list, searches it, and adds the marked models", async () => {
    upstream.set({ models: ["gpt2", "opt-125m", "meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Llama-3.2-1B"] })
    const t = await openModels({ name: "Local", type: "openai", baseUrl: upstream.url, models: ["gpt2"] })
    await t.press("f")
    await t.waitFor("Fetched 4 models")
    expect(t.screen()).toMatch(/\[=\] gpt2.*\(added\)/)
    await t.press("/")
    await t.type("llama")
    await t.waitFor((s) => s.includes("Llama-3.2-1B") && !s.includes("opt-125m"))
    await t.press(keys.enter, keys.ctrl("a"))
    await t.waitFor("2 marked")
    await t.press(keys.down, keys.space)
    await t.waitFor("1 marked")
    await t.press(keys.enter)
    await t.waitFor("Added 1 model")
    expect(await modelIds(t, "local")).toEqual(["gpt2", "meta-llama/Llama-3.1-8B-Instruct"])
    const added = (await t.core(providers((p) => p.get("local")))).models[1]!
    expect(added.contextLength).toBe(1024)
  })

  it("shows why fetching failed and keeps working", async () => {
    const t = await openModels({ name: "Gone", type: "openai", baseUrl: "http://127.0.0.1:9", models: ["gpt2"] })
    await t.press("f")
    await t.waitFor("Network")
    expect(t.screen()).toContain("Check the base URL and that the server is running")
    await t.press("n")
    await t.type("opt-125m")
    await t.press(keys.enter)
    await t.waitFor("Added 1 model")
  })

  it("edits a model's name, group and capabilities", async () => {
    const t = await openModels({ name: "vLLM", preset: "vllm", models: ["gpt2"] })
    await t.press(keys.enter)
    await t.waitFor("Model gpt2")
    await t.press(keys.ctrl("u"))
    await t.type("GPT-2 small")
    await t.press(keys.tab, keys.ctrl("u"))
    await t.type("classics")
    // Vision: inferred (no) → on; tools: inferred → on → off.
    await t.press(keys.tab, keys.space, keys.down, keys.down, keys.space, keys.space)
    await t.waitFor(/Tools\s+no\s+\(set by you\)/)
    await t.press(keys.enter)
    await t.waitFor("Saved gpt2")
    const model = (await t.core(providers((p) => p.get("vllm")))).models[0]!
    expect(model.name).toBe("GPT-2 small")
    expect(model.group).toBe("classics")
    expect(model.overrides).toEqual({ vision: true, tools: false })
    expect(t.screen()).toMatch(/gpt2 “GPT-2 small”\s+classics\s+vision/)
  })

  it("keeps the editor open with the core's words when a name is empty", async () => {
    const t = await openModels({ name: "vLLM", preset: "vllm", models: ["gpt2"] })
    await t.press("e", keys.ctrl("u"), keys.enter)
    await t.waitFor("✗ Name must not be empty")
    expect((await t.core(providers((p) => p.get("vllm")))).models[0]!.name).toBe("gpt2")
  })

  it("deletes a model after a confirmation", async () => {
    const t = await openModels({ name: "vLLM", preset: "vllm", models: ["gpt2", "opt-125m"] })
    await t.press(keys.down, "d")
    await t.waitFor("Delete model opt-125m? y/n")
    await t.press("y")
    await t.waitFor("Deleted opt-125m")
    expect(await modelIds(t, "vllm")).toEqual(["gpt2"])
  })
})
