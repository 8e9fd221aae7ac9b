/**
 * The gateway's Node lane on a real socket: which requests it answers itself and which it leaves to the app (the
 * server's `appRequests`), and that its answers are the app's — the same statuses, error shapes, log line, overhead
 * header, shutdown and cancellation — so a client cannot tell which of the two answered.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { overheadHeader } from "../../src/gateway/Overhead"
import { type RealServer, startRealServer } from "../support/RealServer"
import { parseSse, testToken } from "../support/TestApp"
import * as FakeProvider from "@switchboard/testing/FakeProvider"

const key = "sk-lane-test-0123456789"
const route = "POST /v1/chat/completions"

let openai: FakeProvider.FakeProvider
let anthropic: FakeProvider.FakeProvider
let server: RealServer
beforeAll(async () => {
  openai = await FakeProvider.start({ protocol: "openai", models: ["gpt2"] })
  anthropic = await FakeProvider.start({ protocol: "anthropic", models: ["claude-3-haiku"] })
})
afterAll(async () => {
  await openai.close()
  await anthropic.close()
})
beforeEach(async () => {
  openai.behave({ kind: "answer", pieces: ["Hel", "lo"] })
  anthropic.behave({ kind: "answer", pieces: ["Bon", "jour"] })
  server = await startRealServer({ graceMs: 100 })
  const timeouts = { maxRetries: 0, firstByteMs: 2_000, idleMs: 2_000 }
  for (const provider of [
    { name: "vLLM", type: "openai", baseUrl: openai.url, models: ["gpt2"], apiKeys: [key], timeouts },
    { name: "Claude", type: "anthropic", baseUrl: anthropic.url, models: ["claude-3-haiku"], apiKeys: [key], timeouts },
    { name: "Off", type: "openai", baseUrl: openai.url, models: ["gpt2"], enabled: false }
  ])
    expect((await server.api("POST", "/api/providers", provider)).status).toBe(201)
  server.appRequests.length = 0
  openai.clearRequests()
  anthropic.clearRequests()
})
afterEach(() => server.shutdown())

const hello = [{ role: "user", content: "Hi" }]

const post = (
  body: string,
  headers: Record<string, string> = {},
  options: { readonly path?: string; readonly signal?: AbortSignal } = {}
) =>
  fetch(`${server.url}${options.path ?? "/v1/chat/completions"}`, {
    method: "POST",
    headers: { authorization: `Bearer ${testToken}`, "content-type": "application/json", ...headers },
    body,
    ...(options.signal === undefined ? {} : { signal: options.signal })
  })

const chat = (fields: Record<string, unknown>, headers: Record<string, string> = {}) =>
  post(JSON.stringify({ model: "vllm/gpt2", messages: hello, ...fields }), headers)

const errorOf = async (res: Response) => ((await res.json()) as { error: Record<string, unknown> }).error

const gatewayLogs = () =>
  server.logs
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.msg === "request" && entry.path === "/v1/chat/completions")

describe("the lane answers a relayed request itself", () => {
  it("complete: the upstream's answer, its length, the overhead header and one log line", async () => {
    const res = await chat({ temperature: 0.2 })
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(JSON.parse(text)).toMatchObject({ object: "chat.completion", choices: [{ message: { content: "Hello" } }] })
    expect(res.headers.get("content-length")).toBe(String(Buffer.byteLength(text)))
    expect(res.headers.get(overheadHeader)).toMatch(/^\d+(\.\d+)?$/)
    expect(openai.lastRequest().body).toMatchObject({ model: "gpt2", temperature: 0.2 })
    expect(server.appRequests).toEqual([])
    await expect.poll(() => gatewayLogs()).toHaveLength(1)
    expect(gatewayLogs()[0]).toMatchObject({ level: "info", method: "POST", status: 200 })
    expect(gatewayLogs()[0]?.stream).toBeUndefined()
  })

  it("streamed: the upstream's frames, logged as a stream", async () => {
    const res = await chat({ stream: true })
    expect(res.status).toBe(200)
    const frames = parseSse(await res.text()).map((f) => f.data)
    expect(frames.at(-1)).toBe("[DONE]")
    expect(server.appRequests).toEqual([])
    expect(gatewayLogs()).toMatchObject([{ status: 200, stream: true }])
  })

  it("a translated provider's (Anthropic) answer too: complete, with its length and overhead, and streamed", async () => {
    const res = await chat({ model: "claude/claude-3-haiku" })
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(JSON.parse(text)).toMatchObject({
      model: "claude/claude-3-haiku",
      choices: [{ message: { content: "Bonjour" } }]
    })
    expect(res.headers.get("content-length")).toBe(String(Buffer.byteLength(text)))
    expect(res.headers.get(overheadHeader)).toMatch(/^\d+(\.\d+)?$/)
    // A client that wants the answer whole gets it from a complete upstream answer, not a stream read to its end.
    expect(anthropic.lastRequest().body).toMatchObject({ model: "claude-3-haiku", stream: false })
    const streamed = await chat({ model: "claude/claude-3-haiku", stream: true })
    expect(anthropic.lastRequest().body).toMatchObject({ stream: true })
    const frames = parseSse(await streamed.text()).map((f) => f.data)
    expect(frames.at(-1)).toBe("[DONE]")
    expect(server.appRequests).toEqual([])
    await expect.poll(() => gatewayLogs()).toHaveLength(2)
    expect(gatewayLogs().map((entry) => entry.stream)).toEqual([undefined, true])
  })

  it("a request after the provider changed goes to its new settings", async () => {
    expect((await chat({})).status).toBe(200)
    const other = await FakeProvider.start({ protocol: "openai", models: ["gpt2"] })
    try {
      other.behave({ kind: "answer", pieces: ["Moved"] })
      expect((await server.api("PATCH", "/api/providers/vllm", { baseUrl: other.url })).status).toBe(200)
      const res = await chat({})
      expect(await res.json()).toMatchObject({ choices: [{ message: { content: "Moved" } }] })
      expect(other.requests()).toHaveLength(1)
    } finally {
      await other.close()
    }
  })

  it("an upstream refusal: its 401 in OpenAI's shape with its reason, logged, no key anywhere", async () => {
    openai.behave({ kind: "status", status: 401, body: { error: { message: `Incorrect API key provided: ${key}` } } })
    const res = await chat({})
    expect(res.status).toBe(401)
    expect(res.headers.get("x-should-retry")).toBe("false")
    const text = await res.text()
    expect(JSON.parse(text).error).toMatchObject({
      type: "authentication_error",
      code: "provider_error",
      reason: "Authentication"
    })
    expect(text).not.toContain(key)
    expect(server.appRequests).toEqual([])
    expect(gatewayLogs()).toMatchObject([{ status: 401 }])
    expect(server.logs.join("\n")).not.toContain(key)
  })

  it("a provider that does not exist, is disabled or lacks the model: the core's 404s and 4xx, by the lane", async () => {
    const missing = await chat({ model: "nope/gpt2" })
    expect(missing.status).toBe(404)
    expect(await errorOf(missing)).toMatchObject({ code: "not_found", message: expect.stringContaining("nope") })
    const unknown = await chat({ model: "vllm/gpt-9" })
    expect(unknown.status).toBe(404)
    expect(await errorOf(unknown)).toMatchObject({ code: "unknown_model" })
    const off = await chat({ model: "off/gpt2" })
    expect(off.status).toBeGreaterThanOrEqual(400)
    expect(off.status).toBeLessThan(500)
    expect(await errorOf(off)).toMatchObject({ code: "provider_disabled" })
    expect(server.appRequests).toEqual([])
  })

  it("a client that leaves before the upstream answered: the upstream request is aborted, nothing stays open", async () => {
    openai.behave({ kind: "hang" })
    const before = openai.stats().aborted
    const leave = new AbortController()
    const pending = post(JSON.stringify({ model: "vllm/gpt2", messages: hello }), {}, { signal: leave.signal })
    await expect.poll(() => server.inflight.size()).toBe(1)
    leave.abort()
    await expect(pending).rejects.toThrow()
    await openai.awaitAborted(before + 1)
    await expect.poll(() => server.inflight.size()).toBe(0)
    await expect.poll(() => gatewayLogs()).toMatchObject([{ status: 499 }])
  })

  it("shutdown while the upstream has not answered: 503 shutting_down, and the upstream request is aborted", async () => {
    openai.behave({ kind: "hang" })
    const before = openai.stats().aborted
    const pending = chat({})
    await expect.poll(() => server.inflight.size()).toBe(1)
    await server.shutdown()
    const res = await pending
    expect(res.status).toBe(503)
    expect(await errorOf(res)).toMatchObject({ code: "shutting_down" })
    await openai.awaitAborted(before + 1)
  })
})

describe("the lane leaves to the app, which answers as always", () => {
  it("malformed JSON, a wrong type, a bad model name: the app's 400 naming the problem", async () => {
    const malformed = await post("{nope")
    expect(malformed.status).toBe(400)
    expect(await errorOf(malformed)).toMatchObject({ code: "malformed_json" })
    const wrongType = await chat({ messages: "hello" })
    expect(wrongType.status).toBe(400)
    expect(await errorOf(wrongType)).toMatchObject({ param: "messages" })
    const badModel = await chat({ model: "gpt2" })
    expect(badModel.status).toBe(400)
    expect(await errorOf(badModel)).toMatchObject({ param: "model" })
    expect(server.appRequests).toEqual([route, route, route])
    expect(openai.requests()).toHaveLength(0)
  })

  it("a body that is not JSON, or too large: 415 and 413", async () => {
    const text = await post(JSON.stringify({ model: "vllm/gpt2", messages: hello }), { "content-type": "text/plain" })
    expect(text.status).toBe(415)
    const huge = await chat({ padding: "x".repeat(17 * 1024 * 1024) })
    expect(huge.status).toBe(413)
    expect(server.appRequests).toEqual([route, route])
  })

  it("a missing or wrong token: the app's 401, the lane reads nothing", async () => {
    const none = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "vllm/gpt2", messages: hello })
    })
    expect(none.status).toBe(401)
    const wrong = await chat({}, { authorization: "Bearer not-the-token" })
    expect(wrong.status).toBe(401)
    expect(wrong.headers.get("www-authenticate")).toContain("Bearer")
    expect(server.appRequests).toEqual([route, route])
    expect(openai.requests()).toHaveLength(0)
  })

  it("a browser's call (Origin) gets the app's CORS answer; other paths and methods are the app's", async () => {
    const browser = await chat({}, { origin: "https://elsewhere.example" })
    expect(browser.status).toBe(200)
    expect(browser.headers.get("access-control-allow-origin")).toBeNull()
    const query = await post(
      JSON.stringify({ model: "vllm/gpt2", messages: hello }),
      {},
      { path: "/v1/chat/completions?x=1" }
    )
    expect(query.status).toBe(200)
    const models = await fetch(`${server.url}/v1/models`, { headers: { authorization: `Bearer ${testToken}` } })
    expect(models.status).toBe(200)
    // A query does not make another path: the lane answered `?x=1` itself.
    expect(server.appRequests).toEqual([route, "GET /v1/models"])
  })
})
