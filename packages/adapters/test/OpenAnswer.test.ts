/**
 * `openAnswer`, the translated protocols' way in for the gateway (no fiber): it asks for a stream or, for a caller that
 * wants the answer whole, for one complete answer; either body reads through the protocol's reader to the same kind
 * of events, from real recorded answers. Request parity with `streamChat` is checked by every request test
 * (`support/SentRequest.ts`).
 */
import { describe, expect, it } from "@effect/vitest"
import type { ChatEvent } from "@switchboard/core/domain/ChatEvent"
import { ChatRequest, textMessage } from "@switchboard/core/domain/ChatRequest"
import type { OpenedAnswer, ProviderAdapter } from "@switchboard/core/ProviderAdapter"
import type { ProviderType } from "@switchboard/core/domain/ProviderType"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import { type Framing, framingOf } from "@switchboard/testing/Recorded"
import { Effect } from "effect"
import * as AnthropicAdapter from "../src/anthropic/AnthropicAdapter"
import * as GeminiAdapter from "../src/gemini/GeminiAdapter"
import * as Fixtures from "./support/Fixtures"

/** Every event of an opened answer, read as the gateway reads it; the reader's error, if one ended it. */
const readAll = async (opened: OpenedAnswer) => {
  const events: Array<ChatEvent> = []
  const decoder = new TextDecoder()
  for await (const bytes of opened.body) {
    const error = opened.reader.push(decoder.decode(bytes as Uint8Array, { stream: true }), events)
    if (error !== undefined) return { events, error }
  }
  return { events, error: opened.reader.push(decoder.decode(), events) ?? opened.reader.end(events) }
}

const open = (
  make: typeof AnthropicAdapter.make,
  type: ProviderType,
  answer: { readonly file: string; readonly framing: Framing },
  stream: boolean
) =>
  Effect.gen(function* () {
    const server = yield* FakeUpstream.make
    server.fallback(Answers.replay(answer.file, answer.framing))
    const adapter: ProviderAdapter = yield* make
    const target = Fixtures.target(Fixtures.provider({ type, baseUrl: server.url }), "key-0123456789")
    const request = new ChatRequest({ model: "m-1", messages: [textMessage("user", "Hi")] })
    const signal = new AbortController().signal
    const read = yield* Effect.promise(async () =>
      readAll(await adapter.openAnswer!(target, request, signal, { stream }))
    )
    return { ...read, sent: server.lastRequest() }
  }).pipe(Effect.provide(Fixtures.HttpClientLive))

const texts = (events: ReadonlyArray<ChatEvent>) =>
  events.flatMap((event) => (event._tag === "TextDelta" ? [event.text] : [])).join("")
const finishes = (events: ReadonlyArray<ChatEvent>) =>
  events.flatMap((event) => (event._tag === "Finish" ? [event.reason] : []))

describe("openAnswer", () => {
  it.scopedLive("Anthropic, streamed: stream: true, and the recorded stream's text and finish", () =>
    Effect.gen(function* () {
      const { events, error, sent } = yield* open(
        AnthropicAdapter.make,
        "anthropic",
        { file: "anthropic/anthropic-text.chunks.txt", framing: framingOf("anthropic/anthropic-text.chunks.txt") },
        true
      )
      expect(error).toBeUndefined()
      expect(sent.body).toMatchObject({ stream: true })
      expect(texts(events).length).toBeGreaterThan(0)
      expect(finishes(events)).toEqual(["stop"])
    })
  )

  it.scopedLive("Anthropic, whole: stream: false, and the recorded message's text, usage and finish", () =>
    Effect.gen(function* () {
      const { events, error, sent } = yield* open(
        AnthropicAdapter.make,
        "anthropic",
        { file: "anthropic/anthropic-text.json", framing: "json" },
        false
      )
      expect(error).toBeUndefined()
      expect(sent.body).toMatchObject({ stream: false })
      expect(texts(events)).toBe(
        "Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?"
      )
      expect(events.find((event) => event._tag === "Usage")).toMatchObject({ inputTokens: 12, outputTokens: 29 })
      expect(finishes(events)).toEqual(["stop"])
    })
  )

  it.scopedLive("Gemini, streamed: :streamGenerateContent?alt=sse", () =>
    Effect.gen(function* () {
      const { events, error, sent } = yield* open(
        GeminiAdapter.make,
        "gemini",
        { file: "gemini/google-text.chunks.txt", framing: framingOf("gemini/google-text.chunks.txt") },
        true
      )
      expect(error).toBeUndefined()
      expect(sent.url).toBe("/v1beta/models/m-1:streamGenerateContent?alt=sse")
      expect(texts(events).length).toBeGreaterThan(0)
      expect(finishes(events)).toEqual(["stop"])
    })
  )

  it.scopedLive("Gemini, whole: :generateContent, and the recorded answer's text and finish", () =>
    Effect.gen(function* () {
      const { events, error, sent } = yield* open(
        GeminiAdapter.make,
        "gemini",
        { file: "gemini/unary-success-basic-reply-short.json", framing: "json" },
        false
      )
      expect(error).toBeUndefined()
      expect(sent.url).toBe("/v1beta/models/m-1:generateContent")
      expect(texts(events)).toBe(
        "Google's headquarters, also known as the Googleplex, is located in **Mountain View, California**.\n"
      )
      expect(finishes(events)).toEqual(["stop"])
    })
  )
})
