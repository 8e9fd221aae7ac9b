import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { addProvider, makeTestApp, type TestApp } from "../support/TestApp"
import * as FakeProvider from "@switchboard/testing/FakeProvider"

let t: TestApp
let upstream: FakeProvider.FakeProvider

beforeAll(async () => {
  upstream = await FakeProvider.start({ protocol: "openai", models: ["gpt2", "meta-llama/Llama-3.1-8B-Instruct"] })
})
afterAll(() => upstream.close())
beforeEach(() => {
  t = makeTestApp()
  upstream.behave({ kind: "answer", pieces: ["ok"] })
})
afterEach(() => t.dispose())

const list = async () => (await t.json("GET", "/api/providers")).body

describe("GET/POST /api/providers", () => {
  it("adds a provider from scratch and shows its keys masked", async () => {
    const res = await t.json("POST", "/api/providers", {
      body: {
        name: "My vLLM",
        type: "openai",
        baseUrl: upstream.url,
        apiKeys: ["sk-abcdefghijklmnop1234"],
        models: ["gpt2"]
      }
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      id: "my-vllm",
      name: "My vLLM",
      type: "openai",
      enabled: true,
      baseUrl: upstream.url,
      headers: {},
      revision: 1,
      models: [{ id: "gpt2", name: "gpt2", group: "gpt2", capabilities: { vision: false } }]
    })
    expect(res.body.apiKeys).toEqual([{ id: expect.any(String), masked: "sk-…1234" }])
    expect(res.text).not.toContain("sk-abcdefghijklmnop1234")
    expect(await list()).toMatchObject([{ id: "my-vllm" }])
    expect((await t.json("GET", "/api/providers/my-vllm")).body).toEqual(res.body)
  })

  it("adds a provider from a preset", async () => {
    const res = await t.json("POST", "/api/providers", { body: { name: "vLLM", preset: "vllm" } })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ id: "vllm", type: "openai", baseUrl: "http://localhost:8000/", apiKeys: [] })
  })

  it.each([
    [{ type: "openai", baseUrl: "http://localhost:8000" }, "name"],
    [{ name: "x", type: "openai", baseUrl: "ftp://host" }, "baseUrl"],
    [{ name: "x", type: "nope", baseUrl: "http://h" }, "type"],
    [{ name: "x", type: "openai", baseUrl: "http://h", apiKeys: ["ok-key-123", "has space"] }, "apiKeys[1]"],
    [{ name: "x", type: "openai", baseUrl: "http://h", bogus: 1 }, "bogus"],
    [{ name: "x", type: "openai", baseUrl: "http://h", timeouts: { idleMs: 5 } }, "timeouts.idleMs"],
    [{ name: "x", type: "openai", baseUrl: "http://h", id: "Not An Id" }, "id"],
    [{ name: "x", type: "azure-openai", baseUrl: "http://h", apiVersion: "banana" }, "apiVersion"]
  ])("refuses %j with a 400 naming %s, storing nothing", async (body, field) => {
    const res = await t.json("POST", "/api/providers", { body })
    expect(res.status).toBe(400)
    expect(res.body.error).toMatchObject({ code: "invalid_input", field })
    expect(res.body.error.message).toEqual(expect.any(String))
    expect(await list()).toEqual([])
  })

  it("takes the id the user chose, and refuses it when taken with a 409 naming the id", async () => {
    const res = await t.json("POST", "/api/providers", {
      body: { name: "模型", id: "mo-xing", type: "openai", baseUrl: upstream.url }
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ id: "mo-xing", name: "模型" })
    const again = await t.json("POST", "/api/providers", {
      body: { name: "Other", id: "mo-xing", type: "openai", baseUrl: upstream.url }
    })
    expect(again.status).toBe(409)
    expect(again.body.error).toMatchObject({
      code: "duplicate_name",
      field: "id",
      message: expect.stringContaining('id "mo-xing"')
    })
  })

  it("refuses a duplicate name with 409", async () => {
    await addProvider(t, { name: "Local", type: "openai", baseUrl: upstream.url })
    const res = await t.json("POST", "/api/providers", {
      body: { name: "LOCAL", type: "openai", baseUrl: upstream.url }
    })
    expect(res.status).toBe(409)
    expect(res.body.error).toMatchObject({ code: "duplicate_name", field: "name" })
    expect(await list()).toHaveLength(1)
  })

  it("answers 404 for an unknown provider", async () => {
    const res = await t.json("GET", "/api/providers/nope")
    expect(res.status).toBe(404)
    expect(res.body.error).toMatchObject({ code: "not_found", message: expect.stringContaining("nope") })
  })
})

