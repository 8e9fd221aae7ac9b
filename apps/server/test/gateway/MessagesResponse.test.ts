/**
 * The neutral events written back as Anthropic's Messages answers: the stream's event sequence block by block, the
 * complete message, the stop reasons and token counts. Then the proof that matters to a client: real Anthropic
 * streams (recorded, read by the Anthropic adapter into neutral events and written back here) read by the official
 * SDK exactly as the recorded bytes themselves are, failures included.
 */
import { PassThrough } from "node:stream"
import Anthropic from "@anthropic-ai/sdk"
import { NodeHttpClient } from "@effect/platform-node"
import * as Adapters from "@switchboard/adapters/Adapters"
import { ApiKey, ApiKeyId } from "@switchboard/core/domain/ApiKey"
import {
  type ChatEvent,
  Finish,
  ReasoningDelta,
  ReasoningSignature,
  TextDelta,
  ToolCallDelta,
  ToolCallEnd,
  ToolCallStart,
  Usage
} from "@switchboard/core/domain/ChatEvent"
import { ChatRequest, textMessage } from "@switchboard/core/domain/ChatRequest"
import { makeModel } from "@switchboard/core/domain/Model"
import { Provider, ProviderId } from "@switchboard/core/domain/Provider"
import { Timeouts } from "@switchboard/core/domain/Timeouts"
import { ProviderAdapters } from "@switchboard/core/ProviderAdapter"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import { frame, framingOf, readRecorded } from "@switchboard/testing/Recorded"
import { DateTime, Layer, ManagedRuntime, Option, Redacted } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { ErrorInfo } from "../../src/ErrorTable"
import { Collected } from "../../src/gateway/Collected"
import { eventWriter, message, messagesErrors, messagesWriter, stopReason } from "../../src/gateway/MessagesResponse"
import { streamTranslated } from "../../src/gateway/TranslatedAnswer"
import { makeInflight } from "../../src/Inflight"
import { parseSse } from "../support/TestApp"

/** The answer the events make, as the gateway gathers it. */
const collected = (events: ReadonlyArray<ChatEvent>) => {
  const answer = new Collected()
  for (const event of events) answer.take(event)
  return answer
}

/** Each event's name, with a block's kind or a delta's type, so a sequence reads at a glance. */
const shape = (text: string) =>
  parseSse(text).map(({ event, data }) =>
    event === "content_block_start"
      ? `start ${data.index} ${data.content_block.type}`
      : event === "content_block_delta"
        ? `${data.index} ${data.delta.type}`
        : event === "content_block_stop"
          ? `stop ${data.index}`
          : event
  )

