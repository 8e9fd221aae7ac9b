import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { addProvider, makeTestApp, parseSse, type TestApp } from "../support/TestApp"
import * as FakeProvider from "@switchboard/testing/FakeProvider"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import * as Answers from "@switchboard/testing/Answers"
import { framingOf } from "@switchboard/testing/Recorded"

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

  it("answers a refusal before the answer started with the upstream's meaning as its status, not a stream", async () => {
    upstream.behave({ kind: "status", status: 401, body: { error: { message: "Invalid key" } } })
    const refused = await ask({})
    expect(refused.status).toBe(401)
    expect(refused.headers.get("content-type")).toContain("application/json")
    // Not Switchboard's own token: no challenge for it.
    expect(refused.headers.get("www-authenticate")).toBeNull()
    expect(refused.body.error).toMatchObject({ code: "provider_error", reason: "Authentication", upstreamStatus: 401 })
    expect(refused.body.error.message).toContain("Invalid key")
    expect(refused.body.error.message).toContain("the provider refused the API key Switchboard sent it")

    upstream.behave({
      kind: "status",
      status: 400,
      body: { error: { message: "too long", type: "invalid_request_error", code: "context_length_exceeded" } }
    })
    const tooLong = await ask({})
    expect(tooLong.status).toBe(400)
    expect(tooLong.body.error).toMatchObject({
      code: "provider_error",
      reason: "InvalidRequest",
      upstreamStatus: 400,
      upstreamCode: "context_length_exceeded"
    })

    upstream.behave({
      kind: "status",
      status: 429,
      body: { error: { message: "slow down" } },
      headers: { "retry-after": "7" }
    })
    const limited = await ask({})
    expect(limited.status).toBe(429)
    expect(limited.headers.get("retry-after")).toBe("7")
    expect(limited.body.error).toMatchObject({ reason: "RateLimit", upstreamStatus: 429, retryAfterSeconds: 7 })

    upstream.behave({ kind: "status", status: 503, body: "overloaded" })
    expect((await ask({})).status).toBe(502)
  })

  it("ends with an error event carrying the upstream's status when the upstream fails after the answer started", async () => {
    upstream.behave({ kind: "stall", first: "partial" })
    await t.json("PATCH", "/api/providers/vllm", { body: { timeouts: { idleMs: 200 } } })
    const res = await ask({})
    expect(res.status).toBe(200)
    const events = parseSse(res.text)
    expect(events.map((e) => e.event)).toEqual(["start", "delta", "error"])
    expect(events[1]!.data).toEqual({ text: "partial" })
    expect(events[2]!.data.error).toMatchObject({ code: "provider_error", reason: "Timeout" })
  })

  it("ends with an error event carrying the upstream's status for an error frame inside a started answer", async () => {
    const crashing = await FakeUpstream.start()
    try {
      crashing.route("POST", "/v1/chat/completions", (_request, res) => {
        const chunk = { id: "c", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: "Hi" } }] }
        res.writeHead(200, { "content-type": "text/event-stream" })
        res.write(`data: ${JSON.stringify(chunk)}\n\n`)
        res.end(`data: ${JSON.stringify({ error: { message: "model crashed", type: "server_error", code: 503 } })}\n\n`)
      })
      await addProvider(t, { name: "Crash", type: "openai", baseUrl: crashing.url, models: ["gpt2"] })
      const res = await ask({ provider: "crash" })
      expect(res.status).toBe(200)
      const events = parseSse(res.text)
      expect(events.map((e) => e.event)).toEqual(["start", "delta", "error"])
      expect(events[2]!.data.error).toMatchObject({ code: "provider_error", reason: "Upstream", upstreamStatus: 503 })
    } finally {
      await crashing.close()
    }
  })

  it("answers an unknown provider 404, an unknown model 404, a disabled provider 403, before streaming", async () => {
    const ghost = await ask({ provider: "ghost" })
    expect(ghost.status).toBe(404)
    expect(ghost.body.error.code).toBe("not_found")
    const model = await ask({ model: "gpt-9" })
    expect(model.status).toBe(404)
    expect(model.body.error.code).toBe("unknown_model")
    await t.json("PATCH", "/api/providers/vllm", { body: { enabled: false } })
    const disabled = await ask({})
    expect(disabled.status).toBe(403)
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

describe("POST /api/chat to an openai-responses provider", () => {
  let responses: FakeProvider.FakeProvider
  beforeAll(async () => {
    responses = await FakeProvider.start({ protocol: "responses", models: ["o3-pro"], key: "sk-responses-key-0001" })
  })
  afterAll(() => responses.close())
  beforeEach(async () => {
    responses.reset()
    await addProvider(t, {
      name: "OpenAI Pro",
      type: "openai-responses",
      baseUrl: responses.url,
      apiKeys: ["sk-responses-key-0001"],
      models: ["o3-pro"],
      timeouts: { maxRetries: 0 }
    })
  })

  const askPro = (body: Record<string, unknown>) =>
    t.json("POST", "/api/chat", {
      body: { provider: "openai-pro", model: "o3-pro", messages: [{ role: "user", content: "Hi" }], ...body }
    })

  it("streams the answer from /v1/responses like any other type, and continues the conversation", async () => {
    responses.behave({ kind: "answer", pieces: ["Hello", " there"], reasoning: "Greet back." })
    const res = await askPro({
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hi" }
      ]
    })
    expect(res.status).toBe(200)
    const events = parseSse(res.text)
    expect(events.map((e) => e.event)).toEqual(["start", "reasoning", "delta", "delta", "usage", "done"])
    expect(events[0]!.data).toMatchObject({ url: `${responses.url}/v1/responses` })
    expect(events[1]!.data).toEqual({ text: "Greet back." })
    expect(events[4]!.data).toEqual({ inputTokens: 7, outputTokens: 2, cachedInputTokens: 0, reasoningTokens: 0 })
    expect(events[5]!.data).toMatchObject({ finishReason: "stop" })
    expect(responses.lastRequest().headers.authorization).toBe("Bearer sk-responses-key-0001")

    const conversationId = events[0]!.data.conversationId
    await askPro({ conversationId, messages: [{ role: "user", content: "Again" }] })
    expect(responses.lastRequest().body).toMatchObject({
      model: "o3-pro",
      instructions: "Be brief.",
      input: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello there" },
        { role: "user", content: "Again" }
      ],
      stream: true,
      store: false
    })
  })

  it("keeps the encrypted reasoning of a turn and sends it back with the next one", async () => {
    // The recorded o-series stream: reasoning (encrypted, with a summary), then a call of `calculator`.
    const recorded = await FakeUpstream.start()
    try {
      const file = "openai-responses/openai-reasoning-encrypted-content.1.chunks.txt"
      recorded.route("POST", "/v1/responses", Answers.replay(file, framingOf(file)))
      await addProvider(t, { name: "Codex", type: "openai-responses", baseUrl: recorded.url, models: ["codex"] })
      const ask = (body: Record<string, unknown>) =>
        t.json("POST", "/api/chat", {
          body: { provider: "codex", model: "codex", reasoning: { effort: "high" }, ...body }
        })
      const first = parseSse((await ask({ messages: [{ role: "user", content: "12 + 7?" }] })).text)
      expect(first.at(-1)).toMatchObject({ event: "done", data: { finishReason: "tool_calls" } })
      const conversationId = first[0]!.data.conversationId
      const [call] = (recorded.lastRequest().body as { include: Array<string> }).include
      expect(call).toBe("reasoning.encrypted_content")

      await ask({
        conversationId,
        messages: [
          { role: "tool", content: [{ type: "tool-result", callId: "call_AB6AaRZ1FYZB2RwS6A5vbdqn", content: "19" }] }
        ]
      })
      const input = (recorded.lastRequest().body as { input: Array<Record<string, unknown>> }).input
      expect(input.map((item) => item.type ?? item.role)).toEqual([
        "user",
        "reasoning",
        "function_call",
        "function_call_output"
      ])
      expect(input[1]).toMatchObject({ type: "reasoning", encrypted_content: expect.stringMatching(/^gAAAAABpPDIV/) })
      expect(input[2]).toMatchObject({ call_id: "call_AB6AaRZ1FYZB2RwS6A5vbdqn", name: "calculator" })
      expect(input[3]).toEqual({ type: "function_call_output", call_id: "call_AB6AaRZ1FYZB2RwS6A5vbdqn", output: "19" })
    } finally {
      await recorded.close()
    }
  })

  it("answers OpenAI's refusal with its meaning, before streaming", async () => {
    responses.set({ key: "sk-only-this-one-00000" })
    const refused = await askPro({})
    expect(refused.status).toBe(401)
    expect(refused.body.error).toMatchObject({ code: "provider_error", reason: "Authentication", upstreamStatus: 401 })
    expect(refused.body.error.message).toContain("Incorrect API key provided")
  })
})
