/**
 * Gemini's answer → neutral `ChatEvent`s, in one place. Text parts pass through as they come (`thought: true` parts
 * as reasoning); usage and the finish reason are repeated or refined chunk after chunk, so they leave once, at the
 * end: one `Usage`, then one `Finish`. An error object inside the stream ends it with a `ProviderError`.
 *
 * Output tokens are `candidatesTokenCount + thoughtsTokenCount`: thinking is billed as output, and the other
 * protocols count it there too (Anthropic's `output_tokens`, OpenAI's `completion_tokens`), so tokens per second
 * compare across providers.
 */
import {
  type ChatEvent,
  Finish,
  type FinishReason,
  ReasoningDelta,
  TextDelta,
  Usage
} from "@switchboard/core/ChatEvent"
import type { ProviderError } from "@switchboard/core/Errors"
import { Effect, Either, ParseResult, Schema, Stream } from "effect"
import { type CallContext, invalidOutput } from "../internal/Http"
import { fromGoogleError } from "./GeminiErrors"
import type { Frame } from "./GeminiFrames"
import { type Chunk, ChunksJson, type UsageMetadata } from "./GeminiWire"

/** Reasons the provider's filters stopped the answer: safety, recitation, block lists, personal data. */
const filtered = new Set([
  "SAFETY",
  "RECITATION",
  "BLOCKLIST",
  "PROHIBITED_CONTENT",
  "SPII",
  "IMAGE_SAFETY",
  "IMAGE_PROHIBITED_CONTENT",
  "IMAGE_RECITATION"
])

/**
 * Gemini's `finishReason` → the neutral reason. Gemini says `STOP` also when the model ends its turn with a function
 * call; like the other protocols (`tool_use`, `tool_calls`) that is reported as `tool_calls`.
 */
export const finishReason = (reason: string, calledFunction: boolean): FinishReason => {
  if (reason === "STOP") return calledFunction ? "tool_calls" : "stop"
  if (reason === "MAX_TOKENS") return "length"
  return filtered.has(reason) ? "content_filter" : "other"
}

/** Reads chunks one by one and says, at the end, how the answer finished. */
export class Translator {
  private usage: UsageMetadata | undefined
  private finish: string | undefined
  private blockReason: string | undefined
  private calledFunction = false

  constructor(
    private readonly ctx: CallContext,
    private readonly status: number
  ) {}

  push(chunk: Chunk): Effect.Effect<ReadonlyArray<ChatEvent>, ProviderError> {
    if (chunk.error !== undefined) return Effect.fail(fromGoogleError(this.ctx, chunk.error))
    this.usage = chunk.usageMetadata ?? this.usage
    this.blockReason = chunk.promptFeedback?.blockReason ?? this.blockReason
    // One candidate is requested; a server that sends more is read for the first only.
    const candidate = chunk.candidates?.find((c) => (c.index ?? 0) === 0)
    this.finish = candidate?.finishReason ?? this.finish
    const events: Array<ChatEvent> = []
    for (const part of candidate?.content?.parts ?? []) {
      if (part.functionCall !== undefined) this.calledFunction = true
      if (part.text === undefined || part.text === "") continue
      events.push(part.thought === true ? new ReasoningDelta({ text: part.text }) : new TextDelta({ text: part.text }))
    }
    return Effect.succeed(events)
  }

  /** The closing `Usage` and `Finish`; a stream that never said how it finished is truncated, not an answer. */
  end(): Effect.Effect<ReadonlyArray<ChatEvent>, ProviderError> {
    const usage =
      this.usage === undefined
        ? []
        : [
            new Usage({
              inputTokens: this.usage.promptTokenCount ?? 0,
              outputTokens: (this.usage.candidatesTokenCount ?? 0) + (this.usage.thoughtsTokenCount ?? 0)
            })
          ]
    if (this.blockReason !== undefined && this.finish === undefined)
      return Effect.succeed([
        ...usage,
        new Finish({ reason: "content_filter", raw: `${this.blockReason} (prompt blocked)` })
      ])
    if (this.finish === undefined)
      return Effect.fail(invalidOutput(this.ctx, "the stream ended without a finishReason", this.status))
    return Effect.succeed([
      ...usage,
      new Finish({ reason: finishReason(this.finish, this.calledFunction), raw: this.finish })
    ])
  }
}

const decodeChunks = Schema.decodeEither(ChunksJson)

const parse = (ctx: CallContext, status: number, json: string, what: string) =>
  Either.match(decodeChunks(json), {
    onLeft: (error) =>
      Effect.fail(
        invalidOutput(ctx, `unreadable ${what}: ${ParseResult.TreeFormatter.formatErrorSync(error)}`, status)
      ),
    onRight: (chunks) => Effect.succeed(Array.isArray(chunks) ? chunks : [chunks as Chunk])
  })

const translateChunks = (
  ctx: CallContext,
  status: number,
  chunks: Stream.Stream<Chunk, ProviderError>
): Stream.Stream<ChatEvent, ProviderError> =>
  Stream.suspend(() => {
    const translator = new Translator(ctx, status)
    return chunks.pipe(
      Stream.mapConcatEffect((chunk) => translator.push(chunk)),
      Stream.concat(
        Stream.unwrap(
          Effect.map(
            Effect.suspend(() => translator.end()),
            Stream.fromIterable
          )
        )
      )
    )
  })

/** The frames of a 200 `alt=sse` body as neutral events. */
export const translateFrames = (
  ctx: CallContext,
  status: number,
  frames: Stream.Stream<Frame, ProviderError>
): Stream.Stream<ChatEvent, ProviderError> =>
  translateChunks(
    ctx,
    status,
    frames.pipe(
      Stream.mapConcatEffect((frame) =>
        frame._tag === "Data"
          ? parse(ctx, status, frame.data, "stream event")
          : // A bare JSON object (the error Gemini appends to a failing stream) is read like an event.
            parse(ctx, status, frame.text, "text in the stream")
      )
    )
  )

/** A whole JSON body of a 2xx answer: one `GenerateContentResponse`, or an array of them (no `alt=sse`). */
export const translateJson = (
  ctx: CallContext,
  status: number,
  body: string
): Stream.Stream<ChatEvent, ProviderError> =>
  translateChunks(
    ctx,
    status,
    Stream.unwrap(Effect.map(parse(ctx, status, body, "response body"), Stream.fromIterable))
  )