describe("PATCH /api/providers/:id", () => {
  it("replaces the key list: {id} keeps a stored key, a string adds one, the rest go", async () => {
    const created = await addProvider(t, {
      name: "Keys",
      type: "openai",
      baseUrl: upstream.url,
      apiKeys: ["sk-first-key-aaaa1111", "sk-second-key-bbbb2222"]
    })
    const [first] = created.apiKeys
    const res = await t.json("PATCH", "/api/providers/keys", {
      body: { apiKeys: [{ id: first!.id }, "sk-third-key-cccc3333"] }
    })
    expect(res.status).toBe(200)
    expect(res.body.apiKeys).toEqual([first, { id: expect.any(String), masked: "sk-…3333" }])
    expect(res.body.revision).toBe(2)
  })

  it("changes settings and switches a provider off and on", async () => {
    await addProvider(t, { name: "P", type: "openai", baseUrl: upstream.url })
    const res = await t.json("PATCH", "/api/providers/p", {
      body: { name: "Renamed", baseUrl: "http://localhost:9999/v1", enabled: false, timeouts: { idleMs: 5000 } }
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: "p", name: "Renamed", baseUrl: "http://localhost:9999/v1", enabled: false })
    expect(res.body.timeouts.idleMs).toBe(5000)
    expect((await t.json("PATCH", "/api/providers/p", { body: { enabled: true } })).body.enabled).toBe(true)
  })

  it("answers 409 for a stale revision and applies a current one", async () => {
    await addProvider(t, { name: "Rev", type: "openai", baseUrl: upstream.url })
    await t.json("PATCH", "/api/providers/rev", { body: { name: "Rev 2" } })
    const stale = await t.json("PATCH", "/api/providers/rev", { body: { name: "Rev 3", revision: 1 } })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe("conflict")
    expect((await t.json("GET", "/api/providers/rev")).body.name).toBe("Rev 2")
    const current = await t.json("PATCH", "/api/providers/rev", { body: { name: "Rev 3", revision: 2 } })
    expect(current.status).toBe(200)
    expect(current.body).toMatchObject({ name: "Rev 3", revision: 3 })
  })

  it("refuses unknown fields and bad values, leaving the provider as it was", async () => {
    await addProvider(t, { name: "Keep", type: "openai", baseUrl: upstream.url })
    const before = (await t.json("GET", "/api/providers/keep")).body
    for (const [body, field] of [
      [{ nmae: "typo" }, "nmae"],
      [{ baseUrl: "not a url" }, "baseUrl"],
      [{ apiKeys: [""] }, "apiKeys[0]"],
      [{ headers: { "Bad Header": "x" } }, "headers"],
      // Never sendable, masked or not: refused at the edge, or by the core once masks are restored.
      [{ headers: { "X-Team": "команда" } }, "headers.X-Team"],
      [{ headers: { "X-Team": "blu…e\u0000" } }, "headers.X-Team"],
      [{ headers: { "X-Api-Key": "sk-…🔑" } }, "headers.X-Api-Key"],
      [{ apiKeys: ["sk-ключ"] }, "apiKeys[0]"],
      [{ name: "Keep \ud83d" }, "name"]
    ] as const) {
      const res = await t.json("PATCH", "/api/providers/keep", { body })
      expect(res.status).toBe(400)
      expect(res.body.error.field).toBe(field)
    }
    expect((await t.json("GET", "/api/providers/keep")).body).toEqual(before)
  })

  it("masks credential headers and keeps the stored value when the masked one comes back", async () => {
    await addProvider(t, {
      name: "Hdr",
      type: "openai",
      baseUrl: upstream.url,
      models: ["gpt2"],
      headers: { "X-Api-Key": "header-secret-value-9876", "X-Team": "blue" }
    })
    const shown = (await t.json("GET", "/api/providers/hdr")).body.headers
    expect(shown).toEqual({ "X-Api-Key": "hea…9876", "X-Team": "blue" })
    const patched = await t.json("PATCH", "/api/providers/hdr", { body: { headers: { ...shown, "X-Team": "red" } } })
    expect(patched.status).toBe(200)
    await t.json("POST", "/api/providers/hdr/verify")
    expect(upstream.lastRequest().headers).toMatchObject({
      "x-api-key": "header-secret-value-9876",
      "x-team": "red"
    })
  })

  it("masks a credential in the base URL everywhere it shows, keeps it when the masked URL comes back, sends it", async () => {
    const secret = "url-secret-value-0123456789"
    await addProvider(t, { name: "Url", type: "openai", baseUrl: `${upstream.url}/v1?key=${secret}`, models: ["gpt2"] })
    const shown = (await t.json("GET", "/api/providers/url")).body.baseUrl
    expect(shown).toBe(`${upstream.url}/v1?key=url…6789`)
    const urls = await t.json("GET", "/api/providers/url/urls")
    const preview = await t.json("GET", `/api/providers/url/urls?baseUrl=${encodeURIComponent(shown)}`)
    const patched = await t.json("PATCH", "/api/providers/url", { body: { baseUrl: shown, name: "Url 2" } })
    expect(patched.status).toBe(200)
    const verified = await t.json("POST", "/api/providers/url/verify")
    for (const answer of [urls, preview, patched, verified]) expect(answer.text).not.toContain(secret)
    expect(verified.body.results[0].url).toBe(`${upstream.url}/v1/models?key=url…6789`)
    // The stored URL kept its credential: that is what was sent.
    expect(upstream.lastRequest().url).toContain(`key=${secret}`)
  })

  it("answers 404 for an unknown provider", async () => {
    expect((await t.json("PATCH", "/api/providers/ghost", { body: { name: "x" } })).status).toBe(404)
  })
})

