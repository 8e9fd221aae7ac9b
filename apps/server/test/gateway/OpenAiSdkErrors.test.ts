/**
 * Upstream failures as the official `openai` SDK meets them, with its defaults (`maxRetries: 2`): its own error class
 * for each, and one SDK call costing the upstream exactly what the gateway's own retries cost — `1 + maxRetries`
 * requests for a 429 or a 5xx the gateway already retried, one for a 400 or 401 that no retry can fix. Before the
 * gateway said `x-should-retry: false`, each of those answers was a 502 the SDK retried twice: three times as many.
 */
import * as FakeProvider from "@switchboard/testing/FakeProvider"
import OpenAI from "openai"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RealServer, startRealServer } from "../support/RealServer"

/** The provider's own retries: with the first request, three per call. */
const maxRetries = 2

let server: RealServer
let sdk: OpenAI
let openai: FakeProvider.FakeProvider
let anthropic: FakeProvider.FakeProvider

beforeAll(async () => {
  server = await startRealServer()
  // The SDK as users run it: its default retries.
  sdk = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: server.token })
  expect(sdk.maxRetries).toBe(2)
  openai = await FakeProvider.start({ protocol: "openai", models: ["gpt2"] })
  anthropic = await FakeProvider.start({ protocol: "anthropic", models: ["claude"] })
  const timeouts = { maxRetries, firstByteMs: 2_000, idleMs: 2_000 }
  for (const provider of [
    { name: "vLLM", type: "openai", baseUrl: openai.url, models: ["gpt2"], apiKeys: ["sk-sdk-a-0123456789"], timeouts },
    {
      name: "Claude",
      type: "anthropic",
      baseUrl: anthropic.url,
      models: ["claude"],
      apiKeys: ["sk-ant-b-012345"],
      timeouts
    },
    { name: "Off", type: "openai", baseUrl: openai.url, models: ["gpt2"], enabled: false }
  ])
    expect((await server.api("POST", "/api/providers", provider)).status).toBe(201)
})

afterAll(async () => {
  await server.shutdown()
  await openai.close()
  await anthropic.close()
})

/** One SDK call; what it threw and how many chat requests the upstream received for it. */
const call = async (upstream: FakeProvider.FakeProvider, model: string, stream = false) => {
  const before = upstream.chats().length
  const thrown = await sdk.chat.completions.create({ model, messages: [{ role: "user", content: "Hi" }], stream }).then(
    () => undefined,
    (error: unknown) => error
  )
  return { thrown, upstreamRequests: upstream.chats().length - before }
}

const openAiError = (message: string, type: string, code: string | null, param: string | null = null) => ({
  error: { message, type, code, param }
})

describe("the official openai SDK, with its default retries, against upstream failures", () => {
  it("a 400 context_length_exceeded: BadRequestError with the upstream's code and param, one upstream request", async () => {
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
    const { thrown, upstreamRequests } = await call(openai, "vllm/gpt2")
    expect(thrown).toBeInstanceOf(OpenAI.BadRequestError)
    expect(thrown).toMatchObject({ status: 400, code: "context_length_exceeded", param: "messages" })
    expect(upstreamRequests).toBe(1)
  })

  it("a 401: AuthenticationError naming the provider's key, one upstream request", async () => {
    openai.behave({
      kind: "status",
      status: 401,
      body: openAiError("Incorrect API key provided", "invalid_request_error", "invalid_api_key")
    })
    const { thrown, upstreamRequests } = await call(openai, "vllm/gpt2", true)
    expect(thrown).toBeInstanceOf(OpenAI.AuthenticationError)
    expect((thrown as Error).message).toContain("the provider refused the API key Switchboard sent it")
    expect(upstreamRequests).toBe(1)
  })

  it("a 429: RateLimitError after exactly 1 + maxRetries upstream requests", async () => {
    openai.behave({
      kind: "status",
      status: 429,
      body: openAiError("Rate limit reached", "tokens", "rate_limit_exceeded"),
      headers: { "retry-after": "0" }
    })
    const { thrown, upstreamRequests } = await call(openai, "vllm/gpt2")
    expect(thrown).toBeInstanceOf(OpenAI.RateLimitError)
    expect(thrown).toMatchObject({ status: 429, code: "rate_limit_exceeded" })
    expect(upstreamRequests).toBe(1 + maxRetries)
  })

  it("a 500: InternalServerError (502) after exactly 1 + maxRetries upstream requests, streaming too", async () => {
    openai.behave({ kind: "status", status: 500, body: openAiError("The server had an error", "server_error", null) })
    for (const stream of [false, true]) {
      const { thrown, upstreamRequests } = await call(openai, "vllm/gpt2", stream)
      expect(thrown).toBeInstanceOf(OpenAI.InternalServerError)
      expect(thrown).toMatchObject({ status: 502 })
      expect(upstreamRequests).toBe(1 + maxRetries)
    }
  })

  it("a translated provider's 400 and 429 count the same way", async () => {
    anthropic.behave({
      kind: "status",
      status: 400,
      body: { type: "error", error: { type: "invalid_request_error", message: "prompt is too long" } }
    })
    const refused = await call(anthropic, "claude/claude")
    expect(refused.thrown).toBeInstanceOf(OpenAI.BadRequestError)
    expect(refused.upstreamRequests).toBe(1)
    anthropic.behave({
      kind: "status",
      status: 429,
      body: { type: "error", error: { type: "rate_limit_error", message: "slow down" } },
      headers: { "retry-after": "0" }
    })
    const limited = await call(anthropic, "claude/claude", true)
    expect(limited.thrown).toBeInstanceOf(OpenAI.RateLimitError)
    expect(limited.upstreamRequests).toBe(1 + maxRetries)
  })

  it("a disabled provider: PermissionDeniedError, asked once, no upstream request", async () => {
    const { thrown, upstreamRequests } = await call(openai, "off/gpt2")
    expect(thrown).toBeInstanceOf(OpenAI.PermissionDeniedError)
    expect(thrown).toMatchObject({ status: 403, code: "provider_disabled" })
    expect(upstreamRequests).toBe(0)
  })

  it("a model the provider does not list: NotFoundError", async () => {
    const { thrown } = await call(openai, "vllm/gpt-9")
    expect(thrown).toBeInstanceOf(OpenAI.NotFoundError)
  })
})
