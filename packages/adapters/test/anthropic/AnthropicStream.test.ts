/**
 * Mapping: every recorded Anthropic file is replayed over a real local HTTP server through the adapter, whole and in
 * 7-byte pieces, and the neutral events are checked against expectations computed from the file itself (text and
 * thinking deltas joined, the last usage counts, the stop reason, the error event).
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as AnthropicAdapter from "../../src/anthropic/AnthropicAdapter"
import * as Fixtures from "../support/Fixtures"
import { framingOf, payloads, recordedFiles, recordedJson } from "@switchboard/testing/Recorded"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import { collect, readmeStatus } from "./Harness"

interface WireUsage {
  readonly input_tokens?: number | null
  readonly output_tokens?: number | null
}

interface Payload {
  readonly type?: string
  readonly message?: { readonly usage?: WireUsage }
  readonly delta?: {
    readonly type?: string
    readonly text?: string
    readonly thinking?: string
    readonly stop_reason?: string | null
  }
  readonly usage?: WireUsage
  readonly error?: { readonly type: string; readonly message: string }
  readonly content?: ReadonlyArray<{ readonly type: string; readonly text?: string; readonly thinking?: string }>
  readonly stop_reason?: string | null
}

interface Expected {
  text: string
  reasoning: string
  inputTokens: number | undefined
  outputTokens: number | undefined
  stopReason: string | undefined
  error: { readonly type: string; readonly message: string } | undefined
}

/** Computed with plain JSON from the file: cumulative usage, so the last value seen of each count wins. */
const expectedFromStream = (file: string): Expected => {
  const expected: Expected = {
    text: "",
    reasoning: "",
    inputTokens: undefined,
    outputTokens: undefined,
    stopReason: undefined,
    error: undefined
  }
  const note = (usage: WireUsage | undefined) => {
    expected.inputTokens = usage?.input_tokens ?? expected.inputTokens
    expected.outputTokens = usage?.output_tokens ?? expected.outputTokens
  }
  for (const payload of payloads(file) as ReadonlyArray<Payload>) {
    if (payload.type === "message_start") note(payload.message?.usage)
    if (payload.type === "content_block_delta" && payload.delta?.type === "text_delta")
      expected.text += payload.delta.text
    if (payload.type === "content_block_delta" && payload.delta?.type === "thinking_delta")
      expected.reasoning += payload.delta.thinking
    if (payload.type === "message_delta") {
      note(payload.usage)
      expected.stopReason = payload.delta?.stop_reason ?? expected.stopReason
    }
    if (payload.type === "error") expected.error = payload.error
  }
  return expected
}

const expectedFromMessage = (file: string): Expected => {
  const message = recordedJson(file) as Payload
  const blocks = message.content ?? []
  return {
    text: blocks.map((block) => (block.type === "text" ? block.text : "")).join(""),
    reasoning: blocks.map((block) => (block.type === "thinking" ? block.thinking : "")).join(""),
    inputTokens: message.usage?.input_tokens ?? undefined,
    outputTokens: message.usage?.output_tokens ?? undefined,
    stopReason: message.stop_reason ?? undefined,
    error: undefined
  }
}

/** Anthropic's documented stop reasons and error types, in neutral terms. */
const neutralFinish: Record<string, string> = {
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  tool_use: "tool_calls",
  refusal: "content_filter"
}
const neutralError: Record<string, string> = {
  overloaded_error: "Upstream",
  api_error: "Upstream",
  rate_limit_error: "RateLimit",
  authentication_error: "Authentication"
}

const files = recordedFiles("anthropic")

describe("Anthropic recorded files", () => {
  it("are all here (the README lists 9)", () => {
    expect(files).toHaveLength(9)
  })

  for (const file of files) {
    for (const chunkBytes of [undefined, 7]) {
      it.scopedLive(`${file}${chunkBytes === undefined ? "" : ` in ${chunkBytes}-byte pieces`}`, () =>
        Effect.gen(function* () {
          const server = yield* FakeUpstream.make
          const json = framingOf(file) === "json"
          server.route(
            "POST",
            "/v1/messages",
            Answers.replay(file, framingOf(file), json ? { status: readmeStatus(file) } : { chunkBytes })
          )
          const adapter = yield* AnthropicAdapter.make
          const provider = Fixtures.provider({ type: "anthropic", baseUrl: server.url })
          const result = yield* collect(
            adapter.streamChat(
              Fixtures.target(provider, "sk-ant-test-key-0123456789"),
              Fixtures.chatRequest("claude-x")
            )
          )
          const expected = json ? expectedFromMessage(file) : expectedFromStream(file)

          expect(result.text).toBe(expected.text)
          expect(result.reasoning).toBe(expected.reasoning)
          if (expected.error !== undefined) {
            expect(result.error?.reason).toBe(neutralError[expected.error.type])
            expect(result.error?.detail).toContain(expected.error.message)
            expect(result.error?.url).toBe(`${server.url}/v1/messages`)
            expect(result.finishes).toHaveLength(0)
            return
          }
          expect(result.error?.message).toBeUndefined()
          expect(result.usages.map((usage) => [usage.inputTokens, usage.outputTokens])).toEqual([
            [expected.inputTokens, expected.outputTokens]
          ])
          expect(result.finishes.map((finish) => [finish.reason, finish.raw])).toEqual([
            [neutralFinish[expected.stopReason ?? ""], expected.stopReason]
          ])
          // Usage and finish close the answer, in that order.
          expect(result.events.slice(-2).map((event) => event._tag)).toEqual(["Usage", "Finish"])
        }).pipe(Effect.provide(Fixtures.HttpClientLive))
      )
    }
  }

  it("the later input_tokens wins (message_delta over message_start)", () => {
    const file = "anthropic/anthropic-message-delta-input-tokens.chunks.txt"
    const all = payloads(file) as ReadonlyArray<Payload>
    const atStart = all.find((payload) => payload.type === "message_start")?.message?.usage?.input_tokens
    const atDelta = all.find((payload) => payload.type === "message_delta")?.usage?.input_tokens
    // The replay above asserts the adapter reports the later value; this guards that the file really differs.
    expect(atStart).not.toBe(atDelta)
    expect(expectedFromStream(file).inputTokens).toBe(atDelta)
  })

  it("the thinking file really carries thinking and a signature", () => {
    const file = "anthropic/anthropic-clear-thinking.1.chunks.txt"
    expect(expectedFromStream(file).reasoning.length).toBeGreaterThan(0)
    expect((payloads(file) as ReadonlyArray<Payload>).some((p) => p.delta?.type === "signature_delta")).toBe(true)
  })
})
