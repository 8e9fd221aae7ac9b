/**
 * Mapping: every recorded Gemini file is replayed over a real local HTTP server through the adapter (streams whole,
 * in 7-byte pieces, and with CRLF turned into LF; JSON bodies with the README's status), and the neutral events are
 * checked against expectations computed from the file itself: joined text and thoughts, the last usage counts, the
 * finish reason (safety and recitation readable), the prompt block, and the error cases.
 */
import { describe, expect, it } from "@effect/vitest"
import type { ChatEvent } from "@switchboard/core/domain/ChatEvent"
import { Effect, Option } from "effect"
import * as GeminiAdapter from "../../src/gemini/GeminiAdapter"
import { Translator } from "../../src/gemini/GeminiStream"
import type { Chunk } from "../../src/gemini/GeminiWire"
import { collect, readmeStatus } from "../anthropic/Harness"
import * as Fixtures from "../support/Fixtures"
import { framingOf, payloads, readRecorded, recordedFiles, recordedJson } from "@switchboard/testing/Recorded"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"

interface Part {
  readonly text?: string
  readonly thought?: boolean
  readonly functionCall?: unknown
}

interface Payload {
  readonly candidates?: ReadonlyArray<{
    readonly content?: { readonly parts?: ReadonlyArray<Part> }
    readonly finishReason?: string
  }>
  readonly promptFeedback?: { readonly blockReason?: string }
  readonly usageMetadata?: {
    readonly promptTokenCount?: number
    readonly candidatesTokenCount?: number
    readonly thoughtsTokenCount?: number
  }
  readonly error?: {
    readonly code?: number
    readonly message?: string
    readonly status?: string
    readonly details?: ReadonlyArray<{ readonly reason?: string; readonly retryDelay?: string }>
  }
}

interface Expected {
  text: string
  reasoning: string
  usage: readonly [number, number] | undefined
  finish: readonly [string, string] | undefined
  error: NonNullable<Payload["error"]> | undefined
}

/** The neutral reasons the brief and issue 3 ask for, by Gemini's own words. */
const neutralFinish = (raw: string, calledFunction: boolean) =>
  raw === "STOP"
    ? calledFunction
      ? "tool_calls"
      : "stop"
    : raw === "MAX_TOKENS"
      ? "length"
      : ["SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII"].includes(raw)
        ? "content_filter"
        : "other"

const expectedFrom = (chunks: ReadonlyArray<Payload>): Expected => {
  const expected: Expected = { text: "", reasoning: "", usage: undefined, finish: undefined, error: undefined }
  let finishRaw: string | undefined
  let blockReason: string | undefined
  let calledFunction = false
  for (const chunk of chunks) {
    if (chunk.error !== undefined) expected.error = chunk.error
    const usage = chunk.usageMetadata
    if (usage !== undefined)
      expected.usage = [
        usage.promptTokenCount ?? 0,
        (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0)
      ]
    blockReason = chunk.promptFeedback?.blockReason ?? blockReason
    const candidate = chunk.candidates?.[0]
    finishRaw = candidate?.finishReason ?? finishRaw
    for (const part of candidate?.content?.parts ?? []) {
      if (part.functionCall !== undefined) calledFunction = true
      if (part.thought === true) expected.reasoning += part.text ?? ""
      else expected.text += part.text ?? ""
    }
  }
  if (finishRaw !== undefined) expected.finish = [neutralFinish(finishRaw, calledFunction), finishRaw]
  else if (blockReason !== undefined) expected.finish = ["content_filter", `${blockReason} (prompt blocked)`]
  return expected
}

/** A stream's chunks: its `data:` payloads, then any bare JSON block (the Vertex error appended mid-stream). */
const streamChunks = (file: string): ReadonlyArray<Payload> => {
  if (framingOf(file) !== "sse") return payloads(file) as ReadonlyArray<Payload>
  const bare = readRecorded(file)
    .split(/\r?\n\r?\n/)
    .filter((block) => block.trim().startsWith("{"))
    .map((block) => JSON.parse(block) as Payload)
  return [...(payloads(file) as ReadonlyArray<Payload>), ...bare]
}

/** What Google's error words mean for the user (issue 3): a bad key is Authentication even as a 400. */
const expectedReason = (error: NonNullable<Payload["error"]>) => {
  if (error.details?.some((detail) => detail.reason === "API_KEY_INVALID")) return "Authentication"
  if (error.status === "NOT_FOUND") return "NotFound"
  if (error.status === "RESOURCE_EXHAUSTED") return "RateLimit"
  if (error.status === "CANCELLED") return "Upstream"
  return `unexpected error status ${error.status} in the file`
}