describe("DELETE /api/providers/:id and PUT /api/providers/order", () => {
  it("removes a provider", async () => {
    await addProvider(t, { name: "Gone", type: "openai", baseUrl: upstream.url })
    const res = await t.call("DELETE", "/api/providers/gone")
    expect(res.status).toBe(204)
    expect((await t.json("GET", "/api/providers/gone")).status).toBe(404)
    expect((await t.json("DELETE", "/api/providers/gone")).status).toBe(404)
  })

  it("reorders providers, and refuses an order that does not list each exactly once", async () => {
    for (const name of ["A", "B", "C"]) await addProvider(t, { name, type: "openai", baseUrl: upstream.url })
    const res = await t.json("PUT", "/api/providers/order", { body: { order: ["c", "a", "b"] } })
    expect(res.status).toBe(200)
    expect(res.body.map((p: { id: string }) => p.id)).toEqual(["c", "a", "b"])
    const bad = await t.json("PUT", "/api/providers/order", { body: { order: ["a", "a", "b"] } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.field).toBe("order")
    expect((await list()).map((p: { id: string }) => p.id)).toEqual(["c", "a", "b"])
  })
})

describe("POST /api/providers/:id/verify", () => {
  it("reports each key: ok, latency and the exact URL", async () => {
    await addProvider(t, {
      name: "V",
      type: "openai",
      baseUrl: `${upstream.url}/`,
      apiKeys: ["sk-verify-key-0000aaaa"]
    })
    const res = await t.json("POST", "/api/providers/v/verify")
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      ok: true,
      results: [{ key: "sk-…aaaa", ok: true, latencyMs: expect.any(Number), url: `${upstream.url}/v1/models` }]
    })
  })

  it("reports a refused key with its reason and status", async () => {
    await addProvider(t, {
      name: "Bad",
      type: "openai",
      baseUrl: upstream.url,
      apiKeys: ["sk-wrong-key-0000bbbb"],
      models: ["gpt2"]
    })
    upstream.behave({ kind: "status", status: 401, body: { error: { message: "Incorrect API key provided" } } })
    const res = await t.json("POST", "/api/providers/bad/verify", { body: { model: "gpt2" } })
    expect(res.status).toBe(200)
    expect(res.body.ok).toBe(false)
    expect(res.body.results[0]).toMatchObject({ ok: false, reason: "Authentication", status: 401, key: "sk-…bbbb" })
  })

  it("answers 404 for an unknown provider", async () => {
    expect((await t.json("POST", "/api/providers/ghost/verify")).status).toBe(404)
  })
})

