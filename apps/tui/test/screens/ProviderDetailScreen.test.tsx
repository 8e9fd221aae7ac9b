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

/** Renders the TUI with `input` stored and its detail screen open. */
const openDetail = async (input: NewProvider) => {
  tui = await renderTui({ providers: [input] })
  await tui.waitFor(String(input.name))
  await tui.press(keys.enter)
  await tui.waitFor(" Settings ")
  return tui
}

const stored = (t: Tui, id: string) => t.core(providers((p) => p.get(id)))

describe("ProviderDetailScreen settings", () => {
  it("shows the resolved chat and models URLs live while the base URL is typed", async () => {
    const t = await openDetail({ name: "vLLM", type: "openai", baseUrl: "http://localhost:8000/" })
    await t.waitFor("chat → http://localhost:8000/v1/chat/completions")
    await t.press(keys.down, keys.down, keys.down, keys.enter)
    await t.press(keys.ctrl("u"))
    await t.type("http://gpu-box:9000/api/v3")
    await t.waitFor("chat → http://gpu-box:9000/api/v3/chat/completions")
    expect(t.screen()).toContain("models → http://gpu-box:9000/api/v3/models")
    await t.press(keys.enter)
    await t.waitFor("Saved Base URL")
    expect((await stored(t, "vllm")).baseUrl).toBe("http://gpu-box:9000/api/v3")
  })

  it("shows a base URL's key masked, in the field and the resolved URLs, and keeps it when the host is edited", async () => {
    const secret = "AIzaSecretQueryKey0123456789"
    const t = await openDetail({ name: "Keyed", type: "openai", baseUrl: `http://localhost:8000/v1?key=${secret}` })
    await t.waitFor("chat → http://localhost:8000/v1/chat/completions?key=AIz…6789")
    expect(t.screen()).toContain("http://localhost:8000/v1?key=AIz…6789")
    expect(t.screen()).not.toContain(secret)
    // Editing starts from the masked text; changing the host keeps the stored key.
    await t.press(keys.down, keys.down, keys.down, keys.enter)
    expect(t.screen()).not.toContain(secret)
    await t.press(keys.ctrl("u"))
    await t.type("http://gpu-box:9000/v1?key=AIz…6789")
    await t.waitFor("chat → http://gpu-box:9000/v1/chat/completions?key=AIz…6789")
    await t.press(keys.enter)
    await t.waitFor("Saved Base URL")
    expect(t.screen()).not.toContain(secret)
    expect((await stored(t, "keyed")).baseUrl).toBe(`http://gpu-box:9000/v1?key=${secret}`)
  })

  it("shows a bad base URL's problem at the field in words and keeps what is stored", async () => {
    const t = await openDetail({ name: "vLLM", type: "openai", baseUrl: "http://localhost:8000/" })
    await t.press(keys.down, keys.down, keys.down, keys.enter, keys.ctrl("u"))
    await t.type("ftp://example.com")
    await t.waitFor("base URL must use http:// or https://, not ftp:")
    await t.press(keys.enter)
    const refused = await t.waitFor("✗ Base URL must use http:// or https://, not ftp:")
    // Said once: the live preview gives way to the refused save's problem.
    expect(refused).not.toContain("base URL must use")
    // The typed text stays to be fixed; nothing was stored.
    expect(t.screen()).toContain("ftp://example.com")
    expect((await stored(t, "vllm")).baseUrl).toBe("http://localhost:8000/")
    // Editing it takes the ✗ away.
    await t.press(keys.ctrl("u"))
    await t.type("http://localhost:9000/")
    await t.waitFor("chat → http://localhost:9000/v1/chat/completions")
    expect(t.screen()).not.toContain("✗")
    await t.press(keys.escape)
    await t.waitFor((s) => !s.includes("ftp://"))
  })

  it("changes the type with ←/→, the resolved URLs following before it is saved", async () => {
    const t = await openDetail({ name: "Relay", type: "openai", baseUrl: "http://localhost:8000" })
    await t.press(keys.down, keys.down, keys.enter)
    await t.waitFor("‹ OpenAI ›")
    await t.press(keys.left)
    await t.waitFor("‹ Azure OpenAI ›")
    await t.press(keys.left)
    await t.waitFor("‹ Anthropic ›")
    await t.waitFor("chat → http://localhost:8000/v1/messages")
    expect((await stored(t, "relay")).type).toBe("openai")
    await t.press(keys.enter)
    await t.waitFor("Type changed to Anthropic")
    expect((await stored(t, "relay")).type).toBe("anthropic")
    // Esc while choosing keeps the stored type.
    await t.press(keys.enter, keys.right)
    await t.waitFor("‹ Azure OpenAI ›")
    await t.press(keys.escape)
    await t.waitFor((screen) => !screen.includes("‹"))
    expect((await stored(t, "relay")).type).toBe("anthropic")
  })

  it("refuses a timeout that is not a number with the core's words", async () => {
    const t = await openDetail({ name: "vLLM", preset: "vllm" })
    // name, enabled, type, base URL, first byte
    await t.press(keys.down, keys.down, keys.down, keys.down, keys.enter, keys.ctrl("u"))
    await t.type("soon")
    await t.press(keys.enter)
    await t.waitFor("must be a whole number of milliseconds from 100 to 3600000")
    await t.press(keys.ctrl("u"))
    await t.type("300000")
    await t.press(keys.enter)
    await t.waitFor("Saved First byte (ms)")
    expect((await stored(t, "vllm")).timeouts.firstByteMs).toBe(300000)
  })

  it("shows the api version for Azure and uses the typed one in the URLs", async () => {
    const t = await openDetail({
      name: "Azure",
      type: "azure-openai",
      baseUrl: "https://acme.openai.azure.com",
      models: ["gpt-4o-prod"]
    })
    await t.waitFor("API version")
    await t.waitFor("api-version=2024-10-21")
    await t.press(keys.down, keys.down, keys.down, keys.down, keys.enter, keys.ctrl("u"))
    await t.type("v1")
    await t.waitFor("chat → https://acme.openai.azure.com/openai/v1/chat/completions")
    await t.press(keys.enter)
    await t.waitFor("Saved API version")
    expect((await stored(t, "azure")).apiVersion).toBe("v1")
  })

  it("switches the provider on and off with space on Enabled, and renames it", async () => {
    const t = await openDetail({ name: "vLLM", preset: "vllm" })
    await t.press(keys.down, keys.space)
    await t.waitFor("Switched off")
    expect((await stored(t, "vllm")).enabled).toBe(false)
    await t.press(keys.up, keys.enter, keys.ctrl("u"))
    await t.type("GPU box")
    await t.press(keys.enter)
    await t.waitFor("Switchboard · GPU box")
    expect((await stored(t, "vllm")).name).toBe("GPU box")
  })
})