const retryDelayMs = (error: NonNullable<Payload["error"]>) => {
  const delay = error.details?.find((detail) => detail.retryDelay !== undefined)?.retryDelay
  return delay === undefined ? undefined : Number.parseFloat(delay) * 1000
}

const files = recordedFiles("gemini")
const model = "gemini-2.0-flash"
const chatPath = `/v1beta/models/${model}:streamGenerateContent`

type Variant = "whole" | "7-byte pieces" | "LF framing"

const handlerFor = (file: string, variant: Variant): FakeUpstream.Handler => {
  const framing = framingOf(file)
  if (framing === "json") return Answers.replay(file, "json", { status: readmeStatus(file) })
  if (variant === "7-byte pieces") return Answers.replay(file, framing, { chunkBytes: 7 })
  if (variant === "LF framing") {
    // Gemini clients must accept LF as well as CRLF: the same events, every CRLF turned into LF.
    const raw = readRecorded(file)
    const body =
      framing === "gemini"
        ? raw
            .split(/\r?\n/)
            .filter((line) => line.trim() !== "")
            .map((line) => `data: ${line}\n\n`)
            .join("")
        : raw.replace(/\r\n/g, "\n")
    return Answers.sse(body)
  }
  return Answers.replay(file, framing)
}

describe("Gemini recorded files", () => {
  it("are all here (the README lists 15)", () => {
    expect(files).toHaveLength(15)
  })

  for (const file of files) {
    const json = framingOf(file) === "json"
    const variants: ReadonlyArray<Variant> = json ? ["whole"] : ["whole", "7-byte pieces", "LF framing"]
    for (const variant of variants) {
      it.scopedLive(`${file}${variant === "whole" ? "" : ` (${variant})`}`, () =>
        Effect.gen(function* () {
          const server = yield* FakeUpstream.make
          server.route("POST", chatPath, handlerFor(file, variant))
          const adapter = yield* GeminiAdapter.make
          const provider = Fixtures.provider({ type: "gemini", baseUrl: server.url })
          const key = "AIzaSyREPLAYKEY0123456789abcdefghijk"
          const result = yield* collect(adapter.streamChat(Fixtures.target(provider, key), Fixtures.chatRequest(model)))
          const expected = expectedFrom(json ? [recordedJson(file) as Payload] : streamChunks(file))

          expect(server.lastRequest().query.get("alt")).toBe("sse")
          expect(result.text).toBe(expected.text)
          expect(result.reasoning).toBe(expected.reasoning)
          if (expected.error !== undefined) {
            expect(result.error?.reason).toBe(expectedReason(expected.error))
            expect(result.error?.detail).toContain(expected.error.message)
            expect(result.error?.url).toBe(`${server.url}${chatPath}?alt=sse`)
            expect(result.error?.status).toBe(json ? readmeStatus(file) : undefined)
            expect(result.error?.retryAfterMs).toBe(retryDelayMs(expected.error))
            expect(result.finishes).toEqual([])
            return
          }
          expect(result.error?.message).toBeUndefined()
          expect(result.usages.map((usage) => [usage.inputTokens, usage.outputTokens])).toEqual(
            expected.usage === undefined ? [] : [expected.usage]
          )
          expect(result.finishes.map((finish) => [finish.reason, finish.raw])).toEqual([expected.finish])
          expect(result.events.at(-1)?._tag).toBe("Finish")
        }).pipe(Effect.provide(Fixtures.HttpClientLive))
      )
    }
  }

  it("the files cover what the adapter must read: thoughts, safety, recitation, a prompt block, errors", () => {
    const all = files.map((file) =>
      expectedFrom(framingOf(file) === "json" ? [recordedJson(file) as Payload] : streamChunks(file))
    )
    expect(all.some((expected) => expected.reasoning.length > 0)).toBe(true)
    const raws = all.flatMap((expected) => (expected.finish === undefined ? [] : [expected.finish[1]]))
    expect(raws).toEqual(expect.arrayContaining(["SAFETY", "RECITATION", "SAFETY (prompt blocked)"]))
    expect(all.filter((expected) => expected.error !== undefined)).toHaveLength(4)
  })
})

/** One recorded file through the adapter, whole, as its events. */
const replay = (file: string) =>
  Effect.gen(function* () {
    const server = yield* FakeUpstream.make
    server.route("POST", chatPath, handlerFor(file, "whole"))
    const adapter = yield* GeminiAdapter.make
    const provider = Fixtures.provider({ type: "gemini", baseUrl: server.url })
    return yield* collect(adapter.streamChat(Fixtures.target(provider), Fixtures.chatRequest(model)))
  }).pipe(Effect.provide(Fixtures.HttpClientLive))