describe("GET /api/providers/:id/verify", () => {
  it("answers null before any check, then the last report with its time, keys masked; 404 once removed", async () => {
    await addProvider(t, { name: "Last", type: "openai", baseUrl: upstream.url, apiKeys: ["sk-last-key-0000cccc"] })
    expect(await t.json("GET", "/api/providers/last/verify")).toMatchObject({ status: 200, body: null })
    const verified = (await t.json("POST", "/api/providers/last/verify")).body
    const last = await t.json("GET", "/api/providers/last/verify")
    expect(last.status).toBe(200)
    expect(last.body).toEqual({ checkedAt: expect.any(String), report: verified })
    expect(Date.now() - Date.parse(last.body.checkedAt)).toBeLessThan(60_000)
    expect(last.text).not.toContain("sk-last-key-0000cccc")
    await t.json("DELETE", "/api/providers/last")
    expect((await t.json("GET", "/api/providers/last/verify")).status).toBe(404)
  })
})

describe("GET /api/providers/:id/remote-models", () => {
  it("lists the provider's own models", async () => {
    await addProvider(t, { name: "R", type: "openai", baseUrl: upstream.url })
    const res = await t.json("GET", "/api/providers/r/remote-models")
    expect(res.status).toBe(200)
    expect(res.body.map((m: { id: string }) => m.id)).toEqual(["gpt2", "meta-llama/Llama-3.1-8B-Instruct"])
    // Each carries the group and capabilities it would get once added, so the dashboard groups and filters it.
    expect(res.body[1]).toMatchObject({ group: "meta-llama", capabilities: { tools: true, embedding: false } })
  })

  it("answers 502 with the provider error's reason when the upstream fails", async () => {
    const failing = await FakeProvider.start({ protocol: "openai" })
    await addProvider(t, { name: "R", type: "openai", baseUrl: "http://127.0.0.1:9/" })
    const res = await t.json("GET", "/api/providers/r/remote-models")
    expect(res.status).toBe(502)
    expect(res.body.error).toMatchObject({
      code: "provider_error",
      reason: "Network",
      url: "http://127.0.0.1:9/v1/models"
    })
    await failing.close()
  })
})

describe("URL preview", () => {
  it("resolves a stored provider's URLs, with unsaved settings laid over them", async () => {
    await addProvider(t, { name: "U", type: "openai", baseUrl: "http://localhost:8000/", models: ["gpt2"] })
    expect((await t.json("GET", "/api/providers/u/urls")).body).toEqual({
      chat: "http://localhost:8000/v1/chat/completions",
      models: "http://localhost:8000/v1/models"
    })
    const preview = await t.json(
      "GET",
      `/api/providers/u/urls?type=gemini&baseUrl=${encodeURIComponent("https://generativelanguage.googleapis.com")}&model=gemini-pro`
    )
    expect(preview.body.chat).toBe(
      "https://generativelanguage.googleapis.com/v1beta/models/gemini-pro:streamGenerateContent?alt=sse"
    )
  })

  it("resolves settings that are not saved at all", async () => {
    const res = await t.json(
      "GET",
      `/api/urls?type=azure-openai&baseUrl=${encodeURIComponent("https://res.openai.azure.com")}&apiVersion=2024-10-21&model=my-deploy`
    )
    expect(res.status).toBe(200)
    expect(res.body.chat).toBe(
      "https://res.openai.azure.com/openai/deployments/my-deploy/chat/completions?api-version=2024-10-21"
    )
  })

  it("resolves an OpenAI Responses provider's chat to /v1/responses, a pasted endpoint included", async () => {
    const res = await t.json(
      "GET",
      `/api/urls?type=openai-responses&baseUrl=${encodeURIComponent("https://api.openai.com/v1/responses")}`
    )
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      chat: "https://api.openai.com/v1/responses",
      models: "https://api.openai.com/v1/models"
    })
  })

  it("refuses a bad base URL or a missing type with a 400 naming it", async () => {
    await addProvider(t, { name: "U", type: "openai", baseUrl: "http://localhost:8000/" })
    const bad = await t.json("GET", "/api/providers/u/urls?baseUrl=ftp%3A%2F%2Fx")
    expect(bad.status).toBe(400)
    expect(bad.body.error.field).toBe("baseUrl")
    const missing = await t.json("GET", "/api/urls?baseUrl=http%3A%2F%2Fx")
    expect(missing.status).toBe(400)
    expect(missing.body.error.field).toBe("type")
    expect((await t.json("GET", "/api/providers/ghost/urls")).status).toBe(404)
  })
})
