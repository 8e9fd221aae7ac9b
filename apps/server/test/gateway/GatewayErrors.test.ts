/**
 * What a gateway client is told when the upstream fails, on every path: relayed (answered by the Node lane, and by the
 * app's route) and translated (Anthropic, Gemini), streaming or not. The upstream's meaning survives: its 4xx status,
 * its own code/type/param in OpenAI's error shape, a refused key as the provider's 401/403, a rate limit as a 429 with
 * Retry-After, 502 for the upstream's own failures, 504 for silence; and `x-should-retry: false` exactly where a
 * client's retry cannot help or the gateway already retried.
 */
import * as FakeProvider from "@switchboard/testing/FakeProvider"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RealServer, startRealServer } from "../support/RealServer"
import { testToken } from "../support/TestApp"

const key = "sk-errors-test-0123456789"
const timeouts = { maxRetries: 0, firstByteMs: 400, idleMs: 400 }

let openai: FakeProvider.FakeProvider
let anthropic: FakeProvider.FakeProvider
let gemini: FakeProvider.FakeProvider
beforeAll(async () => {
  openai = await FakeProvider.start({ protocol: "openai", models: ["gpt2"] })
  anthropic = await FakeProvider.start({ protocol: "anthropic", models: ["claude"] })
  gemini = await FakeProvider.start({ protocol: "gemini", models: ["gemini-pro"] })
})
afterAll(async () => {
  for (const upstream of [openai, anthropic, gemini]) await upstream.close()
})

/** Starts a server (with or without the Node lane) holding one provider per upstream, and a retrying one. */
const serverWith = async (lane: boolean): Promise<RealServer> => {
  const server = await startRealServer({ lane, graceMs: 100 })
  for (const provider of [
    { name: "vLLM", type: "openai", baseUrl: openai.url, models: ["gpt2"], apiKeys: [key], timeouts },
    // Two keys and one retry: a rate limit goes to the other key at once, then once more after the backoff.
    {
      name: "Retrying",
      type: "openai",
      baseUrl: openai.url,
      models: ["gpt2"],
      apiKeys: [key, `${key}-b`],
      timeouts: { ...timeouts, maxRetries: 1 }
    },
    { name: "Claude", type: "anthropic", baseUrl: anthropic.url, models: ["claude"], apiKeys: [key], timeouts },
    { name: "Gem", type: "gemini", baseUrl: gemini.url, models: ["gemini-pro"], apiKeys: [key], timeouts },
    { name: "Gone", type: "openai", baseUrl: "http://127.0.0.1:9", models: ["gpt2"], timeouts }
  ])
    expect((await server.api("POST", "/api/providers", provider)).status).toBe(201)
  return server
}

interface Answered {
  readonly status: number
  readonly headers: Headers
  readonly error: Record<string, unknown>
  readonly text: string
}

const ask = async (server: RealServer, model: string, stream = false): Promise<Answered> => {
  const res = await fetch(`${server.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${testToken}`, "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "Hi" }], stream })
  })
  const text = await res.text()
  const parsed = JSON.parse(text) as { error: Record<string, unknown> }
  return { status: res.status, headers: res.headers, error: parsed.error, text }
}

const openAiError = (message: string, type: string, code: string | null, param: string | null = null) => ({
  error: { message, type, code, param }
})

