/**
 * The gateway driven by the official `openai` SDK, unchanged, over a real socket, against local OpenAI-, OpenAI
 * Responses-, Anthropic- and Gemini-style upstreams: the translation both ways is what lets any OpenAI client reach
 * every provider type.
 */
import type { ProviderType } from "@switchboard/core/domain/ProviderType"
import OpenAI from "openai"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startRealServer, type RealServer } from "../support/RealServer"
import * as FakeProvider from "@switchboard/testing/FakeProvider"

let server: RealServer
let client: OpenAI
const upstreams: Partial<Record<FakeProvider.Protocol, FakeProvider.FakeProvider>> = {}

const setups: ReadonlyArray<{
  protocol: FakeProvider.Protocol
  type: ProviderType
  provider: string
  model: string
  key: string
}> = [
  {
    protocol: "openai",
    type: "openai",
    provider: "local-vllm",
    model: "meta-llama/Llama-3.1-8B-Instruct",
    key: "sk-openai-test-key-1111"
  },
  {
    protocol: "responses",
    type: "openai-responses",
    provider: "openai-pro",
    model: "o3-pro",
    key: "sk-responses-test-key-4444"
  },
  {
    protocol: "anthropic",
    type: "anthropic",
    provider: "claude",
    model: "claude-3-5-haiku-latest",
    key: "sk-ant-test-key-2222"
  },
  { protocol: "gemini", type: "gemini", provider: "gemini", model: "gemini-1.5-flash", key: "AIzaTestKey3333333333" }
]

beforeAll(async () => {
  server = await startRealServer()
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: server.token, maxRetries: 0 })
  for (const setup of setups) {
    const upstream = await FakeProvider.start({ protocol: setup.protocol, models: [setup.model] })
    upstreams[setup.protocol] = upstream
    const res = await server.api("POST", "/api/providers", {
      name: setup.provider,
      type: setup.type,
      baseUrl: upstream.url,
      apiKeys: [setup.key],
      models: [setup.model],
      timeouts: { maxRetries: 0 }
    })
    expect(res.status).toBe(201)
  }
})

afterAll(async () => {
  await server.shutdown()
  for (const upstream of Object.values(upstreams)) await upstream.close()
})

describe("the official openai SDK", () => {
  it("lists every model as <provider>/<model>", async () => {
    const ids: Array<string> = []
    for await (const model of client.models.list()) ids.push(model.id)
    expect(ids).toEqual(setups.map((s) => `${s.provider}/${s.model}`))
  })

  it.each(setups)("chats with the $protocol provider", async ({ protocol, provider, model }) => {
    upstreams[protocol]!.behave({ kind: "answer", pieces: ["Hi", " from ", protocol] })
    const completion = await client.chat.completions.create({
      model: `${provider}/${model}`,
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hello" }
      ],
      max_tokens: 20
    })
    expect(completion.choices[0]!.message.content).toBe(`Hi from ${protocol}`)
    expect(completion.choices[0]!.finish_reason).toBe("stop")
    expect(completion.usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 3 })
  })

  it.each(setups)("streams from the $protocol provider", async ({ protocol, provider, model }) => {
    upstreams[protocol]!.behave({ kind: "answer", pieces: ["one", " two", " three"] })
    const stream = await client.chat.completions.create({
      model: `${provider}/${model}`,
      messages: [{ role: "user", content: "Count" }],
      stream: true,
      stream_options: { include_usage: true }
    })
    let text = ""
    let finish: string | null = null
    let usage: unknown
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? ""
      finish = chunk.choices[0]?.finish_reason ?? finish
      usage = chunk.usage ?? usage
    }
    expect(text).toBe("one two three")
    expect(finish).toBe("stop")
    expect(usage).toMatchObject({ completion_tokens: 3 })
  })

  it("translates the request for each protocol", () => {
    expect(upstreams.openai!.lastRequest().body).toMatchObject({
      model: "meta-llama/Llama-3.1-8B-Instruct",
      stream: true
    })
    const anthropic = upstreams.anthropic!.requests().find((r) => r.path === "/v1/messages")!
    expect(anthropic.body).toMatchObject({ model: "claude-3-5-haiku-latest", system: "Be brief.", max_tokens: 20 })
    expect(anthropic.headers["x-api-key"]).toBe("sk-ant-test-key-2222")
    // The complete chat asked for a complete answer, the streamed one for a stream.
    const [whole, streamed] = upstreams.gemini!.requests().filter((r) => r.method === "POST")
    expect(whole?.path).toBe("/v1beta/models/gemini-1.5-flash:generateContent")
    expect(whole?.body).toMatchObject({ contents: [{ role: "user", parts: [{ text: "Hello" }] }] })
    expect(streamed?.path).toBe("/v1beta/models/gemini-1.5-flash:streamGenerateContent")
    // The Responses API: the system message as instructions, max_tokens as max_output_tokens, a stream only for the
    // streamed chat; the key as Bearer.
    const [responsesWhole, responsesStreamed] = upstreams.responses!.chats()
    expect(responsesWhole?.request.path).toBe("/v1/responses")
    expect(responsesWhole?.request.body).toEqual({
      model: "o3-pro",
      instructions: "Be brief.",
      input: [{ role: "user", content: "Hello" }],
      max_output_tokens: 20,
      stream: false,
      store: false
    })
    expect(responsesWhole?.request.headers.authorization).toBe("Bearer sk-responses-test-key-4444")
    expect(responsesStreamed?.request.body).toMatchObject({ input: [{ role: "user", content: "Count" }], stream: true })
  })

  it("raises the SDK's own error classes", async () => {
    const unknown = client.chat.completions.create({
      model: "local-vllm/nope",
      messages: [{ role: "user", content: "x" }]
    })
    await expect(unknown).rejects.toBeInstanceOf(OpenAI.NotFoundError)
    const noToken = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "wrong", maxRetries: 0 })
    await expect(noToken.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError)
    upstreams.anthropic!.behave({
      kind: "status",
      status: 429,
      body: { type: "error", error: { type: "rate_limit_error", message: "slow down" } }
    })
    const limited = client.chat.completions.create({
      model: `claude/claude-3-5-haiku-latest`,
      messages: [{ role: "user", content: "x" }]
    })
    await expect(limited).rejects.toBeInstanceOf(OpenAI.RateLimitError)
    await expect(limited).rejects.toMatchObject({
      status: 429,
      code: "rate_limit_error",
      error: expect.objectContaining({ reason: "RateLimit" })
    })
  })
})