describe("eventWriter", () => {
  it("opens one block at a time, in the answer's order, and ends with the stop reason and usage", () => {
    const events: Array<ChatEvent> = [
      new ReasoningDelta({ text: "Think" }),
      new ReasoningDelta({ text: "ing." }),
      new ReasoningSignature({ signature: "sig" }),
      new TextDelta({ text: "Let me look." }),
      new ToolCallStart({ index: 0, id: "call_1", name: "get_weather" }),
      new ToolCallDelta({ index: 0, arguments: '{"city":' }),
      new ToolCallDelta({ index: 0, arguments: '"Paris"}' }),
      new ToolCallEnd({ index: 0 }),
      new ReasoningSignature({ redacted: "enc" }),
      new Usage({ inputTokens: 50, outputTokens: 9, cachedInputTokens: 30, cacheWriteTokens: 5 }),
      new Finish({ reason: "tool_calls" })
    ]
    const writer = eventWriter("gemini/gemini-2.5-flash")
    const text = writer.events(events.slice(0, 4)) + writer.events(events.slice(4)) + writer.finish(collected(events))
    expect(shape(text)).toEqual([
      "message_start",
      "ping",
      "start 0 thinking",
      "0 thinking_delta",
      "0 thinking_delta",
      "0 signature_delta",
      "stop 0",
      "start 1 text",
      "1 text_delta",
      "stop 1",
      "start 2 tool_use",
      "2 input_json_delta",
      "2 input_json_delta",
      "stop 2",
      "start 3 redacted_thinking",
      "stop 3",
      "message_delta",
      "message_stop"
    ])
    const frames = parseSse(text)
    expect(frames[0]!.data.message).toMatchObject({ model: "gemini/gemini-2.5-flash", role: "assistant", content: [] })
    expect(frames.find((f) => f.data.content_block?.type === "tool_use")!.data.content_block).toEqual({
      type: "tool_use",
      id: "call_1",
      name: "get_weather",
      input: {}
    })
    expect(frames.at(-2)!.data).toEqual({
      type: "message_delta",
      delta: { stop_reason: "tool_use", stop_sequence: null },
      usage: {
        input_tokens: 15,
        output_tokens: 9,
        cache_creation_input_tokens: 5,
        cache_read_input_tokens: 30,
        server_tool_use: null
      }
    })
  })

  it("starts and ends an empty answer properly, and writes a failure as Anthropic's error event", () => {
    const writer = eventWriter("m")
    expect(shape(writer.events([]) + writer.finish(collected([new Finish({ reason: "length" })])))).toEqual([
      "message_start",
      "ping",
      "message_delta",
      "message_stop"
    ])
    const failed = eventWriter("m")
    const info: ErrorInfo = {
      status: 502,
      code: "provider_error",
      openAiType: "api_error",
      retryMayHelp: true,
      message: "Overloaded",
      upstreamType: "overloaded_error"
    }
    const error = failed.error(info)
    expect(error).toBe(messagesErrors.frame(info))
    expect(parseSse(error)).toEqual([
      { event: "error", data: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } } }
    ])
  })
})

describe("message", () => {
  it("holds the blocks in order, every field the spec lists, and a text block when there is nothing else", () => {
    const answer = collected([
      new ReasoningDelta({ text: "Hmm." }),
      new TextDelta({ text: "Calling." }),
      new ToolCallStart({ index: 0, id: "c1", name: "f" }),
      new ToolCallDelta({ index: 0, arguments: "not json" }),
      new Finish({ reason: "stop" })
    ])
    expect(message("a/b", answer)).toMatchObject({
      type: "message",
      model: "a/b",
      content: [
        { type: "thinking", thinking: "Hmm.", signature: "" },
        { type: "text", text: "Calling.", citations: null },
        { type: "tool_use", id: "c1", name: "f", input: {} }
      ],
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: { input_tokens: 0, output_tokens: 0, cache_creation: null, server_tool_use: null, service_tier: null }
    })
    expect(message("a/b", collected([new Finish({ reason: "stop" })])).content).toEqual([
      { type: "text", text: "", citations: null }
    ])
  })

  it("maps each finish to Anthropic's stop reason, tool_use exactly when tools were called", () => {
    expect(stopReason("stop", false)).toBe("end_turn")
    expect(stopReason("tool_calls", false)).toBe("end_turn")
    expect(stopReason("stop", true)).toBe("tool_use")
    expect(stopReason("length", true)).toBe("max_tokens")
    expect(stopReason("content_filter", false)).toBe("refusal")
    expect(stopReason("other", false)).toBe("end_turn")
  })
})

// ---------------------------------------------------------------------------------------------------------------------
// Recorded Anthropic streams, through the adapter's reader and this writer, read by the SDK
// ---------------------------------------------------------------------------------------------------------------------

const runtime = ManagedRuntime.make(Adapters.layer.pipe(Layer.provide(NodeHttpClient.layerUndici)))
let upstream: FakeUpstream.FakeUpstream
beforeAll(async () => {
  upstream = await FakeUpstream.start()
})
afterAll(async () => {
  await upstream.close()
  await runtime.dispose()
})