describe.each([
  ["the Node lane", true],
  ["the app's route", false]
])("a relayed upstream's failure, answered by %s", (_, lane) => {
  let server: RealServer
  beforeAll(async () => {
    server = await serverWith(lane)
  })
  afterAll(() => server.shutdown())

  it.each([false, true])(
    "a 400 context_length_exceeded stays a 400 with its code and param (stream: %s)",
    async (stream) => {
      openai.behave({
        kind: "status",
        status: 400,
        body: openAiError(
          "This model's maximum context length is 8192 tokens.",
          "invalid_request_error",
          "context_length_exceeded",
          "messages"
        )
      })
      const res = await ask(server, "vllm/gpt2", stream)
      expect(res.status).toBe(400)
      expect(res.error).toMatchObject({
        type: "invalid_request_error",
        code: "context_length_exceeded",
        param: "messages",
        reason: "InvalidRequest",
        message: expect.stringContaining("maximum context length is 8192 tokens")
      })
      expect(res.headers.get("x-should-retry")).toBe("false")
      expect(res.headers.get("content-type")).toContain("application/json")
    }
  )

  it("a refused key is the provider's 401, says whose key it was, and never echoes it", async () => {
    openai.behave({
      kind: "status",
      status: 401,
      body: openAiError(`Incorrect API key provided: ${key}`, "invalid_request_error", "invalid_api_key")
    })
    const res = await ask(server, "vllm/gpt2")
    expect(res.status).toBe(401)
    expect(res.error).toMatchObject({ code: "invalid_api_key", reason: "Authentication" })
    expect(res.error.message).toContain("the provider refused the API key Switchboard sent it")
    expect(res.headers.get("x-should-retry")).toBe("false")
    // Not a challenge for Switchboard's own token.
    expect(res.headers.get("www-authenticate")).toBeNull()
    expect(res.text).not.toContain(key)
  })

  it("a forbidden key is the provider's 403", async () => {
    openai.behave({ kind: "status", status: 403, body: openAiError("Project has no access", "permission_error", null) })
    const res = await ask(server, "vllm/gpt2")
    expect(res.status).toBe(403)
    expect(res.error).toMatchObject({ type: "permission_error", code: "provider_error", reason: "Authentication" })
  })

  it("a model the upstream does not have is its 404", async () => {
    openai.behave({
      kind: "status",
      status: 404,
      body: openAiError("The model `gpt2` does not exist", "invalid_request_error", "model_not_found")
    })
    const res = await ask(server, "vllm/gpt2")
    expect(res.status).toBe(404)
    expect(res.error).toMatchObject({ code: "model_not_found", reason: "NotFound" })
    expect(res.headers.get("x-should-retry")).toBe("false")
  })

  it("a 429 not retried here keeps its Retry-After, and the client may retry it", async () => {
    openai.behave({
      kind: "status",
      status: 429,
      body: openAiError("Rate limit reached", "tokens", "rate_limit_exceeded"),
      headers: { "retry-after": "3" }
    })
    const res = await ask(server, "vllm/gpt2")
    expect(res.status).toBe(429)
    expect(res.headers.get("retry-after")).toBe("3")
    expect(res.headers.get("x-should-retry")).toBeNull()
    expect(res.error).toMatchObject({ type: "rate_limit_error", code: "rate_limit_exceeded", reason: "RateLimit" })
  })

  it("a 429 on every key, retried here: Retry-After until the first key is off cooldown, and no client retry", async () => {
    // Without the upstream's Retry-After each key rests KeyPool's 30 s; the client hears when the first is back.
    openai.behave({ kind: "status", status: 429, body: openAiError("Rate limit reached", "requests", null) })
    const before = openai.chats().length
    const res = await ask(server, "retrying/gpt2")
    // The second key at once (failover), then the one retry after the backoff.
    expect(openai.chats().length - before).toBe(3)
    expect(res.status).toBe(429)
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(29)
    expect(Number(res.headers.get("retry-after"))).toBeLessThanOrEqual(30)
    expect(res.headers.get("x-should-retry")).toBe("false")
  })

  it("an upstream 5xx is a 502; the client may retry what was not retried here", async () => {
    openai.behave({ kind: "status", status: 500, body: openAiError("The server had an error", "server_error", null) })
    const res = await ask(server, "vllm/gpt2")
    expect(res.status).toBe(502)
    expect(res.error).toMatchObject({ type: "server_error", reason: "Upstream" })
    expect(res.headers.get("x-should-retry")).toBeNull()
  })

  it("an upstream that cannot be reached is a 502, one that is silent a 504", async () => {
    const gone = await ask(server, "gone/gpt2")
    expect(gone.status).toBe(502)
    expect(gone.error).toMatchObject({ type: "api_error", code: "provider_error", reason: "Network" })
    openai.behave({ kind: "hang" })
    const silent = await ask(server, "vllm/gpt2")
    expect(silent.status).toBe(504)
    expect(silent.error).toMatchObject({ reason: "Timeout" })
    expect(silent.headers.get("x-should-retry")).toBeNull()
  })
})