describe("ProviderDetailScreen keys and verify", () => {
  it("takes keys typed masked, shows them masked, replaces and removes several", async () => {
    const t = await openDetail({ name: "OpenAI", preset: "openai" })
    await t.press(keys.tab)
    await t.waitFor("No keys")
    await t.press("n")
    await t.type("sk-first-key-000000000001")
    await t.waitFor("•••••")
    expect(t.screen()).not.toContain("sk-first")
    await t.press(keys.enter)
    await t.waitFor("sk-…0001")
    await t.press("n")
    await t.type("sk-second-key-00000000002")
    await t.press(keys.enter)
    await t.waitFor("sk-…0002")
    await t.press("n")
    await t.type("sk-third-key-000000000003")
    await t.press(keys.enter)
    await t.waitFor("sk-…0003")
    expect(t.screen()).not.toMatch(/sk-(first|second|third)/)

    // Replace the first key.
    await t.press(keys.up, keys.up, "r")
    await t.waitFor("Replace sk-…0001")
    await t.type("sk-fourth-key-00000000004")
    await t.press(keys.enter)
    await t.waitFor("Replaced sk-…0001")
    expect((await stored(t, "openai")).apiKeys.map((k) => k.masked)).toEqual(["sk-…0004", "sk-…0002", "sk-…0003"])

    // Mark two and remove them together.
    await t.press(keys.space, keys.down, keys.space, "d")
    await t.waitFor("Remove 2 keys? y/n")
    await t.press("y")
    await t.waitFor("Removed 2 keys")
    expect((await stored(t, "openai")).apiKeys.map((k) => k.masked)).toEqual(["sk-…0003"])
  })

  it("rejects a key with a space at the field without storing it", async () => {
    const t = await openDetail({ name: "OpenAI", preset: "openai" })
    await t.press(keys.tab, "n")
    await t.type("sk-has space-0000000")
    await t.press(keys.enter)
    await t.waitFor("must not contain spaces or line breaks")
    expect(t.screen()).not.toContain("sk-has")
    expect((await stored(t, "openai")).apiKeys).toHaveLength(0)
  })

  it("verifies a keyless server and shows the per-key report with URL and latency", async () => {
    const t = await openDetail({ name: "Local", type: "openai", baseUrl: upstream.url })
    await t.press("v")
    const screen = await t.waitFor("✓ Verified")
    expect(screen).toContain("(no key)")
    expect(screen).toContain("ok, listed models")
    expect(screen).toMatch(/\d+ ms/)
    expect(screen).toContain(`${upstream.url}/v1/models`)
    await t.press(keys.escape)
    await t.waitFor(/● on\s+Local\s+OpenAI\s+✓ no key/)
  })

  it("shows the stored report of a check made elsewhere, with its time, in the detail and the list", async () => {
    const t = await renderTui({ providers: [{ name: "Checked", type: "openai", baseUrl: upstream.url }] })
    tui = t
    await t.waitFor("Checked")
    // As the CLI or the dashboard would, while this TUI shows the list.
    await t.core(providers((p) => p.verify("checked")))
    await t.press(keys.enter)
    await t.waitFor(" Settings ")
    await t.press(keys.tab)
    const screen = await t.waitFor("✓ Verified")
    expect(screen).toMatch(/\(1 check, .*\d{1,2}:\d{2}:\d{2}/)
    expect(screen).toContain(`${upstream.url}/v1/models`)
    await t.press(keys.escape)
    await t.waitFor(/● on\s+Checked\s+OpenAI\s+✓ no key/)
  })

  it("reports a refused key with its reason, status and message, and the list shows it failed", async () => {
    upstream.set({ key: "sk-the-right-key-0000000" })
    const t = await openDetail({
      name: "Guarded",
      type: "openai",
      baseUrl: upstream.url,
      apiKeys: ["sk-the-right-key-0000000", "sk-a-wrong-key-111111111"]
    })
    await t.press("v")
    const screen = await t.waitFor("✗ Verify failed")
    expect(screen).toMatch(/✓ sk-…0000\s+ok, listed models/)
    expect(screen).toMatch(/✗ sk-…1111\s+Authentication · HTTP 401/)
    expect(screen).toContain("Incorrect API key provided")
    await t.press(keys.escape)
    await t.waitFor(/Guarded\s+OpenAI\s+✗ sk-…0000 \+1/)
  })

  it("reports an unreachable server as a network failure, naming the URL", async () => {
    const t = await openDetail({ name: "Gone", type: "openai", baseUrl: "http://127.0.0.1:9" })
    await t.press("v")
    const screen = await t.waitFor("✗ Verify failed")
    expect(screen).toContain("Network")
    expect(screen).toContain("http://127.0.0.1:9/v1/models")
  })
})

describe("ProviderDetailScreen with a stuck provider", () => {
  it("verifies another provider while one hangs", async () => {
    const stuck = await startUpstream({ hangModels: true })
    try {
      tui = await renderTui({
        providers: [
          { name: "Stuck", type: "openai", baseUrl: stuck.url },
          { name: "Healthy", type: "openai", baseUrl: upstream.url }
        ]
      })
      const t = tui
      await t.waitFor("Healthy")
      await t.press(keys.enter)
      await t.waitFor(" Settings ")
      await t.press("v")
      await t.waitFor("Verifying the provider…")
      await t.press(keys.escape)
      await t.waitFor("Switchboard · Providers")
      await t.press(keys.down, keys.enter)
      await t.waitFor("Switchboard · Healthy")
      await t.press("v")
      await t.waitFor("✓ Verified")
      // The stuck check is still running, and the UI never waited for it.
      await t.press(keys.escape)
      await t.waitFor(/Healthy\s+OpenAI\s+✓ no key/)
      expect(t.screen()).toMatch(/Stuck\s+OpenAI\s+no key/)
    } finally {
      await stuck.close()
    }
  })
})

describe("ProviderDetailScreen headers", () => {
  it("adds a header typed as Name: value, refuses one without a colon, removes one after asking", async () => {
    const t = await openDetail({ name: "vLLM", preset: "vllm" })
    await t.press(keys.tab, keys.tab)
    await t.waitFor("No custom headers")
    await t.press("n")
    await t.type("X-Org acme")
    await t.press(keys.enter)
    await t.waitFor("must be written Name: value, with a colon")
    await t.press(keys.ctrl("u"))
    await t.type("X-Org: acme")
    await t.press(keys.enter)
    await t.waitFor("Header X-Org added")
    expect((await stored(t, "vllm")).headers).toEqual({ "X-Org": "acme" })
    await t.press("n")
    await t.type("Host: evil")
    await t.press(keys.enter)
    await t.waitFor("is set by Switchboard and cannot be overridden")
    await t.press(keys.escape, "d")
    await t.waitFor("Remove header X-Org? y/n")
    await t.press("n")
    await t.waitFor((screen) => !screen.includes("y/n"))
    expect((await stored(t, "vllm")).headers).toEqual({ "X-Org": "acme" })
    await t.press("d", "y")
    await t.waitFor("Removed header X-Org")
    expect((await stored(t, "vllm")).headers).toEqual({})
  })

  it("masks a credential header's value while it is typed and on the list", async () => {
    const t = await openDetail({ name: "Gateway", preset: "vllm" })
    await t.press(keys.tab, keys.tab, "n")
    await t.type("X-Api-Key: gw-secret-value-1234567")
    await t.waitFor("X-Api-Key:•••")
    expect(t.screen()).not.toContain("gw-secret")
    await t.press(keys.enter)
    await t.waitFor("X-Api-Key: gw-…4567")
    expect(t.screen()).not.toContain("gw-secret")
    expect((await stored(t, "gateway")).headers).toEqual({ "X-Api-Key": "gw-secret-value-1234567" })
  })
})
