// @vitest-environment node
/**
 * The dashboard end to end, in real Chromium (Debian's, driven by playwright-core — no browser download) against the
 * real server and a local vLLM-style upstream: sign in with the token, add a keyless vLLM provider, check it, fetch
 * and add models, chat and read the streamed answer, stop a stream (the upstream sees the connection close), edit
 * and delete. Screenshots of the main pages go to `apps/web/artifacts/`.
 *
 * Without /usr/bin/chromium the suite is skipped with a message — except under CI=true, where that is a failure.
 */
import { existsSync, mkdirSync, rmSync } from "node:fs"
import { join } from "node:path"
import * as FakeProvider from "@switchboard/testing/FakeProvider"
import { type Browser, chromium, type Page } from "playwright-core"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { buildAll, startSwitchboard, type Switchboard, webDir } from "./switchboard"

const upstreamModels = ["gpt2", "Qwen/Qwen2.5-0.5B-Instruct", "meta-llama/Llama-3.2-1B-Instruct"]
const answerText = 'Hello from the **test upstream**.\n\n```python\nprint("hi")\n```\n'

/**
 * The keyless vLLM-style upstream: the answer streams in 6-character pieces 15 ms apart, and a prompt saying "slow"
 * streams 600 pieces 100 ms apart, so a test can stop it.
 */
const startUpstream = () =>
  FakeProvider.start({
    models: upstreamModels,
    contextLength: 4096,
    promptTokens: 11,
    behaviour: (chat) => {
      if (!chat.stream) return { kind: "answer", pieces: ["ok"] }
      return String(chat.messages.at(-1)?.content ?? "").includes("slow")
        ? { kind: "slow", pieces: Array.from({ length: 600 }, (_, i) => `word${i} `), delayMs: 100 }
        : { kind: "slow", pieces: answerText.match(/.{1,6}/gs) ?? [], delayMs: 15 }
    }
  })

const chromiumPath = "/usr/bin/chromium"
const hasChromium = existsSync(chromiumPath)
const artifacts = join(webDir, "artifacts")

if (!hasChromium && process.env.CI === "true") {
  describe("dashboard e2e", () => {
    it("needs Chromium", () => {
      throw new Error(`${chromiumPath} is missing under CI=true: install Debian's chromium (.ci/run does).`)
    })
  })
}

const title = hasChromium
  ? "dashboard e2e (real Chromium, real server)"
  : `dashboard e2e — SKIPPED: ${chromiumPath} not found; install Debian's chromium to run it`

