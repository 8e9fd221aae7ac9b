import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { overheadHeader } from "../../src/gateway/Overhead"
import { addProvider, makeTestApp, parseSse, type TestApp } from "../support/TestApp"
import * as FakeProvider from "@switchboard/testing/FakeProvider"

let t: TestApp
let upstream: FakeProvider.FakeProvider
let anthropic: FakeProvider.FakeProvider
beforeAll(async () => {
  upstream = await FakeProvider.start({ protocol: "openai", models: ["gpt2", "meta-llama/Llama-3.1-8B-Instruct"] })
  anthropic = await FakeProvider.start({ protocol: "anthropic", models: ["claude"] })
})
afterAll(async () => {
  await upstream.close()
  await anthropic.close()
})
beforeEach(async () => {
  t = makeTestApp()
  upstream.behave({ kind: "answer", pieces: ["Hel", "lo"] })
  await addProvider(t, {
    name: "vLLM",
    type: "openai",
    baseUrl: upstream.url,
    models: ["gpt2", "meta-llama/Llama-3.1-8B-Instruct"],
    timeouts: { maxRetries: 0, firstByteMs: 500 }
  })
})
afterEach(() => t.dispose())

/** OpenAI's newer forms: the `developer` role and content as parts. Relayed as they are, translated elsewhere. */
const developerAndParts = [
  { role: "developer", content: "Be brief." },
  {
    role: "user",
    content: [
      { type: "text", text: "Hi " },
      { type: "text", text: "there" }
    ]
  }
]

/** The text of an Anthropic message's content: a string, or its text blocks joined. */
const textOf = (content: unknown): string =>
  typeof content === "string"
    ? content
    : (content as Array<{ type: string; text?: string }>).map((block) => block.text ?? "").join("")

const complete = (body: Record<string, unknown>) =>
  t.json("POST", "/v1/chat/completions", {
    body: { model: "vllm/gpt2", messages: [{ role: "user", content: "Hi" }], ...body }
  })

describe("GET /v1/models", () => {
  it("lists every model of every enabled provider as <provider>/<model>, with the limits it knows", async () => {
    await addProvider(t, { name: "Off", type: "openai", baseUrl: upstream.url, models: ["hidden"], enabled: false })
    const res = await t.json("GET", "/v1/models")
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      object: "list",
      data: [
        { id: "vllm/gpt2", object: "model", created: expect.any(Number), owned_by: "vllm", capabilities: [] },
        {
          id: "vllm/meta-llama/Llama-3.1-8B-Instruct",
          object: "model",
          created: expect.any(Number),
          owned_by: "vllm",
          capabilities: ["tools"],
          // From the catalog's Hugging Face listing, which the vLLM preset's models are looked up in.
          context_window: 16_000,
          max_output_tokens: 4_096
        }
      ]
    })
  })

  it("reads one model, and answers 404 in OpenAI's shape for an unknown one", async () => {
    expect((await t.json("GET", "/v1/models/vllm/meta-llama/Llama-3.1-8B-Instruct")).body.id).toBe(
      "vllm/meta-llama/Llama-3.1-8B-Instruct"
    )
    const missing = await t.json("GET", "/v1/models/vllm/nope")
    expect(missing.status).toBe(404)
    expect(missing.body.error).toMatchObject({ type: "not_found_error", code: "not_found" })
  })
})

