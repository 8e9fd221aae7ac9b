/**
 * Upstream refusals as agent frameworks meet them through the gateway, with their default retries: the Vercel AI
 * SDK's `APICallError` and LangChain's (the `openai` SDK's) error, each carrying the upstream's status, and one call
 * costing the upstream one request, since a refusal is not worth retrying. (A 429 or 5xx is another matter: the
 * Vercel AI SDK retries those by status alone, ignoring `x-should-retry`; the README says so.)
 */
import { createOpenAICompatible } from "@ai-sdk/openai-compatible"
import { ChatOpenAI } from "@langchain/openai"
import * as FakeProvider from "@switchboard/testing/FakeProvider"
import { APICallError, generateText } from "ai"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RealServer, startRealServer } from "../support/RealServer"

let server: RealServer
let anthropic: FakeProvider.FakeProvider

beforeAll(async () => {
  server = await startRealServer()
  anthropic = await FakeProvider.start({ protocol: "anthropic", models: ["claude"] })
  const res = await server.api("POST", "/api/providers", {
    name: "Claude",
    type: "anthropic",
    baseUrl: anthropic.url,
    apiKeys: ["sk-ant-sdk-0123456789"],
    models: ["claude"],
    timeouts: { maxRetries: 2 }
  })
  expect(res.status).toBe(201)
})

afterAll(async () => {
  await server.shutdown()
  await anthropic.close()
})

const refusals = [
  { status: 400, type: "invalid_request_error", message: "prompt is too long: 250000 tokens > 200000 maximum" },
  { status: 401, type: "authentication_error", message: "invalid x-api-key" }
] as const

/** What one call threw, and how many chat requests the upstream received for it. */
const counted = async (call: () => Promise<unknown>) => {
  const before = anthropic.chats().length
  const thrown = await call().then(
    () => undefined,
    (error: unknown) => error
  )
  return { thrown, upstreamRequests: anthropic.chats().length - before }
}

describe.each(refusals)("an upstream $status", ({ status, type, message }) => {
  it("reaches the Vercel AI SDK as an APICallError with that status, after one upstream request", async () => {
    anthropic.behave({ kind: "status", status, body: { type: "error", error: { type, message } } })
    const model = createOpenAICompatible({ name: "switchboard", baseURL: `${server.url}/v1`, apiKey: server.token })
    const { thrown, upstreamRequests } = await counted(() =>
      generateText({ model: model("claude/claude"), prompt: "Hi" })
    )
    // With its default retries the SDK gives up at once on a refusal, and says why in its own error.
    const cause = APICallError.isInstance(thrown) ? thrown : (thrown as { lastError?: unknown }).lastError
    expect(APICallError.isInstance(cause)).toBe(true)
    expect(cause).toMatchObject({ statusCode: status, isRetryable: false })
    expect((cause as APICallError).message).toContain(message)
    expect(upstreamRequests).toBe(1)
  })

  it("reaches LangChain as the openai SDK's error with that status, after one upstream request", async () => {
    anthropic.behave({ kind: "status", status, body: { type: "error", error: { type, message } } })
    const chat = new ChatOpenAI({
      model: "claude/claude",
      apiKey: server.token,
      configuration: { baseURL: `${server.url}/v1` }
    })
    const { thrown, upstreamRequests } = await counted(() => chat.invoke("Hi"))
    expect(thrown).toMatchObject({ status })
    expect(String((thrown as Error).message)).toContain(message)
    expect(upstreamRequests).toBe(1)
  })
})