describe.skipIf(!hasChromium)(title, { timeout: 60_000 }, () => {
  let upstream: FakeProvider.FakeProvider
  let switchboard: Switchboard
  let browser: Browser
  let page: Page
  let webRoot: string | undefined
  const pageErrors: Array<string> = []
  // Chromium reports a blocked script, style or request on the console, not as a page error.
  const cspViolations: Array<string> = []

  const shot = async (name: string, fullPage = false) => {
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage })
  }

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    webRoot = await buildAll()
    upstream = await startUpstream()
    switchboard = await startSwitchboard("e2e-token-0123456789", webRoot)
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync"
      ]
    })
    page = await browser.newPage({ viewport: { width: 1280, height: 820 } })
    page.setDefaultTimeout(10_000)
    page.on("pageerror", (error) => pageErrors.push(error.message))
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text())
    })
  }, 180_000)

  // A failed step leaves a picture of the page and the page's own errors, which say more than a timeout.
  afterEach(async (context) => {
    if (context.task.result?.state !== "fail") return
    await shot(`failed-${context.task.name.slice(0, 40).replace(/\W+/g, "-")}`)
    if (pageErrors.length > 0) console.error(`page errors:\n${pageErrors.join("\n")}`)
  })

  afterAll(async () => {
    await browser?.close()
    await switchboard?.stop()
    await upstream?.close()
    if (webRoot !== undefined) rmSync(webRoot, { recursive: true, force: true })
  })

  it("asks for the server's token and signs in", async () => {
    await page.goto(switchboard.url)
    await page.getByLabel("Token").fill("wrong-token")
    await page.getByRole("button", { name: "Sign in" }).click()
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Not signed in")
    await shot("sign-in")
    await page.getByLabel("Token").fill(switchboard.token)
    await page.getByRole("button", { name: "Sign in" }).click()
    await page.getByRole("heading", { name: "Set up your first provider" }).waitFor()
    expect(page.url()).not.toContain(switchboard.token)
  })

  it("adds a keyless vLLM provider from its preset, pointed at the upstream", async () => {
    await page.getByRole("button", { name: "+ Add", exact: true }).click()
    const dialog = page.getByRole("dialog", { name: "Add provider" })
    await dialog.getByText("vLLM", { exact: true }).click()
    expect(await dialog.getByLabel("Name").inputValue()).toBe("vLLM")
    await dialog.getByLabel(/Base URL/).fill(upstream.url)
    await shot("add-provider")
    await dialog.getByRole("button", { name: "Add provider" }).click()
    await page.getByRole("heading", { name: "vLLM", exact: true }).waitFor()
    await page.getByText(`${upstream.url}/v1/chat/completions`).waitFor()
  })

  it("checks the provider: one keyless result with ok, latency and the exact URL", async () => {
    await page.getByRole("button", { name: "Check", exact: true }).click()
    await page.getByText("All checks passed.").waitFor()
    const row = page.locator(".verify-row")
    expect(await row.textContent()).toContain("✓ OK")
    expect(await row.textContent()).toContain("no key")
    expect(await row.locator(".url").textContent()).toBe(`${upstream.url}/v1/models`)
    await shot("verify")
  })

  it("fetches the upstream's models and adds one per model and one per group", async () => {
    await page.getByRole("button", { name: "Manage…" }).click()
    const dialog = page.getByRole("dialog", { name: "Models of vLLM" })
    await dialog.getByText(`${upstreamModels.length} of ${upstreamModels.length} models shown, 0 added.`).waitFor()
    await dialog.getByRole("button", { name: "Add gpt2" }).click()
    await dialog.getByRole("button", { name: "Remove gpt2" }).waitFor()
    await dialog.getByLabel("Search models").fill("qwen")
    await dialog.getByRole("button", { name: /^Add all 1 models of group/ }).click()
    await dialog.getByRole("button", { name: "Remove Qwen/Qwen2.5-0.5B-Instruct" }).waitFor()
    await dialog.getByLabel("Search models").fill("")
    await shot("manage-models")
    await dialog.getByRole("button", { name: "Done" }).click()
    await page.getByRole("button", { name: "Edit gpt2" }).waitFor()
    await page.getByRole("button", { name: "Edit Qwen/Qwen2.5-0.5B-Instruct" }).waitFor()
    await shot("model-services", true)
  })

  it("chats: the streamed answer is rendered as Markdown with tokens and timing under it", async () => {
    await page.getByRole("link", { name: "Chat" }).click()
    await page.getByLabel("Model", { exact: true }).selectOption({ label: "gpt2" })
    await page.getByLabel("Message").fill("Say hello")
    await page.getByLabel("Message").press("Enter")
    const answer = page.locator(".message.assistant").last()
    await answer.locator("strong", { hasText: "test upstream" }).waitFor()
    await answer.locator(".code-block pre code", { hasText: 'print("hi")' }).waitFor()
    await page.getByRole("button", { name: "Send" }).waitFor()
    const meta = (await answer.locator(".message-meta").textContent()) ?? ""
    expect(meta).toMatch(/gpt2 · 11 in · \d+ out tokens · first token \d+ ms · total [\d.]+ m?s/)
    await page.getByRole("button", { name: /^Say hello/ }).waitFor()
    await shot("chat")
    await page.emulateMedia({ colorScheme: "dark" })
    await shot("chat-dark")
    await page.emulateMedia({ colorScheme: "light" })
  })

  it("stops a stream: the answer ends as stopped and the upstream sees the connection close", async () => {
    await page.getByRole("button", { name: "+ New chat" }).click()
    const before = upstream.stats().aborted
    await page.getByLabel("Message").fill("Tell me a slow story")
    await page.getByLabel("Message").press("Enter")
    const answer = page.locator(".message.assistant").last()
    await answer.getByText(/word3/).waitFor()
    await page.getByRole("button", { name: "■ Stop" }).click()
    await answer.getByText(/stopped by you/).waitFor()
    await expect.poll(() => upstream.stats().aborted, { timeout: 10_000 }).toBe(before + 1)
    const shown = (await answer.locator(".markdown").textContent()) ?? ""
    expect(shown).not.toContain("word590")
    await shot("chat-stopped")
  })

  it("edits the provider and a model, then deletes the provider", async () => {
    await page.getByRole("link", { name: "Model services" }).click()
    await page.getByLabel("Name", { exact: true }).fill("Local vLLM")
    await page.getByRole("button", { name: "Save", exact: true }).click()
    await page.getByRole("heading", { name: "Local vLLM", exact: true }).waitFor()
    await page.getByRole("navigation", { name: "Providers" }).getByText("Local vLLM").waitFor()

    // The save re-renders the page; a click that lands on the row while it is replaced opens nothing (seen once in
    // a full run on a loaded machine), so the click is repeated until the dialog is there.
    const edit = page.getByRole("dialog", { name: "Edit gpt2" })
    await expect
      .poll(async () => {
        if (!(await edit.isVisible())) await page.getByRole("button", { name: "Edit gpt2" }).click()
        return edit.isVisible()
      })
      .toBe(true)
    await edit.getByLabel("Display name").fill("GPT-2 small")
    await edit.getByLabel(/Reasoning/).selectOption("yes")
    await edit.getByRole("button", { name: "Save model" }).click()
    const group = page.getByRole("region", { name: "Group gpt2" })
    await group.getByText("GPT-2 small", { exact: true }).waitFor()
    expect(await group.locator(".tag").allTextContents()).toContain("Reasoning")

    // Keyboard only: from the search box, Tab reaches the row and then its switch; Space toggles it.
    const enabled = async () =>
      (
        (await fetch(`${switchboard.url}/api/providers/vllm`, {
          headers: { authorization: `Bearer ${switchboard.token}` }
        }).then((r) => r.json())) as { enabled: boolean }
      ).enabled
    await page.getByLabel("Search providers").focus()
    await page.keyboard.press("Tab")
    await page.keyboard.press("Tab")
    await page.keyboard.press("Tab")
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Local vLLM enabled")
    await page.keyboard.press("Space")
    await expect.poll(enabled).toBe(false)
    await page.getByText("This provider is off").waitFor()
    await page.keyboard.press("Space")
    await expect.poll(enabled).toBe(true)

    await page.setViewportSize({ width: 420, height: 860 })
    await shot("model-services-narrow", true)
    await page.setViewportSize({ width: 1280, height: 820 })

    await page.getByRole("button", { name: "Delete…" }).click()
    await page.getByRole("button", { name: "Delete Local vLLM" }).click()
    await page.getByRole("heading", { name: "Set up your first provider" }).waitFor()
    const list = await fetch(`${switchboard.url}/api/providers`, {
      headers: { authorization: `Bearer ${switchboard.token}` }
    }).then((r) => r.json())
    expect(list).toEqual([])
  })

  it("runs the dashboard and /docs under the server's Content-Security-Policy without a violation", async () => {
    const res = await fetch(switchboard.url)
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'")
    await page.goto(`${switchboard.url}/docs`)
    await page.locator("details").first().waitFor()
    expect(cspViolations).toEqual([])
  })
})
