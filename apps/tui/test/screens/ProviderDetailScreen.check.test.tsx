/**
 * The models tab's check of every model × key, its bulk removals, the sync with the provider's list, and each
 * model's facts with their sources, against a local OpenAI-compatible server that refuses one of three keys and does
 * not know two of five models.
 */
import type { NewProvider } from "@switchboard/core/domain/ProviderInput"
import * as OpenAiFrames from "@switchboard/testing/OpenAiFrames"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { providers } from "../../src/runtime/Core"
import { keys, renderTui, type Tui, unwrapped } from "../support/renderTui"
import { startUpstream, type Upstream } from "../support/VllmUpstream"

const goodKeys = ["sk-good-0000001111", "sk-also-good-0000003333"]
const refusedKey = "sk-refused-0000002222"
const known = ["gpt-4o", "o3-mini", "gpt-4o-mini"]
const unknown = ["unknown-a", "unknown-b"]

let upstream: Upstream
let tui: Tui | undefined

beforeAll(async () => {
  upstream = await startUpstream({ models: known, key: goodKeys })
})
afterAll(() => upstream.close())
beforeEach(() => {
  upstream.reset()
  upstream.behave((chat) =>
    unknown.includes(chat.model)
      ? { kind: "status", status: 404, body: OpenAiFrames.error("The model does not exist") }
      : { kind: "answer", pieces: ["Hi"] }
  )
})
afterEach(async () => {
  await tui?.dispose()
  tui = undefined
})

/** The TUI with `input` (the local provider unless given) stored and its Models tab open, 40 rows high so the whole check fits. */
const openModels = async (input?: NewProvider) => {
  const provider = input ?? {
    name: "Local",
    type: "openai",
    baseUrl: upstream.url,
    apiKeys: [goodKeys[0]!, refusedKey, goodKeys[1]!],
    models: [...known, ...unknown]
  }
  tui = await renderTui({ columns: 100, rows: 40, providers: [provider] })
  await tui.waitFor(provider.name)
  await tui.press(keys.enter)
  await tui.waitFor(" Settings ")
  await tui.press(keys.shiftTab)
  await tui.waitFor(/k check/)
  return tui
}

const stored = async (t: Tui) => t.core(providers((p) => p.get("local")))

describe("ProviderDetailScreen: check every model × key", () => {
  it("checks every model with every key, shows each result and exactly what failed, and keeps the results", async () => {
    const t = await openModels()
    const refused = (await stored(t)).apiKeys[1]!.masked
    await t.press("k")
    await t.waitFor("Check 5 models × 3 keys")
    await t.press(keys.enter)
    await t.waitFor("Done in", 20_000)
    const screen = t.screen()
    // Three known models pass with the two good keys; the refused key fails all five, the good keys the unknown two.
    expect(screen).toContain("6 passed, 9 failed")
    expect(screen).toContain("15/15")
    expect(screen).toContain("Failed models: unknown-a, unknown-b")
    expect(screen).toContain(`Keys refused everywhere: ${refused}`)
    expect(screen).toMatch(/✗ unknown-a\s+sk-…1111\s+NotFound\s+HTTP 404\s+\d+ ms/)
    expect(screen).toMatch(/✗ gpt-4o\s+sk-…2222\s+Authentication\s+HTTP 401\s+\d+ ms/)
    expect(screen).not.toContain(refusedKey)
    // Back on the list, every model shows its last results.
    await t.press(keys.escape)
    await t.waitFor(/gpt-4o .*2\/3 ok/)
    expect(t.screen()).toMatch(/unknown-a .*✗ 0\/3/)
    // The selected model's last result per key, with when it was made.
    const checked = t
      .screen()
      .split("\n")
      .find((line) => line.startsWith("checked "))
    for (const result of ["sk-…1111 ok", "sk-…2222 Authentication", "sk-…3333 ok"]) expect(checked).toContain(result)
  })

  it("checks with one chosen key, and refuses a concurrency out of range at its field", async () => {
    const t = await openModels()
    const second = (await stored(t)).apiKeys[2]!.masked
    await t.press("k")
    await t.waitFor("every key")
    await t.press(keys.left)
    await t.waitFor(second)
    await t.press(keys.tab, keys.ctrl("u"))
    await t.type("99")
    await t.press(keys.enter)
    await t.waitFor("✗ At once must be a whole number from 1 to 32")
    await t.press(keys.ctrl("u"))
    await t.type("2")
    await t.press(keys.enter)
    await t.waitFor("Done in", 20_000)
    expect(t.screen()).toContain("3 passed, 2 failed")
    expect(t.screen()).not.toContain("…2222")
    expect(t.screen()).toContain("5/5")
  })

  it("stops a running check with esc, aborting its upstream requests", async () => {
    const t = await openModels()
    upstream.behave({ kind: "hang" })
    await t.press("k")
    await t.waitFor("Check 5 models")
    const before = upstream.chats().length
    const abandoned = upstream.stats().aborted
    await t.press(keys.enter)
    await t.waitFor("Checking 15 models × keys")
    // Four at a time: the refused key's probe fails at once, the others hang until stopped.
    await t.waitFor(() => upstream.chats().length >= before + 4)
    await t.press(keys.escape)
    await t.waitFor("Stopped after")
    // The hanging probes' requests were abandoned, not left open.
    await upstream.until(() => upstream.stats().aborted >= abandoned + 3, "the hanging probes aborted")
    const sent = upstream.chats().length
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(upstream.chats()).toHaveLength(sent)
    expect(sent - before).toBeLessThan(15)
    expect(t.screen()).toContain("esc close")
  })

  it("removes the failed models, then the key refused everywhere, each after asking", async () => {
    const t = await openModels()
    const refused = (await stored(t)).apiKeys[1]!.masked
    await t.press("k", keys.enter)
    await t.waitFor("Done in", 20_000)
    // Offered once the stored results, which the removal goes by, are read back.
    await t.waitFor("x drop failed")
    await t.press("x")
    await t.waitFor("Remove 2 models the check failed (unknown-a, unknown-b)? y/n")
    await t.press("y")
    await t.waitFor("Removed 2 models: unknown-a, unknown-b")
    expect((await stored(t)).models.map((m) => m.id)).toEqual(known)
    await t.press("X")
    await t.waitFor(`Remove 1 key refused on every model (${refused})? y/n`)
    await t.press("n")
    await t.press("X")
    await t.waitFor("y/n")
    await t.press("y")
    await t.waitFor("Removed 1 key refused on every model")
    expect((await stored(t)).apiKeys).toHaveLength(2)
  })
})