describe("a translated upstream's failure (Anthropic, Gemini)", () => {
  let server: RealServer
  beforeAll(async () => {
    server = await serverWith(true)
  })
  afterAll(() => server.shutdown())

  it.each([false, true])(
    "Anthropic's invalid_request_error keeps its 400 and its word (stream: %s)",
    async (stream) => {
      anthropic.behave({
        kind: "status",
        status: 400,
        body: {
          type: "error",
          error: { type: "invalid_request_error", message: "prompt is too long: 210000 tokens > 200000 maximum" }
        }
      })
      const res = await ask(server, "claude/claude", stream)
      expect(res.status).toBe(400)
      expect(res.error).toMatchObject({
        type: "invalid_request_error",
        code: "invalid_request_error",
        param: null,
        reason: "InvalidRequest",
        message: expect.stringContaining("prompt is too long")
      })
      expect(res.headers.get("x-should-retry")).toBe("false")
    }
  )

  it("Anthropic's overloaded_error is a 502 whose code keeps the word, in an OpenAI type", async () => {
    anthropic.behave({
      kind: "status",
      status: 529,
      body: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } }
    })
    const res = await ask(server, "claude/claude")
    expect(res.status).toBe(502)
    expect(res.error).toMatchObject({ type: "api_error", code: "overloaded_error", reason: "Upstream" })
  })

  it("Anthropic's refused key is a 401, its rate limit a 429 with Retry-After", async () => {
    anthropic.behave({
      kind: "status",
      status: 401,
      body: { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } }
    })
    const refused = await ask(server, "claude/claude", true)
    expect(refused.status).toBe(401)
    expect(refused.error).toMatchObject({ type: "authentication_error", code: "authentication_error" })
    expect(refused.headers.get("x-should-retry")).toBe("false")
    anthropic.behave({
      kind: "status",
      status: 429,
      body: { type: "error", error: { type: "rate_limit_error", message: "slow down" } },
      headers: { "retry-after": "12" }
    })
    const limited = await ask(server, "claude/claude")
    expect(limited.status).toBe(429)
    expect(limited.headers.get("retry-after")).toBe("12")
    expect(limited.error).toMatchObject({ type: "rate_limit_error", code: "rate_limit_error" })
  })

  it("an unreadable answer is a 502 not worth retrying", async () => {
    anthropic.behave({ kind: "status", status: 200, body: "<html>not an answer</html>" })
    const res = await ask(server, "claude/claude")
    expect(res.status).toBe(502)
    expect(res.error).toMatchObject({ reason: "InvalidOutput" })
    expect(res.headers.get("x-should-retry")).toBe("false")
  })

  it("Gemini's INVALID_ARGUMENT keeps its 400 and its status word as the code; its bad key is a 401", async () => {
    gemini.behave({
      kind: "status",
      status: 400,
      body: { error: { code: 400, message: "The input token count exceeds the maximum", status: "INVALID_ARGUMENT" } }
    })
    const tooLong = await ask(server, "gem/gemini-pro")
    expect(tooLong.status).toBe(400)
    expect(tooLong.error).toMatchObject({ type: "invalid_request_error", code: "INVALID_ARGUMENT" })
    gemini.behave({
      kind: "status",
      status: 400,
      body: {
        error: {
          code: 400,
          message: "API key not valid. Please pass a valid API key.",
          status: "INVALID_ARGUMENT",
          details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID" }]
        }
      }
    })
    const badKey = await ask(server, "gem/gemini-pro", true)
    expect(badKey.status).toBe(401)
    expect(badKey.error).toMatchObject({ type: "authentication_error", code: "API_KEY_INVALID" })
  })
})
