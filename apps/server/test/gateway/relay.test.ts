/**
 * The gateway's relay on a real socket, answered by the Node lane (Node's own request and response) and by the app's
 * route (a web `Response`): the upstream's bytes go back unchanged, a client that leaves aborts the upstream request,
 * silences and shutdown end the answer the way OpenAI clients expect, and the request log names the status that went
 * out.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { overheadHeader } from "../../src/gateway/Overhead"
import { type RealServer, startRealServer } from "../support/RealServer"
import { parseSse, testToken } from "../support/TestApp"
import * as FakeProvider from "@switchboard/testing/FakeProvider"

let upstream: FakeProvider.FakeProvider
let server: RealServer
beforeAll(async () => {
  upstream = await FakeProvider.start({ protocol: "openai", models: ["gpt2"] })
})
afterAll(() => upstream.close())
const start = async (lane: boolean) => {
  upstream.behave({ kind: "answer", pieces: ["Hel", "lo"] })
  server = await startRealServer({ graceMs: 100, lane })
  const added = await server.api("POST", "/api/providers", {
    name: "vLLM",
    type: "openai",
    baseUrl: upstream.url,
    models: ["gpt2"],
    apiKeys: ["sk-relay-test-0123456789"],
    timeouts: { maxRetries: 0, firstByteMs: 400, idleMs: 300 }
  })
  expect(added.status).toBe(201)
}
afterEach(() => server.shutdown())

const chat = (body: Record<string, unknown>, signal?: AbortSignal) =>
  fetch(`${server.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${testToken}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "vllm/gpt2", messages: [{ role: "user", content: "Hi" }], ...body }),
    ...(signal === undefined ? {} : { signal })
  })

// Answered by the gateway's Node lane (as `main.ts` serves), and by the app's route (a request the lane leaves to it).
describe.each([
  ["the lane", true],
  ["the app's route", false]
])("the relay on Node's socket, through %s", (_, lane) => {
  beforeEach(() => start(lane))

  it("answers a complete answer with the upstream's bytes, its length and the overhead, and logs it", async () => {
    const res = await chat({ tools: [{ type: "function", function: { name: "now" } }] })
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(JSON.parse(text)).toMatchObject({ id: "chatcmpl-up", object: "chat.completion", model: "gpt2" })
    expect(res.headers.get("content-length")).toBe(String(Buffer.byteLength(text)))
    expect(res.headers.get(overheadHeader)).toMatch(/^\d+(\.\d+)?$/)
    const sent = upstream.lastRequest()
    expect(sent.body).toMatchObject({ model: "gpt2", tools: [{ type: "function", function: { name: "now" } }] })
    expect(sent.headers.authorization).toBe("Bearer sk-relay-test-0123456789")
    const logged = server.logs.map((line) => JSON.parse(line)).find((entry) => entry.path === "/v1/chat/completions")
    expect(logged).toMatchObject({ method: "POST", status: 200 })
    expect(server.logs.join("\n")).not.toContain("sk-relay-test-0123456789")
  })

  it("streams the upstream's frames as they are", async () => {
    const res = await chat({ stream: true })
    expect(res.status).toBe(200)
    expect(res.headers.get("content-type")).toContain("text/event-stream")
    expect(res.headers.get("cache-control")).toBe("no-cache")
    const frames = parseSse(await res.text()).map((f) => f.data)
    expect(frames.at(-1)).toBe("[DONE]")
    expect(frames[0]).toMatchObject({ id: "chatcmpl-up", choices: [{ delta: { content: "Hel" } }] })
    const logged = server.logs.map((line) => JSON.parse(line)).filter((entry) => entry.path === "/v1/chat/completions")
    expect(logged).toMatchObject([{ status: 200, stream: true }])
  })

  it("aborts the upstream request when the client leaves mid-stream", async () => {
    upstream.behave({ kind: "slow", pieces: ["one", " two", " three", " four"], delayMs: 200 })
    const before = upstream.stats().aborted
    const leave = new AbortController()
    const res = await chat({ stream: true }, leave.signal)
    const reader = res.body!.getReader()
    await reader.read()
    leave.abort()
    await upstream.awaitAborted(before + 1)
    await expect.poll(() => server.inflight.size()).toBe(0)
  })

  it("ends a stream that stalls with OpenAI's error event, and no [DONE]", async () => {
    upstream.behave({ kind: "stall", first: "partial" })
    const res = await chat({ stream: true })
    expect(res.status).toBe(200)
    const frames = parseSse(await res.text()).map((f) => f.data)
    expect(frames[0].choices[0].delta.content).toBe("partial")
    expect(frames.at(-1).error).toMatchObject({ code: "provider_error", reason: "Timeout" })
    expect(frames).not.toContain("[DONE]")
  })

  it("answers a complete answer that never comes 504, though its headers came", async () => {
    upstream.behave({ kind: "stall", first: "partial" })
    const res = await chat({})
    expect(res.status).toBe(504)
    expect(((await res.json()) as { error: unknown }).error).toMatchObject({ reason: "Timeout" })
  })

  it("answers an upstream refusal with its 401 and reason, the key never echoed", async () => {
    upstream.behave({
      kind: "status",
      status: 401,
      body: { error: { message: "Incorrect API key provided: sk-relay-test-0123456789" } }
    })
    const res = await chat({})
    expect(res.status).toBe(401)
    const text = await res.text()
    expect(JSON.parse(text).error).toMatchObject({ code: "provider_error", reason: "Authentication" })
    expect(text).not.toContain("sk-relay-test-0123456789")
  })

  it("ends a relayed stream at shutdown with a last event, and aborts its upstream request", async () => {
    upstream.behave({ kind: "stall", first: "partial" })
    await server.api("PATCH", "/api/providers/vllm", { timeouts: { idleMs: 60_000 } })
    const before = upstream.stats().aborted
    const res = await chat({ stream: true })
    const body = res.text()
    await expect.poll(() => server.inflight.size()).toBe(1)
    await server.shutdown()
    const frames = parseSse(await body).map((f) => f.data)
    expect(frames.at(-1).error).toMatchObject({ code: "shutting_down" })
    await upstream.awaitAborted(before + 1)
  })
})
