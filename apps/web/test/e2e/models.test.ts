// @vitest-environment node
/**
 * Issue 19's dashboard end to end, in real Chromium against the real server and a local OpenAI-compatible upstream
 * that accepts two of three keys and lists eighteen of the provider's twenty models (the other two answer 404): set a
 * model's prices in Edit model and see the answer's cost in the chat footer, check every model × key and see
 * exactly the refused key and the two unknown models fail, cancel a second run, remove what failed, and sync after
 * the upstream dropped a model and added another. Screenshots go to `apps/web/artifacts/`.
 *
 * Without /usr/bin/chromium the suite is skipped with a message — except under CI=true, where that is a failure.
 */
import { rmSync } from "node:fs"
import * as FakeProvider from "@switchboard/testing/FakeProvider"
import * as OpenAiFrames from "@switchboard/testing/OpenAiFrames"
import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, expect, it } from "vitest"
import { describeInChromium, launchChromium, screenshots, wide } from "./chromium"
import { buildAll, startSwitchboard, type Switchboard } from "./switchboard"

// Distinct tails, so each key's masked form (all the table shows) tells them apart.
const keys = ["sk-first-1111111111", "sk-refused-2222222222", "sk-third-3333333333"]
// Two the catalog knows (one of them deprecated), so their rows show the catalog as a source; eighteen it does not.
const models = [
  "gpt-4o-mini",
  "claude-3-haiku-20240307",
  ...Array.from({ length: 18 }, (_, i) => `model-${String(i + 3).padStart(2, "0")}`)
]
const unknown = new Set(["model-07", "model-13"])
const listed = models.filter((id) => !unknown.has(id))

/** Probes answer at once, unless `slow` is set (a run to cancel); the two unknown models are a 404. */
let slow = false
const behaviour = (chat: FakeProvider.ChatCall): FakeProvider.Behaviour =>
  unknown.has(chat.model)
    ? { kind: "status", status: 404, body: OpenAiFrames.error(`The model ${chat.model} does not exist`) }
    : slow
      ? { kind: "slow", pieces: ["Hi", "!"], delayMs: 1500 }
      : { kind: "answer", pieces: ["Hello", " there"] }

