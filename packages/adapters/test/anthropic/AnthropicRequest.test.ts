/**
 * Request shape: what the Anthropic adapter really puts on the wire, as a local server receives it: the URL from the
 * base-URL rules, the headers (key only when there is one, pinned version, the provider's own), and the body
 * (`max_tokens` always, system messages joined into `system`, `stream: true`, the request's `providerOptions` last).
 * How each part and option maps is tested with its module (`AnthropicMessages`, `AnthropicOptions`, `AnthropicTools`).
 */
import { ChatRequest, textMessage } from "@switchboard/core/domain/ChatRequest"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as AnthropicAdapter from "../../src/anthropic/AnthropicAdapter"
import { defaultMaxTokens } from "../../src/anthropic/AnthropicOptions"
import { anthropicVersion } from "../../src/anthropic/AnthropicRequest"
import * as Fixtures from "../support/Fixtures"
import { type SendOptions, sentRequest } from "../support/SentRequest"

const key = "sk-ant-api03-REQUESTKEY0123456789"

const send = (options: SendOptions, request: ChatRequest) =>
  sentRequest(
    AnthropicAdapter.make,
    "anthropic",
    { file: "anthropic/basic_response.txt", framing: "sse" },
    options,
    request
  )

describe("Anthropic request", () => {
  it.scopedLive("posts to /v1/messages with x-api-key, anthropic-version and the provider's headers", () =>
    Effect.gen(function* () {
      const received = yield* send(
        { key, headers: { "anthropic-beta": "context-1m-2025-08-07", "x-team": "blue" } },
        Fixtures.chatRequest("claude-sonnet-4-5")
      )
      expect(received.method).toBe("POST")
      expect(received.url).toBe("/v1/messages")
      expect(received.headers["x-api-key"]).toBe(key)
      expect(received.headers["anthropic-version"]).toBe(anthropicVersion)
      expect(received.headers["anthropic-beta"]).toBe("context-1m-2025-08-07")
      expect(received.headers["x-team"]).toBe("blue")
      expect(received.headers["content-type"]).toContain("application/json")
      expect(received.headers.accept).toContain("text/event-stream")
      expect(received.headers.authorization).toBeUndefined()
    })
  )

  it.scopedLive("sends no x-api-key without a key, and a base URL ending in /v1 is not doubled", () =>
    Effect.gen(function* () {
      const received = yield* send({ path: "/v1" }, Fixtures.chatRequest("claude-x"))
      expect(received.url).toBe("/v1/messages")
      expect(received.headers["x-api-key"]).toBeUndefined()
    })
  )

  it.scopedLive(`always sends max_tokens (${defaultMaxTokens} when the request sets none) and stream: true`, () =>
    Effect.gen(function* () {
      const received = yield* send({ key }, Fixtures.chatRequest("claude-x"))
      expect(received.body).toEqual({
        model: "claude-x",
        max_tokens: defaultMaxTokens,
        messages: [{ role: "user", content: "Say hello." }],
        stream: true
      })
      const limited = yield* send({ key }, Fixtures.chatRequest("claude-x", { maxTokens: 1, temperature: 0.3 }))
      expect(limited.body).toMatchObject({ max_tokens: 1, temperature: 0.3 })
    })
  )

  it.scopedLive("joins every system message into system, keeps the turns in order, caps temperature at 1", () =>
    Effect.gen(function* () {
      const request = new ChatRequest({
        model: "claude-x",
        messages: [
          textMessage("system", "Be brief."),
          textMessage("user", "Hi"),
          textMessage("assistant", "Hello!"),
          textMessage("system", "Answer in French."),
          textMessage("user", "How are you?")
        ],
        temperature: 1.6
      })
      const received = yield* send({ key }, request)
      expect(received.body).toEqual({
        model: "claude-x",
        max_tokens: defaultMaxTokens,
        system: "Be brief.\n\nAnswer in French.",
        messages: [
          { role: "user", content: "Hi" },
          { role: "assistant", content: "Hello!" },
          { role: "user", content: "How are you?" }
        ],
        temperature: 1,
        stream: true
      })
    })
  )

  it.scopedLive("sends a whole request: turns of blocks, tools, thinking, then providerOptions over everything", () =>
    Effect.gen(function* () {
      const request = new ChatRequest({
        model: "claude-x",
        messages: [
          textMessage("user", "Weather in Paris?"),
          {
            role: "assistant",
            content: [
              { type: "reasoning", text: "Use the tool.", signature: "sig" },
              { type: "tool-call", id: "toolu_1", name: "get_weather", arguments: '{"location":"Paris"}' }
            ]
          },
          { role: "tool", content: [{ type: "tool-result", callId: "toolu_1", content: "18°C" }] }
        ],
        tools: [{ name: "get_weather", parameters: { type: "object" } }],
        toolChoice: "auto",
        reasoning: { budgetTokens: 2048 },
        temperature: 0.5,
        providerOptions: { metadata: { user_id: "u-1" }, service_tier: "standard_only", max_tokens: 9000 }
      })
      const received = yield* send({ key }, request)
      expect(received.body).toEqual({
        model: "claude-x",
        max_tokens: 9000,
        messages: [
          { role: "user", content: "Weather in Paris?" },
          {
            role: "assistant",
            content: [
              { type: "thinking", thinking: "Use the tool.", signature: "sig" },
              { type: "tool_use", id: "toolu_1", name: "get_weather", input: { location: "Paris" } }
            ]
          },
          { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "18°C" }] }
        ],
        thinking: { type: "enabled", budget_tokens: 2048 },
        tools: [{ name: "get_weather", input_schema: { type: "object" } }],
        tool_choice: { type: "auto" },
        metadata: { user_id: "u-1" },
        service_tier: "standard_only",
        stream: true
      })
    })
  )
})