/** The events but text and reasoning deltas, signatures shortened to `<first 16 characters>…(<length>)`. */
const shape = (events: ReadonlyArray<ChatEvent>) =>
  events
    .filter((event) => event._tag !== "TextDelta" && event._tag !== "ReasoningDelta")
    .map((event) => {
      const { _tag, ...fields } = event as ChatEvent & { signature?: string }
      const signature = fields.signature
      return {
        _tag,
        ...fields,
        ...(signature === undefined ? {} : { signature: `${signature.slice(0, 16)}…(${signature.length})` })
      }
    })

describe("Gemini recorded tool calls, signatures and metadata", () => {
  it.scopedLive("google-tool-call: weather({location: San Francisco}) with its signature, then tool_calls", () =>
    Effect.gen(function* () {
      const result = yield* replay("gemini/google-tool-call.chunks.txt")
      const start = result.events.find((event) => event._tag === "ToolCallStart")
      expect(start?._tag === "ToolCallStart" && start.id).toMatch(/^call_[0-9a-f]{16}_0$/)
      expect(
        shape(result.events).map((event) => (event._tag === "ToolCallStart" ? { ...event, id: "?" } : event))
      ).toEqual([
        { _tag: "ResponseMetadata", id: "b36LacjwM668nsEP2tbsgQQ", model: "gemini-3-pro-preview" },
        { _tag: "ToolCallStart", index: 0, id: "?", name: "weather", signature: "EqUCCqICAb4+9vsh…(396)" },
        { _tag: "ToolCallDelta", index: 0, arguments: '{"location":"San Francisco"}' },
        { _tag: "ToolCallEnd", index: 0 },
        { _tag: "Usage", inputTokens: 29, outputTokens: 60, reasoningTokens: 45 },
        { _tag: "Finish", reason: "tool_calls", raw: "STOP" }
      ])
      expect(result.text).toBe("")
    })
  )

  it.scopedLive("thinking, then now({}) signed, on gemini-2.5-flash", () =>
    Effect.gen(function* () {
      const result = yield* replay("gemini/streaming-success-thinking-function-call-thought-summary-signature.txt")
      expect(result.reasoning).toMatch(/^\*\*Calculating the Days\*\*/)
      expect(result.events.findIndex((event) => event._tag === "ReasoningDelta")).toBeLessThan(
        result.events.findIndex((event) => event._tag === "ToolCallStart")
      )
      expect(
        shape(result.events).map((event) => (event._tag === "ToolCallStart" ? { ...event, id: "?" } : event))
      ).toEqual([
        { _tag: "ResponseMetadata", id: "48SHaPHpHKbG-8YPtZCawAk", model: "gemini-2.5-flash" },
        { _tag: "ToolCallStart", index: 0, id: "?", name: "now", signature: "CiIBVKhc7vB+vaaq…(1140)" },
        { _tag: "ToolCallDelta", index: 0, arguments: "{}" },
        { _tag: "ToolCallEnd", index: 0 },
        { _tag: "Usage", inputTokens: 38, outputTokens: 174, reasoningTokens: 168 },
        { _tag: "Finish", reason: "tool_calls", raw: "STOP" }
      ])
    })
  )

  it.scopedLive("google-reasoning: the signature on the closing empty text part follows the text", () =>
    Effect.gen(function* () {
      const result = yield* replay("gemini/google-reasoning.chunks.txt")
      expect(result.text).toBe('There are **3** "r"s in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.')
      expect(result.events.map((event) => event._tag)).toEqual([
        "ResponseMetadata",
        "TextDelta",
        "TextDelta",
        "ReasoningSignature",
        "Usage",
        "Finish"
      ])
      expect(shape(result.events).slice(1)).toEqual([
        { _tag: "ReasoningSignature", signature: "Eo0HCooHAb4+9vut…(1216)" },
        { _tag: "Usage", inputTokens: 9, outputTokens: 285, reasoningTokens: 256 },
        { _tag: "Finish", reason: "stop", raw: "STOP" }
      ])
    })
  )

  it.scopedLive(
    "a recording without responseId still names the model once; usage without thoughts has no reasoning",
    () =>
      Effect.gen(function* () {
        const result = yield* replay("gemini/streaming-success-basic-reply-short.txt")
        expect(shape(result.events)).toEqual([
          { _tag: "ResponseMetadata", model: "gemini-2.0-flash" },
          { _tag: "Usage", inputTokens: 7, outputTokens: 10 },
          { _tag: "Finish", reason: "stop", raw: "STOP" }
        ])
      })
  )

  it.scopedLive("safety and recitation stay content_filter with Gemini's word", () =>
    Effect.gen(function* () {
      const recitation = yield* replay("gemini/streaming-failure-recitation-no-content.txt")
      expect(recitation.finishes.map((finish) => [finish.reason, finish.raw])).toEqual([
        ["content_filter", "RECITATION"]
      ])
      const blocked = yield* replay("gemini/streaming-failure-prompt-blocked-safety.txt")
      expect(blocked.finishes.map((finish) => [finish.reason, finish.raw])).toEqual([
        ["content_filter", "SAFETY (prompt blocked)"]
      ])
      const safety = yield* replay("gemini/vertexai--streaming-failure-finish-reason-safety.txt")
      expect(safety.finishes.map((finish) => [finish.reason, finish.raw])).toEqual([["content_filter", "SAFETY"]])
    })
  )
})

