import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { addProvider, makeTestApp, parseSse, type TestApp } from "../support/TestApp"
import * as FakeProvider from "@switchboard/testing/FakeProvider"

let t: TestApp
let upstream: FakeProvider.FakeProvider
beforeAll(async () => {
  upstream = await FakeProvider.start({ protocol: "openai", models: ["gpt2"] })
})
afterAll(() => upstream.close())
beforeEach(async () => {
  t = makeTestApp()
  upstream.behave({ kind: "answer", pieces: ["Hello", " world"], reasoning: "thinking" })
  await addProvider(t, {
    name: "vLLM",
    type: "openai",
    baseUrl: `${upstream.url}/`,
    models: ["gpt2"],
    timeouts: { maxRetries: 0 }
  })
})
afterEach(() => t.dispose())

const ask = (body: Record<string, unknown>) =>
  t.json("POST", "/api/chat", {
    body: { provider: "vllm", model: "gpt2", messages: [{ role: "user", content: "Hi" }], ...body }
  })

describe("POST /api/chat", () => {
  it("streams start, reasoning, deltas, usage and done as SSE", async () => {
    const res = await ask({})
    expect(res.status).toBe(200)
    expect(res.headers.get("content-type")).toContain("text/event-stream")
    const events = parseSse(res.text)
    expect(events.map((e) => e.event)).toEqual(["start", "reasoning", "delta", "delta", "usage", "done"])
    expect(events[0]!.data).toEqual({ conversationId: expect.any(String), url: `${upstream.url}/v1/chat/completions` })
    expect(events[1]!.data).toEqual({ text: "thinking" })
    expect(
      events
        .slice(2, 4)
        .map((e) => e.data.text)
        .join("")
    ).toBe("Hello world")
    expect(events[4]!.data).toEqual({ inputTokens: 7, outputTokens: 2 })
    expect(events[5]!.data).toMatchObject({
      finishReason: "stop",
      timing: { firstTokenMs: expect.any(Number), totalMs: expect.any(Number), tokensPerSecond: expect.anything() }
    })
  })

  it("ends with an error event carrying the provider error's reason when the upstream refuses", async () => {
    upstream.behave({ kind: "status", status: 401, body: { error: { message: "Invalid key" } } })
    const res = await ask({})
    expect(res.status).toBe(200)
    const events = parseSse(res.text)
    expect(events.map((e) => e.event)).toEqual(["start", "error"])
    expect(events[1]!.data.error).toMatchObject({ code: "provider_error", reason: "Authentication" })
    expect(events[1]!.data.error.message).toContain("Invalid key")
  })

  it("answers an unknown provider 404, an unknown model 404, a disabled provider 409, before streaming", async () => {
    const ghost = await ask({ provider: "ghost" })
    expect(ghost.status).toBe(404)
    expect(ghost.body.error.code).toBe("not_found")
    const model = await ask({ model: "gpt-9" })
    expect(model.status).toBe(404)
    expect(model.body.error.code).toBe("unknown_model")
    await t.json("PATCH", "/api/providers/vllm", { body: { enabled: false } })
    const disabled = await ask({})
    expect(disabled.status).toBe(409)
    expect(disabled.body.error.code).toBe("provider_disabled")
  })

  it("answers 400 naming the field for bad input", async () => {
    const empty = await ask({ messages: [] })
    expect(empty.status).toBe(400)
    expect(empty.body.error).toMatchObject({ field: "messages[0]", message: expect.stringContaining("required") })
    const role = await ask({ messages: [{ role: "robot", content: "x" }] })
    expect(role.body.error.field).toBe("messages[0].role")
    const extra = await ask({ stream: true })
    expect(extra.body.error.field).toBe("stream")
  })
})

describe("/api/conversations", () => {
  it("keeps each chat, continues it, reads and deletes it", async () => {
    const first = parseSse((await ask({})).text)
    const conversationId = first[0]!.data.conversationId
    const listed = await t.json("GET", "/api/conversations")
    expect(listed.status).toBe(200)
    expect(listed.body).toEqual([
      expect.objectContaining({ id: conversationId, providerId: "vllm", modelId: "gpt2", title: "Hi" })
    ])

    await ask({ conversationId, messages: [{ role: "user", content: "And again" }] })
    const one = await t.json("GET", `/api/conversations/${conversationId}`)
    expect(one.status).toBe(200)
    expect(one.body.messages.map((m: { role: string; content: string }) => [m.role, m.content])).toEqual([
      ["user", "Hi"],
      ["assistant", "Hello world"],
      ["user", "And again"],
      ["assistant", "Hello world"]
    ])
    // The continued turn sent the stored history upstream.
    expect((upstream.lastRequest().body as { messages: Array<unknown> }).messages).toHaveLength(3)

    expect((await t.call("DELETE", `/api/conversations/${conversationId}`)).status).toBe(204)
    expect((await t.json("GET", `/api/conversations/${conversationId}`)).status).toBe(404)
    expect((await t.json("DELETE", `/api/conversations/${conversationId}`)).status).toBe(404)
  })

  it("answers 404 when continuing a conversation that does not exist", async () => {
    const res = await ask({ conversationId: "no-such-conversation" })
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe("not_found")
  })
})
