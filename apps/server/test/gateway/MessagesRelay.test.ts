/**
 * `/v1/messages` and `/v1/messages/count_tokens` relayed to an Anthropic provider on a real socket, answered by the
 * Node lane and by the app's route: recorded Anthropic answers come back byte for byte, the client's version and
 * betas reach the upstream (the default version when it sent none), the gateway token is taken as `x-api-key` or a
 * bearer token, and failures keep the error table's statuses in Anthropic's shape, a cut stream ending with
 * Anthropic's `error` event.
 */
import * as Answers from "@switchboard/testing/Answers"
import * as FakeProvider from "@switchboard/testing/FakeProvider"
import { frame, readRecorded } from "@switchboard/testing/Recorded"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { overheadHeader } from "../../src/gateway/Overhead"
import { type RealServer, startRealServer } from "../support/RealServer"
import { parseSse, testToken } from "../support/TestApp"

const upstreamKey = "sk-ant-relay-test-0123456789"

let upstream: FakeProvider.FakeProvider
let server: RealServer
beforeAll(async () => {
  upstream = await FakeProvider.start({ protocol: "anthropic", models: ["claude-sonnet-4-5"] })
})
afterAll(() => upstream.close())

// Each test answers `/v1/messages` through a route of its own (a later route replaces the earlier one).
const start = async (lane: boolean) => {
  upstream.clearRequests()
  server = await startRealServer({ graceMs: 100, lane })
  const added = await server.api("POST", "/api/providers", {
    name: "Claude",
    type: "anthropic",
    baseUrl: upstream.url,
    models: ["claude-sonnet-4-5"],
    apiKeys: [upstreamKey],
    timeouts: { maxRetries: 0, firstByteMs: 400, idleMs: 300 }
  })
  expect(added.status).toBe(201)
}
afterEach(() => server.shutdown())

const post = (path: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "x-api-key": testToken, "content-type": "application/json", ...headers },
    body: JSON.stringify(body)
  })

const message = (body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  post(
    "/v1/messages",
    { model: "claude/claude-sonnet-4-5", max_tokens: 64, messages: [{ role: "user", content: "Hi" }], ...body },
    headers
  )

describe.each([
  ["the lane", true],
  ["the app's route", false]
])("Messages relayed to an Anthropic provider, through %s", (_, lane) => {
  beforeEach(() => start(lane))

  it("answers a complete message with the upstream's bytes, sending the default version and the client's betas", async () => {
    const recorded = readRecorded("anthropic/anthropic-text.json")
    upstream.route("POST", "/v1/messages", Answers.json(200, recorded))
    const res = await message({ metadata: { user_id: "u-1" } }, { "anthropic-beta": "interleaved-thinking-2025-05-14" })
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(text).toBe(recorded)
    expect(res.headers.get("content-length")).toBe(String(Buffer.byteLength(recorded)))
    expect(res.headers.get(overheadHeader)).toMatch(/^\d+(\.\d+)?$/)
    const sent = upstream.lastRequest()
    expect(sent.path).toBe("/v1/messages")
    expect(sent.body).toEqual({
      model: "claude-sonnet-4-5",
      max_tokens: 64,
      messages: [{ role: "user", content: "Hi" }],
      metadata: { user_id: "u-1" }
    })
    expect(sent.headers).toMatchObject({
      "x-api-key": upstreamKey,
      "anthropic-version": "2023-06-01",
      "anthropic-beta": "interleaved-thinking-2025-05-14"
    })
    expect(sent.headers.authorization).toBeUndefined()
    const logged = server.logs.map((line) => JSON.parse(line)).find((entry) => entry.path === "/v1/messages")
    expect(logged).toMatchObject({ method: "POST", status: 200 })
    expect(server.logs.join("\n")).not.toContain(upstreamKey)
  })

  it("streams a recorded thinking stream byte for byte, with the client's version, its token as a bearer", async () => {
    const recorded = frame(readRecorded("anthropic/anthropic-clear-thinking.1.chunks.txt"), "anthropic")
    upstream.route("POST", "/v1/messages", Answers.sse(recorded, { chunkBytes: 61 }))
    const res = await fetch(`${server.url}/v1/messages`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${testToken}`,
        "anthropic-version": "2024-01-01",
        "content-type": "application/json"
      },
      body: JSON.stringify({
        model: "claude/claude-sonnet-4-5",
        max_tokens: 2048,
        stream: true,
        thinking: { type: "enabled", budget_tokens: 1024 },
        messages: [{ role: "user", content: "Divide 925 by 5" }]
      })
    })
    expect(res.status).toBe(200)
    expect(res.headers.get("content-type")).toContain("text/event-stream")
    expect(await res.text()).toBe(recorded)
    expect(upstream.lastRequest().headers["anthropic-version"]).toBe("2024-01-01")
    expect(upstream.lastRequest().body).toMatchObject({ thinking: { type: "enabled", budget_tokens: 1024 } })
  })

  it("relays a token count to count_tokens, its answer as it is", async () => {
    const res = await post("/v1/messages/count_tokens", {
      model: "claude/claude-sonnet-4-5",
      messages: [{ role: "user", content: "Hi" }]
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ input_tokens: 7 })
    expect(upstream.lastRequest()).toMatchObject({
      path: "/v1/messages/count_tokens",
      body: { model: "claude-sonnet-4-5", messages: [{ role: "user", content: "Hi" }] }
    })
  })

  it("keeps an upstream refusal's status and words in Anthropic's shape", async () => {
    const refusal = { type: "error", error: { type: "invalid_request_error", message: "max_tokens: too large" } }
    upstream.route("POST", "/v1/messages", Answers.json(400, refusal))
    const res = await message()
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({
      type: "error",
      error: { type: "invalid_request_error", message: expect.stringContaining("max_tokens: too large") }
    })
  })

  it("ends a stream that stalls with Anthropic's error event", async () => {
    const first = 'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","content":[]}}\n\n'
    upstream.route("POST", "/v1/messages", Answers.stall(first))
    const res = await message({ stream: true })
    expect(res.status).toBe(200)
    const frames = parseSse(await res.text())
    expect(frames[0]!.event).toBe("message_start")
    expect(frames.at(-1)).toEqual({
      event: "error",
      data: { type: "error", error: expect.objectContaining({ type: "api_error", reason: "Timeout" }) }
    })
  })

  it("takes the SDKs' beta path (`?beta=true`) like the plain one", async () => {
    upstream.route("POST", "/v1/messages", Answers.json(200, readRecorded("anthropic/anthropic-text.json")))
    const res = await post("/v1/messages?beta=true", {
      model: "claude/claude-sonnet-4-5",
      max_tokens: 64,
      messages: [{ role: "user", content: "Hi" }]
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ type: "message", stop_reason: "end_turn" })
    expect(upstream.lastRequest().body).toMatchObject({ model: "claude-sonnet-4-5" })
    // The lane answers it itself, as it does the plain path.
    expect(server.appRequests).not.toContain("POST /v1/messages?beta=true")
  })

  it("refuses a request without messages before anything is sent, in Anthropic's shape", async () => {
    const before = upstream.requests().length
    const res = await post("/v1/messages", { model: "claude/claude-sonnet-4-5", max_tokens: 8 })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ type: "error", error: { type: "invalid_request_error" } })
    expect(upstream.requests().length).toBe(before)
  })
})