describe("Gemini translator", () => {
  const ctx = { url: "http://127.0.0.1/v1beta/models/m:streamGenerateContent", key: Option.none(), secrets: [] }
  const run = (chunks: ReadonlyArray<Chunk>) => {
    const translator = new Translator(ctx, 200)
    const out: Array<ChatEvent> = []
    for (const chunk of chunks) expect(translator.push(chunk, out)).toBeUndefined()
    expect(translator.end(out)).toBeUndefined()
    return out
  }
  const calls = (events: ReadonlyArray<ChatEvent>) =>
    events.flatMap((event) => (event._tag === "ToolCallStart" ? [event] : []))

  it("counts calls from 0 across chunks, keeps Gemini's ids and generates unique ones otherwise", () => {
    const events = run([
      {
        candidates: [
          {
            content: {
              parts: [{ functionCall: { id: "fc-1", name: "a", args: { x: 1 } } }, { functionCall: { name: "b" } }]
            }
          }
        ]
      },
      {
        candidates: [
          { content: { parts: [{ functionCall: { name: "c", args: { y: [true] } } }] }, finishReason: "STOP" }
        ]
      }
    ])
    const starts = calls(events)
    expect(starts.map((start) => [start.index, start.name])).toEqual([
      [0, "a"],
      [1, "b"],
      [2, "c"]
    ])
    expect(starts[0]?.id).toBe("fc-1")
    expect(starts[1]?.id).toMatch(/^call_[0-9a-f]{16}_1$/)
    expect(starts[2]?.id).toMatch(/^call_[0-9a-f]{16}_2$/)
    expect(
      calls(run([{ candidates: [{ content: { parts: [{ functionCall: { name: "b" } }] }, finishReason: "STOP" }] }]))[0]
        ?.id
    ).not.toBe(starts[1]?.id.replace(/_1$/, "_0"))
    expect(events.flatMap((event) => (event._tag === "ToolCallDelta" ? [[event.index, event.arguments]] : []))).toEqual(
      [
        [0, '{"x":1}'],
        [1, "{}"],
        [2, '{"y":[true]}']
      ]
    )
    expect(events.at(-1)).toMatchObject({ _tag: "Finish", reason: "tool_calls", raw: "STOP" })
  })

  it("usage: cached tokens when Gemini counts them, thoughts as reasoning and output", () => {
    const [usage] = run([
      {
        candidates: [{ content: { parts: [{ text: "hi" }] }, finishReason: "STOP" }],
        usageMetadata: {
          promptTokenCount: 1000,
          cachedContentTokenCount: 800,
          candidatesTokenCount: 5,
          thoughtsTokenCount: 20
        }
      }
    ]).filter((event) => event._tag === "Usage")
    expect(usage).toMatchObject({ inputTokens: 1000, outputTokens: 25, cachedInputTokens: 800, reasoningTokens: 20 })
  })

  it("a signed thought: its text, then its signature; metadata leaves once", () => {
    const events = run([
      {
        responseId: "r1",
        modelVersion: "m1",
        candidates: [{ content: { parts: [{ text: "hmm", thought: true, thoughtSignature: "sig" }] } }]
      },
      {
        responseId: "r1",
        modelVersion: "m1",
        candidates: [{ content: { parts: [{ text: "ok" }] }, finishReason: "MAX_TOKENS" }]
      }
    ])
    expect(events.map((event) => event._tag)).toEqual([
      "ResponseMetadata",
      "ReasoningDelta",
      "ReasoningSignature",
      "TextDelta",
      "Finish"
    ])
    expect(events[2]).toMatchObject({ signature: "sig" })
    expect(events.at(-1)).toMatchObject({ reason: "length" })
  })
})