const epoch = DateTime.unsafeMake(0)
const anthropic = () =>
  new Provider({
    id: ProviderId.make("claude"),
    name: "Claude",
    type: "anthropic",
    enabled: true,
    baseUrl: upstream.url,
    apiKeys: [new ApiKey({ id: ApiKeyId.make("key-1"), value: Redacted.make("sk-ant-recorded") })],
    headers: {},
    timeouts: Timeouts.defaults,
    models: [makeModel("claude-sonnet-4-5")],
    revision: 1,
    createdAt: epoch,
    updatedAt: epoch
  })

/** The recorded stream as the gateway writes it for a Messages client: read by the adapter, written here. */
const translated = async (body: string): Promise<string> => {
  upstream.route("POST", "/v1/messages", Answers.sse(body, { chunkBytes: 53 }))
  const adapter = (await runtime.runPromise(ProviderAdapters)).get("anthropic")
  const target = { provider: anthropic(), apiKey: Option.some(Redacted.make("sk-ant-recorded")) }
  const request = new ChatRequest({ model: "claude-sonnet-4-5", messages: [textMessage("user", "Hi")] })
  const opened = await adapter.openAnswer!(target, request, new AbortController().signal, { stream: true })
  const sink = new PassThrough()
  const parts: Array<Buffer> = []
  sink.on("data", (part: Buffer) => parts.push(part))
  const ended = new Promise((resolve) => sink.once("end", resolve))
  streamTranslated(sink, {
    answer: { ...opened, upstreamMs: 0 },
    stream: true,
    writer: messagesWriter("claude/claude-sonnet-4-5"),
    errors: messagesErrors,
    startedAt: performance.now(),
    inflight: makeInflight()
  })
  await ended
  return Buffer.concat(parts).toString("utf8")
}

/** What the SDK makes of a stream's bytes: its final message, or the error it raised. */
const sdkReading = async (body: string) => {
  const client = new Anthropic({
    apiKey: "unused",
    baseURL: "http://sdk.test",
    maxRetries: 0,
    fetch: async () => new Response(body, { headers: { "content-type": "text/event-stream" } })
  })
  try {
    const final = await client.messages
      .stream({ model: "m", max_tokens: 1024, messages: [{ role: "user", content: "Hi" }] })
      .finalMessage()
    return {
      content: final.content.map((block) => {
        switch (block.type) {
          case "text":
            return { type: block.type, text: block.text }
          case "thinking":
            return { type: block.type, thinking: block.thinking, signature: block.signature }
          case "tool_use":
            return { type: block.type, id: block.id, name: block.name, input: block.input }
          default:
            return block
        }
      }),
      stop_reason: final.stop_reason,
      input_tokens: final.usage.input_tokens,
      output_tokens: final.usage.output_tokens
    }
  } catch (error) {
    return { error: error instanceof Anthropic.APIError ? { status: error.status, body: error.error } : String(error) }
  }
}

const recordedStreams = [
  "anthropic/anthropic-text.chunks.txt",
  "anthropic/anthropic-clear-thinking.1.chunks.txt",
  "anthropic/anthropic-json-tool.1.chunks.txt",
  "anthropic/anthropic-tool-no-args.chunks.txt",
  "anthropic/anthropic-message-delta-input-tokens.chunks.txt",
  "anthropic/basic_response.txt",
  "anthropic/tool_use_response.txt",
  "anthropic/inline--streaming.test.ts--error-event.sse"
]

describe("a recorded Anthropic stream, translated", () => {
  it.each(recordedStreams)("reads in the SDK as the recording does: %s", async (file) => {
    const recorded = frame(readRecorded(file), framingOf(file))
    const original = await sdkReading(recorded)
    const ours = await sdkReading(await translated(recorded))
    if ("error" in original) {
      // Both are Anthropic's error event; the gateway's names the upstream and keeps its words.
      expect(original).toMatchObject({ error: { body: { type: "error", error: { message: "Overloaded" } } } })
      expect(ours).toMatchObject({
        error: { body: { type: "error", error: { type: "api_error", message: expect.stringContaining("Overloaded") } } }
      })
      return
    }
    expect(ours).toEqual(original)
    expect(original.content.length).toBeGreaterThan(0)
  })
})
