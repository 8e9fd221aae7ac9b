/**
 * The gateway's Messages entry points driven by the official `@anthropic-ai/sdk`, unchanged, over a real socket,
 * against an OpenAI-compatible, an OpenAI Responses, an Azure, an Anthropic and a Gemini upstream: `messages.create`,
 * `messages.stream` through a tool loop with an image, and `countTokens`. The Anthropic provider is relayed; the
 * others are translated both ways, and their answers must be what Anthropic's own API spec describes. The upstream is
 * a scripted model (`ToolModel`) that answers what the request it got asks, so each case checks the translation, not a
 * canned reply.
 */
import Anthropic from "@anthropic-ai/sdk"
import * as FakeProvider from "@switchboard/testing/FakeProvider"
import { schemaErrors } from "@switchboard/testing/SpecSchema"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { charsPerToken, mediaTokens } from "../../src/gateway/TokenEstimate"
import { type RealServer, startRealServer } from "../support/RealServer"
import { parseSse } from "../support/TestApp"
import { toolModel } from "../support/ToolModel"

/** A 1×1 PNG. */
const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="

const weatherArguments = { city: "Paris" }
const weather: Anthropic.Tool = {
  name: "get_weather",
  description: "The weather in a city",
  input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] }
}

const setups = [
  { protocol: "openai", type: "openai", provider: "local-vllm", model: "meta-llama/Llama-3.1-8B-Instruct" },
  { protocol: "responses", type: "openai-responses", provider: "openai", model: "gpt-5-mini" },
  { protocol: "azure", type: "azure-openai", provider: "azure", model: "gpt-4o-deployment" },
  { protocol: "anthropic", type: "anthropic", provider: "claude", model: "claude-sonnet-4-5" },
  { protocol: "gemini", type: "gemini", provider: "gemini", model: "gemini-2.5-flash" }
] as const

/** The token count the fake Anthropic upstream answers, unlike any estimate here. */
const upstreamCount = 4242

let server: RealServer
let client: Anthropic
/** The `anthropic-version` the SDK sent last: the relay must pass the client's own version on. */
let clientVersion: string | null = null
const upstreams: Partial<Record<FakeProvider.Protocol, FakeProvider.FakeProvider>> = {}
const upstreamOf = (protocol: FakeProvider.Protocol) => upstreams[protocol]!