describe("ProviderDetailScreen: sync with the provider's list", () => {
  it("shows new, gone and unchanged; marks the gone; adds all new; removes the gone after asking", async () => {
    const t = await openModels()
    upstream.set({ models: ["gpt-4o", "o3-mini", "unknown-a", "brand-new"] })
    await t.press("s")
    await t.waitFor("The provider's list: 1 new, 2 gone, 3 unchanged")
    const screen = t.screen()
    expect(screen).toMatch(/New upstream \(1\)\s+\+ brand-new/)
    expect(screen).toMatch(/No longer offered \(marked gone\) \(2\)\s+- gpt-4o-mini\s+- unknown-b/)
    expect(screen).toMatch(/Unchanged \(3\)/)
    expect((await stored(t)).models.filter((m) => m.goneAt !== undefined).map((m) => m.id)).toEqual([
      "gpt-4o-mini",
      "unknown-b"
    ])
    await t.press("a")
    await t.waitFor("Added 1 model")
    await t.waitFor(/gpt-4o-mini .*gone/)
    await t.press("s")
    await t.waitFor("0 new, 2 gone")
    await t.press("d")
    await t.waitFor("Remove 2 models no longer offered (gpt-4o-mini, unknown-b)? y/n")
    await t.press("y")
    await t.waitFor("Removed 2 gone models")
    expect((await stored(t)).models.map((m) => m.id)).toEqual(["gpt-4o", "o3-mini", "unknown-a", "brand-new"])
  })
})

describe("ProviderDetailScreen: a model's facts and settings", () => {
  it("shows each fact's source, and saves the user's context window and prices, which then read as yours", async () => {
    const t = await openModels()
    await t.waitFor(/context 128,000 \(catalog\)/)
    await t.press(keys.enter)
    await t.waitFor("Model gpt-4o")
    await t.waitFor(/Context window\s+128,000 \(catalog\)/)
    // Name, group, five capabilities: the context window is the eighth row.
    for (let i = 0; i < 7; i++) await t.press(keys.tab)
    await t.type("64000")
    await t.press(keys.tab, keys.tab)
    await t.type("eur")
    await t.press(keys.tab)
    await t.type("2.5")
    await t.press(keys.tab)
    await t.type("10")
    await t.press(keys.enter)
    await t.waitFor("Saved gpt-4o")
    await t.waitFor(/context 64,000 \(yours\)/)
    expect(t.screen()).toMatch(/prices €2\.50 in \/ €10\.00 out per M \(yours\)/)
    const model = (await stored(t)).models[0]!
    expect(model.contextWindow).toBe(64_000)
    expect(model.pricing).toEqual({ currency: "EUR", input: 2.5, output: 10 })
  })

  it("marks a model the catalog calls deprecated, and shows the catalog's prices of a hosted provider", async () => {
    const t = await openModels({
      name: "Claude",
      preset: "anthropic",
      apiKeys: ["sk-ant-0000004444"],
      models: ["claude-3-5-sonnet-20240620"]
    })
    await t.waitFor(/claude-3-5-sonnet-20240620 .*deprecated/)
    expect(unwrapped(t.screen())).toContain(unwrapped("prices $3.00 in / $15.00 out per M (catalog)"))
    expect(t.screen()).toMatch(/context 200,000 \(catalog\) · output 8,192 \(catalog\)/)
  })

  it("keeps the editor open at the price with the core's words when a price is not a number", async () => {
    const t = await openModels()
    await t.press(keys.enter)
    await t.waitFor("Model gpt-4o")
    for (let i = 0; i < 10; i++) await t.press(keys.tab)
    await t.type("cheap")
    await t.press(keys.enter)
    await t.waitFor(/✗ Input price/)
    expect((await stored(t)).models[0]!.pricing).toBeUndefined()
  })
})