describe("POST /v1/chat/completions", () => {
  it("relays a chat.completion as the upstream wrote it and says what the gateway added", async () => {
    const res = await complete({ max_tokens: 5, temperature: 0.2 })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      id: "chatcmpl-up",
      object: "chat.completion",
      model: "gpt2",
      choices: [{ index: 0, message: { role: "assistant", content: "Hello" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 7, completion_tokens: 2, total_tokens: 9 }
    })
    expect(res.headers.get(overheadHeader)).toMatch(/^\d+(\.\d+)?$/)
    // The client's body, with the provider's model id.
    expect(upstream.lastRequest().body).toEqual({
      model: "gpt2",
      messages: [{ role: "user", content: "Hi" }],
      max_tokens: 5,
      temperature: 0.2
    })
  })

  it("relays every OpenAI field to a Chat Completions provider, untouched", async () => {
    const fields = {
      messages: developerAndParts,
      tools: [{ type: "function", function: { name: "now", parameters: { type: "object", properties: {} } } }],
      tool_choice: "auto",
      n: 2,
      logprobs: true,
      response_format: { type: "json_object" },
      seed: 7
    }
    const res = await complete(fields)
    expect(res.status).toBe(200)
    expect(upstream.lastRequest().body).toEqual({ model: "gpt2", ...fields })
  })

  it("routes model ids that contain slashes", async () => {
    const res = await complete({ model: "vllm/meta-llama/Llama-3.1-8B-Instruct" })
    expect(res.status).toBe(200)
    expect(upstream.lastRequest().body).toMatchObject({ model: "meta-llama/Llama-3.1-8B-Instruct" })
  })

  it("streams chat.completion.chunk frames ending in [DONE], usage when asked", async () => {
    const res = await complete({ stream: true, stream_options: { include_usage: true } })
    expect(res.status).toBe(200)
    expect(res.headers.get("content-type")).toContain("text/event-stream")
    expect(res.headers.get(overheadHeader)).toMatch(/^\d+(\.\d+)?$/)
    const frames = parseSse(res.text).map((f) => f.data)
    expect(frames.at(-1)).toBe("[DONE]")
    const chunks = frames.slice(0, -1)
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1)
    expect(chunks[0].choices[0].delta).toEqual({ role: "assistant", content: "Hel" })
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("Hello")
    expect(chunks.at(-2).choices[0].finish_reason).toBe("stop")
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 2 } })
  })

  it("creates no conversation", async () => {
    await complete({})
    await complete({ stream: true })
    expect((await t.json("GET", "/api/conversations")).body).toEqual([])
  })

  it("translates OpenAI's content parts and developer role for other protocols", async () => {
    await addProvider(t, { name: "Claude", type: "anthropic", baseUrl: anthropic.url, models: ["claude"] })
    const res = await complete({
      model: "claude/claude",
      messages: developerAndParts
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      model: "claude/claude",
      choices: [{ message: { content: "Hello from upstream" } }]
    })
    const sent = anthropic.lastRequest().body as {
      system: unknown
      messages: Array<{ role: string; content: unknown }>
    }
    expect(sent.system).toBe("Be brief.")
    expect(sent.messages.map((m) => [m.role, textOf(m.content)])).toEqual([["user", "Hi there"]])
  })

  it.each([
    [{ model: "gpt2" }, "model"],
    [{ messages: [] }, "messages[0]"],
    [{ messages: ["Hi"] }, "messages[0]"],
    [{ stream: "yes" }, "stream"]
  ])("refuses %j with OpenAI's error naming %s", async (body, param) => {
    const res = await complete(body)
    expect(res.status).toBe(400)
    expect(res.body.error).toMatchObject({
      param,
      type: "invalid_request_error",
      code: "invalid_input",
      message: expect.any(String)
    })
  })

  it.each([
    [{ n: 2 }, "n"],
    [{ seed: 7 }, "seed"],
    [{ logprobs: true }, "logprobs"],
    [{ presence_penalty: 0.5 }, "presence_penalty"],
    [{ functions: [{ name: "f" }] }, "functions"],
    [{ frobnicate: 1 }, "frobnicate"],
    [{ messages: [{ role: "system", content: "Only rules." }] }, "messages"],
    [{ messages: [{ role: "user", content: [{ type: "input_audio", input_audio: {} }] }] }, "messages[0].content[0]"],
    [
      { messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "ftp://host/cat.png" } }] }] },
      "messages[0].content[0].image_url.url"
    ]
  ])("refuses %j, which an Anthropic provider cannot honour, naming %s", async (body, param) => {
    await addProvider(t, { name: "Claude", type: "anthropic", baseUrl: anthropic.url, models: ["claude"] })
    const res = await complete({ model: "claude/claude", ...body })
    expect(res.status).toBe(400)
    expect(res.body.error).toMatchObject({ param, type: "invalid_request_error", code: "invalid_input" })
  })

  it("holds a translated request to the core's limits: an image over 5 MiB, more than 10,000 messages", async () => {
    await addProvider(t, { name: "Claude", type: "anthropic", baseUrl: anthropic.url, models: ["claude"] })
    const image = `data:image/png;base64,${"A".repeat(7_000_000)}`
    const big = await complete({
      model: "claude/claude",
      messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: image } }] }]
    })
    expect(big.status).toBe(400)
    expect(big.body.error).toMatchObject({ param: "messages[0].content[0].image_url.url" })
    expect(big.body.error.message).toContain("5 MiB")
    const many = await complete({
      model: "claude/claude",
      messages: Array.from({ length: 10_001 }, () => ({ role: "user", content: "Hi" }))
    })
    expect(many.status).toBe(400)
    expect(many.body.error).toMatchObject({ param: "messages" })
  })

  it("accepts fields at their neutral values for a translated provider, and sends none of them", async () => {
    await addProvider(t, { name: "Claude", type: "anthropic", baseUrl: anthropic.url, models: ["claude"] })
    const neutral = {
      n: 1,
      presence_penalty: 0,
      frequency_penalty: 0,
      logprobs: false,
      top_logprobs: 0,
      logit_bias: {},
      response_format: { type: "text" },
      tools: [],
      user: "u-1",
      metadata: { team: "a" },
      store: false,
      seed: null
    }
    const res = await complete({ model: "claude/claude", ...neutral })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const sent = anthropic.lastRequest().body as Record<string, unknown>
    for (const field of ["n", "presence_penalty", "logprobs", "logit_bias", "response_format", "tools", "user", "seed"])
      expect(sent).not.toHaveProperty(field)
  })

  it("takes assistant messages as OpenAI returns them, so a conversation can move to another provider", async () => {
    await addProvider(t, { name: "Claude", type: "anthropic", baseUrl: anthropic.url, models: ["claude"] })
    const res = await complete({
      model: "claude/claude",
      messages: [
        { role: "user", content: "Hi" },
        {
          role: "assistant",
          content: "Hello!",
          refusal: null,
          annotations: [],
          reasoning_content: "The user greets me."
        },
        { role: "assistant", content: null, refusal: null },
        { role: "user", content: "" },
        { role: "user", content: "And now?" }
      ]
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const sent = anthropic.lastRequest().body as { messages: Array<{ role: string; content: unknown }> }
    expect(sent.messages.map((m) => m.role)).toEqual(["user", "assistant", "user"])
  })

  it("answers unknown providers and models 404, disabled providers 403, none of them to be retried", async () => {
    expect((await complete({ model: "ghost/gpt2" })).status).toBe(404)
    const model = await complete({ model: "vllm/gpt-9" })
    expect(model.status).toBe(404)
    expect(model.body.error.code).toBe("unknown_model")
    expect(model.headers.get("x-should-retry")).toBe("false")
    await t.json("PATCH", "/api/providers/vllm", { body: { enabled: false } })
    const disabled = await complete({})
    expect(disabled.status).toBe(403)
    expect(disabled.body.error).toMatchObject({ code: "provider_disabled", type: "permission_error" })
    expect(disabled.headers.get("x-should-retry")).toBe("false")
  })

  it("answers 400 for malformed JSON and 415 for another content type, never 500", async () => {
    const malformed = await t.json("POST", "/v1/chat/completions", { raw: "{not json" })
    expect(malformed.status).toBe(400)
    expect(malformed.body.error.code).toBe("malformed_json")
    const text = await t.json("POST", "/v1/chat/completions", { raw: "{}", headers: { "content-type": "text/plain" } })
    expect(text.status).toBe(415)
  })

  it("answers an upstream refusal before any output with its status and reason, streaming or not", async () => {
    upstream.behave({ kind: "status", status: 401, body: { error: { message: "bad key" } } })
    for (const stream of [false, true]) {
      const res = await complete({ stream })
      expect(res.status).toBe(401)
      expect(res.body.error).toMatchObject({
        type: "authentication_error",
        code: "provider_error",
        reason: "Authentication"
      })
    }
  })

  it("answers an upstream that does not answer in time with 504", async () => {
    upstream.behave({ kind: "hang" })
    const res = await complete({})
    expect(res.status).toBe(504)
    expect(res.body.error.reason).toBe("Timeout")
  })

  it("ends a stream that fails after output with an error frame and no [DONE]", async () => {
    upstream.behave({ kind: "stall", first: "partial" })
    await t.json("PATCH", "/api/providers/vllm", { body: { timeouts: { idleMs: 200 } } })
    const res = await complete({ stream: true })
    expect(res.status).toBe(200)
    const frames = parseSse(res.text).map((f) => f.data)
    expect(frames[0].choices[0].delta.content).toBe("partial")
    expect(frames.at(-1).error).toMatchObject({ code: "provider_error", reason: "Timeout" })
    expect(frames).not.toContain("[DONE]")
  })
})