describeInChromium("models e2e", 90_000, () => {
  let upstream: FakeProvider.FakeProvider
  let switchboard: Switchboard
  let browser: Browser
  let page: Page
  let webRoot: string | undefined
  let refusedMasked = ""
  const pageErrors: Array<string> = []

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${switchboard.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${switchboard.token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    return response.json()
  }
  const { shot, shots } = screenshots(() => page)
  const checkDialog = () => page.getByRole("dialog", { name: "Check the models of Checked" })
  const status = () => checkDialog().getByRole("status")

  beforeAll(async () => {
    webRoot = await buildAll()
    upstream = await FakeProvider.start({
      protocol: "openai",
      models: listed,
      contextLength: 4096,
      promptTokens: 1200,
      key: [keys[0]!, keys[2]!],
      behaviour
    })
    switchboard = await startSwitchboard("e2e-token-0123456789", webRoot)
    const added = await call("POST", "/api/providers", {
      name: "Checked",
      type: "openai",
      baseUrl: upstream.url,
      apiKeys: keys,
      models
    })
    refusedMasked = added.apiKeys[1].masked
    // The provider's own facts (the context window its list gives) come with a sync.
    await call("POST", "/api/providers/checked/models-sync", {})
    browser = await launchChromium()
    page = await browser.newPage({ viewport: wide })
    page.setDefaultTimeout(20_000)
    page.on("pageerror", (error) => pageErrors.push(error.message))
    await page.goto(switchboard.url)
    await page.getByLabel("Token").fill(switchboard.token)
    await page.getByRole("button", { name: "Sign in" }).click()
    await page.getByRole("heading", { name: "Checked", exact: true }).waitFor()
  }, 240_000)

  afterAll(async () => {
    if (pageErrors.length > 0) console.error(`page errors:\n${pageErrors.join("\n")}`)
    await browser?.close()
    await switchboard?.stop()
    await upstream?.close()
    if (webRoot !== undefined) rmSync(webRoot, { recursive: true, force: true })
  })

  it("sets a model's prices in Edit model; the row says whose each fact is", async () => {
    await page.getByRole("button", { name: "Edit gpt-4o-mini" }).click()
    const dialog = page.getByRole("dialog", { name: "Edit gpt-4o-mini" })
    await dialog.getByText("Empty: 4k, from the provider's model list").waitFor()
    await dialog.getByText("Empty: 16k, from the model catalog").waitFor()
    await dialog.getByLabel("Input", { exact: true }).fill("2.5")
    await dialog.getByLabel("Output", { exact: true }).fill("10")
    await dialog.getByLabel("Max output", { exact: true }).fill("70000.5")
    await dialog.getByRole("button", { name: "Save model" }).click()
    await dialog.getByText("A whole number of tokens from 1 to 100000000").waitFor()
    await dialog.getByLabel("Max output", { exact: true }).fill("8192")
    await shots("edit-model-limits")
    await dialog.getByRole("button", { name: "Save model" }).click()
    await dialog.waitFor({ state: "detached" })
    const row = page.locator(".model-row", { hasText: "gpt-4o-mini" })
    await row.getByText("$2.50 in · $10.00 out per M").waitFor()
    expect(await row.locator(".model-facts").textContent()).toBe(
      "4k context provider8k output yours$2.50 in · $10.00 out per M yours"
    )
    expect(await row.getByText("Vision").getAttribute("title")).toBe("from the model catalog")
    const claude = page.locator(".model-row", { hasText: "claude-3-haiku-20240307" })
    expect(await claude.getByText("Deprecated").getAttribute("title")).toBe("Deprecated, from the model catalog")
    await shots("models-facts", { at: page.getByRole("heading", { name: "Models" }) })
  })

  it("shows the answer's cost in the chat footer", async () => {
    await page.getByRole("link", { name: "Chat" }).click()
    await page.getByLabel("Model", { exact: true }).selectOption({ label: "gpt-4o-mini" })
    await page.getByLabel("Message").fill("Hi")
    await page.getByLabel("Message").press("Enter")
    const meta = page.locator(".message.assistant .message-meta").last()
    await expect.poll(() => meta.textContent()).toContain("$0.0030")
    expect(await meta.textContent()).toMatch(/^gpt-4o-mini · 1200 in · 2 out tokens · \$0\.0030 · /)
    await shots("chat-cost")
    await page.getByRole("link", { name: "Model services" }).click()
    await page.getByRole("heading", { name: "Checked", exact: true }).waitFor()
  })

  it("checks every model × key and shows exactly the refused key and the two unknown models failing", async () => {
    await page.getByRole("button", { name: "Check…" }).click()
    const dialog = checkDialog()
    await dialog.getByLabel("At once").fill("8")
    await dialog.getByLabel("Timeout (seconds)").fill("20")
    await dialog.getByRole("button", { name: "Run 60 checks" }).click()
    await expect.poll(() => status().textContent(), { timeout: 60_000 }).toMatch(/^Done: 36 passed, 24 failed in /)
    expect(await dialog.getByRole("progressbar", { name: "Check progress" }).getAttribute("value")).toBe("60")
    await dialog.getByLabel("Failures only (24)").check()
    const rows = dialog.locator("tbody tr")
    await expect.poll(() => rows.count()).toBe(24)
    const failures = await rows.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll("td")].slice(0, 4).map((td) => td.textContent))
    )
    const refused = failures.filter(([, key, result]) => key === refusedMasked && result === "✗ Authentication")
    expect(refused).toHaveLength(20)
    expect(refused.every(([, , , http]) => http === "401")).toBe(true)
    const notFound = failures.filter(([, , result]) => result === "✗ NotFound")
    expect(notFound.map(([model]) => model).sort()).toEqual(["model-07", "model-07", "model-13", "model-13"])
    expect(notFound.every(([, key, , http]) => key !== refusedMasked && http === "404")).toBe(true)
    expect(await rows.first().locator("code.url").textContent()).toBe(`${upstream.url}/v1/chat/completions`)
    await dialog.getByRole("button", { name: "Remove 2 failed models" }).waitFor()
    await dialog.getByRole("button", { name: "Remove 1 key that failed everywhere" }).waitFor()
    await shots("models-check")
  })

  it("cancels a second run: the stream closes and the upstream stops being asked", async () => {
    slow = true
    const dialog = checkDialog()
    await dialog.getByLabel("Failures only (24)").uncheck()
    await dialog.getByLabel("At once").fill("2")
    const before = upstream.chats().length
    await dialog.getByRole("button", { name: "Run 60 checks" }).click()
    await expect.poll(() => status().textContent()).toMatch(/^[1-9]\d* of 60 checked/)
    await shot("models-check-running")
    await dialog.getByRole("button", { name: "Cancel check" }).click()
    await expect.poll(() => status().textContent()).toMatch(/^Cancelled after \d+ of 60 checks/)
    const asked = upstream.chats().length - before
    expect(asked).toBeLessThan(60)
    // No new probe starts once cancelled (two may have been on their way).
    await new Promise((done) => setTimeout(done, 2000))
    expect(upstream.chats().length - before).toBeLessThanOrEqual(asked + 2)
    await shots("models-check-cancelled")
    slow = false
  })

  it("removes the failed models, then the key refused everywhere, each once confirmed", async () => {
    const dialog = checkDialog()
    await dialog.getByRole("button", { name: "Remove 2 failed models" }).click()
    await dialog.getByText("Remove model-07, model-13?").waitFor()
    await dialog.getByRole("button", { name: "Remove 2 failed models" }).click()
    await expect.poll(() => call("GET", "/api/providers/checked").then((p) => p.models.length)).toBe(18)
    await dialog.getByRole("button", { name: "Remove 1 key that failed everywhere" }).click()
    await dialog.getByText(`Remove ${refusedMasked}?`).waitFor()
    await dialog.getByRole("button", { name: "Remove 1 key that failed everywhere" }).click()
    await expect.poll(() => call("GET", "/api/providers/checked").then((p) => p.apiKeys.length)).toBe(2)
    await dialog.getByRole("button", { name: "Close" }).last().click()
    await dialog.waitFor({ state: "detached" })
    await page.locator(".model-row", { hasText: "model-03" }).getByText("✓ 2 keys").waitFor()
    expect(await page.locator(".model-row", { hasText: "model-07" }).count()).toBe(0)
  })

  it("syncs after the upstream dropped a model and added another: the diff, the gone marked, the new added", async () => {
    upstream.set({ models: [...listed.filter((id) => id !== "model-20"), "model-21"] })
    await page.getByRole("button", { name: "Sync…" }).click()
    const dialog = page.getByRole("dialog", { name: "Sync Checked with its model list" })
    await dialog.getByText("1 new upstream, 1 no longer offered, 17 unchanged.").waitFor()
    expect(await dialog.getByRole("region", { name: "New upstream" }).locator("li").allTextContents()).toEqual([
      "model-21"
    ])
    expect(await dialog.getByRole("region", { name: "No longer offered" }).locator("li").allTextContents()).toEqual([
      "model-20"
    ])
    await shots("models-sync")
    await dialog.getByRole("button", { name: "Add all 1 new" }).click()
    await dialog.getByText("Added model-21.").waitFor()
    await dialog.getByRole("button", { name: "Done" }).click()
    await dialog.waitFor({ state: "detached" })
    const gone = page.locator(".model-row", { hasText: "model-20" })
    await gone.getByText("Gone upstream").waitFor()
    await page.getByRole("button", { name: "Edit model-21" }).waitFor()
    // Your settings survive the sync that refreshed the provider's and the catalog's facts.
    expect(await page.locator(".model-row", { hasText: "gpt-4o-mini" }).locator(".model-facts").textContent()).toBe(
      "4k context provider8k output yours$2.50 in · $10.00 out per M yours"
    )
    await shots("models-gone", { at: page.locator(".model-group", { hasText: "model-19" }) })
  })
})
