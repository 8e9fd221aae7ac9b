/**
 * Mapping: every recorded Gemini file is replayed over a real local HTTP server through the adapter (streams whole,
 * in 7-byte pieces, and with CRLF turned into LF; JSON bodies with the README's status), and the neutral events are
 * checked against expectations computed from the file itself: joined text and thoughts, the last usage counts, the
 * finish reason (safety and recitation readable), the prompt block, and the error cases.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as GeminiAdapter from "../../src/gemini/GeminiAdapter"
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