beforeAll(async () => {
  server = await startRealServer()
  client = new Anthropic({
    baseURL: server.url,
    apiKey: server.token,
    maxRetries: 0,
    fetch: (input, init) => {
      clientVersion = new Headers(init?.headers).get("anthropic-version")
      return fetch(input, init)
    }
  })
  for (const setup of setups) {
    const upstream = await FakeProvider.start({
      protocol: setup.protocol,
      models: [setup.model],
      promptTokens: setup.protocol === "anthropic" ? upstreamCount : 7
    })
    upstream.behave(toolModel({ arguments: weatherArguments, object: {} }))
    upstreams[setup.protocol] = upstream
    const res = await server.api("POST", "/api/providers", {
      name: setup.provider,
      type: setup.type,
      baseUrl: upstream.url,
      apiKeys: [`key-${setup.protocol}-0123456789`],
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

describe.each(setups)("the Anthropic SDK through the $protocol provider", ({ protocol, provider, model }) => {
  const name = `${provider}/${model}`

  it("messages.create answers a message the spec describes", async () => {
    const message = await client.messages.create({
      model: name,
      max_tokens: 64,
      system: "Be brief.",
      messages: [{ role: "user", content: "Hello" }]
    })
    expect(message.content).toEqual([{ type: "text", text: "Hello there", citations: null }])
    expect(message).toMatchObject({
      type: "message",
      role: "assistant",
      stop_reason: "end_turn",
      usage: { input_tokens: protocol === "anthropic" ? upstreamCount : 7, output_tokens: 2 }
    })
    expect(schemaErrors("anthropic", "Message", JSON.parse(JSON.stringify(message)))).toEqual([])
    const sent = upstreamOf(protocol).lastRequest()
    expect(JSON.stringify(sent.body)).toContain("Be brief.")
    if (protocol === "anthropic") {
      // Relayed: the client's body with the provider's model, the provider's key, the client's version.
      expect(sent.body).toEqual({
        model,
        max_tokens: 64,
        system: "Be brief.",
        messages: [{ role: "user", content: "Hello" }]
      })
      expect(sent.headers["x-api-key"]).toBe("key-anthropic-0123456789")
      expect(clientVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(sent.headers["anthropic-version"]).toBe(clientVersion)
    }
  })

  it("messages.stream goes through a tool loop with an image", async () => {
    const question: Anthropic.MessageParam = {
      role: "user",
      content: [
        { type: "image", source: { type: "base64", media_type: "image/png", data: png } },
        { type: "text", text: "What is the weather where this was taken?" }
      ]
    }
    const first = client.messages.stream({ model: name, max_tokens: 256, tools: [weather], messages: [question] })
    const events: Array<string> = []
    first.on("streamEvent", (event) => events.push(event.type))
    const called = await first.finalMessage()
    expect(called.stop_reason).toBe("tool_use")
    const call = called.content.find((block) => block.type === "tool_use")
    expect(call).toMatchObject({ type: "tool_use", name: "get_weather", input: weatherArguments })
    expect(events[0]).toBe("message_start")
    expect(events.at(-1)).toBe("message_stop")
    expect(events).toContain("content_block_start")
    expect(events).toContain("message_delta")
    // The image reached the upstream, in its protocol's own form.
    expect(JSON.stringify(upstreamOf(protocol).lastRequest().body)).toContain(png)

    const second = client.messages.stream({
      model: name,
      max_tokens: 256,
      tools: [weather],
      messages: [
        question,
        { role: "assistant", content: called.content },
        { role: "user", content: [{ type: "tool_result", tool_use_id: call!.id, content: "18°C and sunny" }] }
      ]
    })
    const answer = await second.finalMessage()
    expect(answer.stop_reason).toBe("end_turn")
    const text = answer.content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("")
    expect(text).toContain("The tool said: ")
    expect(text).toContain("18°C and sunny")
  })

  it("countTokens is the provider's count or, without one, the documented estimate", async () => {
    const before = upstreamOf(protocol).requests().length
    const counted = await client.messages.countTokens({
      model: name,
      system: "y".repeat(40),
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "x".repeat(400) },
            { type: "image", source: { type: "base64", media_type: "image/png", data: png } }
          ]
        }
      ]
    })
    expect(schemaErrors("anthropic", "CountMessageTokensResponse", { ...counted })).toEqual([])
    if (protocol === "anthropic") {
      expect(counted).toEqual({ input_tokens: upstreamCount })
      const sent = upstreamOf(protocol).lastRequest()
      expect(sent.path).toBe("/v1/messages/count_tokens")
      expect(sent.body).toMatchObject({ model, system: "y".repeat(40) })
      return
    }
    // 440 characters of text, and an image.
    expect(counted).toEqual({ input_tokens: 440 / charsPerToken + mediaTokens })
    // An estimate asks no upstream.
    expect(upstreamOf(protocol).requests().length).toBe(before)
  })
})

describe.each(setups.filter((setup) => setup.protocol !== "anthropic"))(
  "a translated stream from the $protocol provider",
  ({ protocol, provider, model }) => {
    it("is Anthropic's event sequence, every event as the spec describes it", async () => {
      upstreamOf(protocol).behave({
        kind: "answer",
        pieces: ["Looking", " it up"],
        toolCalls: [{ id: "call_1", name: "get_weather", arguments: JSON.stringify(weatherArguments) }]
      })
      try {
        const res = await fetch(`${server.url}/v1/messages`, {
          method: "POST",
          headers: { "x-api-key": server.token, "anthropic-version": "2023-06-01", "content-type": "application/json" },
          body: JSON.stringify({
            model: `${provider}/${model}`,
            max_tokens: 64,
            stream: true,
            tools: [weather],
            messages: [{ role: "user", content: "Weather in Paris?" }]
          })
        })
        expect(res.status).toBe(200)
        expect(res.headers.get("content-type")).toContain("text/event-stream")
        const frames = parseSse(await res.text())
        for (const frame of frames) {
          expect(frame.event).toBe(frame.data.type)
          if (frame.event !== "ping") expect(schemaErrors("anthropic", "MessageStreamEvent", frame.data)).toEqual([])
        }
        const shape = frames.map(({ event, data }) =>
          event === "content_block_start"
            ? `start ${data.content_block.type}`
            : event === "content_block_delta"
              ? data.delta.type
              : event
        )
        expect(shape).toEqual([
          "message_start",
          "ping",
          "start text",
          "text_delta",
          "text_delta",
          "content_block_stop",
          "start tool_use",
          ...Array(shape.filter((kind) => kind === "input_json_delta").length).fill("input_json_delta"),
          "content_block_stop",
          "message_delta",
          "message_stop"
        ])
        expect(shape).toContain("input_json_delta")
        const json = frames
          .filter((frame) => frame.data.delta?.type === "input_json_delta")
          .map((frame) => frame.data.delta.partial_json)
          .join("")
        expect(JSON.parse(json)).toEqual(weatherArguments)
        expect(frames.at(-2)!.data).toMatchObject({
          delta: { stop_reason: "tool_use", stop_sequence: null },
          usage: { input_tokens: 7, output_tokens: 2 }
        })
      } finally {
        upstreamOf(protocol).behave(toolModel({ arguments: weatherArguments, object: {} }))
      }
    })
  }
)

describe("the Anthropic SDK's errors", () => {
  it("raises its own classes for a refused token, an unknown model and a request a translation refuses", async () => {
    const wrong = new Anthropic({ baseURL: server.url, apiKey: "wrong-token", maxRetries: 0 })
    const unauthorized = wrong.messages.create({ model: "gemini/gemini-2.5-flash", max_tokens: 8, messages: [] })
    await expect(unauthorized).rejects.toBeInstanceOf(Anthropic.AuthenticationError)

    const unknown = client.messages.create({
      model: "claude/no-such-model",
      max_tokens: 8,
      messages: [{ role: "user", content: "x" }]
    })
    await expect(unknown).rejects.toBeInstanceOf(Anthropic.NotFoundError)
    await expect(unknown).rejects.toMatchObject({ status: 404, error: { type: "error" } })

    const badImage = client.messages.create({
      model: "gemini/gemini-2.5-flash",
      max_tokens: 8,
      messages: [
        {
          role: "user",
          content: [{ type: "image", source: { type: "base64", media_type: "image/png", data: "not base64!" } }]
        }
      ]
    })
    await expect(badImage).rejects.toBeInstanceOf(Anthropic.BadRequestError)
    await expect(badImage).rejects.toMatchObject({
      error: { type: "error", error: { type: "invalid_request_error" } }
    })
    await expect(badImage).rejects.toThrow(/messages\[0\]\.content\[0\]\.source/)
  })

  it("keeps an Anthropic upstream's rate limit as the SDK's RateLimitError", async () => {
    const upstream = upstreamOf("anthropic")
    upstream.behave({
      kind: "status",
      status: 429,
      body: { type: "error", error: { type: "rate_limit_error", message: "slow down" } },
      headers: { "retry-after": "7" }
    })
    try {
      const limited = client.messages.create({
        model: "claude/claude-sonnet-4-5",
        max_tokens: 8,
        messages: [{ role: "user", content: "x" }]
      })
      await expect(limited).rejects.toBeInstanceOf(Anthropic.RateLimitError)
      await expect(limited).rejects.toMatchObject({
        status: 429,
        error: { type: "error", error: { type: "rate_limit_error" } }
      })
    } finally {
      upstream.behave(toolModel({ arguments: weatherArguments, object: {} }))
    }
  })
})
