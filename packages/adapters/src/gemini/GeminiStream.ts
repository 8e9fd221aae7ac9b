/**
 * Gemini's answer → neutral `ChatEvent`s, in one place. Text parts pass through as they come (`thought: true` parts
 * as reasoning), a thought signature on one as a `ReasoningSignature` after it. A `functionCall` part arrives whole,
 * so it becomes a `ToolCallStart` (its signature on it), one `ToolCallDelta` with all its arguments, and a
 * `ToolCallEnd`. The response's id and model leave once, with the first chunk that names them; usage and the finish
 * reason are repeated or refined chunk after chunk, so they leave once, at the end: one `Usage`, then one `Finish`.
 * An error object inside the stream ends it with a `ProviderError`.
 *
 * Output tokens are `candidatesTokenCount + thoughtsTokenCount`: thinking is billed as output, and the other
 * protocols count it there too (Anthropic's `output_tokens`, OpenAI's `completion_tokens`), so tokens per second
 * compare across providers. Input tokens are `promptTokenCount`, which already holds the cached ones.
 */
import {
  type ChatEvent,
  Finish,
  type FinishReason,
  ReasoningDelta,
  ReasoningSignature,
  ResponseMetadata,
  TextDelta,
  ToolCallDelta,
  ToolCallEnd,
  ToolCallStart,
  Usage
} from "@switchboard/core/domain/ChatEvent"
import type { ProviderError } from "@switchboard/core/domain/Errors"
import { Either, ParseResult } from "effect"
import { type AnswerFormat, type AnswerReader, eventTooLarge } from "../internal/Answer"
import { type CallContext, invalidOutput } from "../internal/Http"
import { decodeChunks } from "./GeminiChunks"
import { fromGoogleError } from "./GeminiErrors"
import { type Frame, FrameTooLarge, makeFrameReader } from "./GeminiFrames"
import type { Chunk, FunctionCall, UsageMetadata } from "./GeminiWire"
import { unchecked } from "../internal/Unchecked"

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
  private calls = 0
  private metadataSent = false
  /** Set on the first call Gemini gives no id, so ids are unique across answers and within one. */
  private idPrefix: string | undefined

  constructor(
    private readonly ctx: CallContext,
    private readonly status: number
  ) {}

  push(chunk: Chunk, out: Array<ChatEvent>): ProviderError | undefined {
    if (chunk.error !== undefined) return fromGoogleError(this.ctx, chunk.error)
    this.usage = chunk.usageMetadata ?? this.usage
    this.blockReason = chunk.promptFeedback?.blockReason ?? this.blockReason
    if (!this.metadataSent && (chunk.responseId !== undefined || chunk.modelVersion !== undefined)) {
      this.metadataSent = true
      out.push(
        new ResponseMetadata(
          {
            ...(chunk.responseId === undefined ? {} : { id: chunk.responseId }),
            ...(chunk.modelVersion === undefined ? {} : { model: chunk.modelVersion })
          },
          unchecked
        )
      )
    }
    // One candidate is requested; a server that sends more is read for the first only.
    const candidate = chunk.candidates?.find((c) => (c.index ?? 0) === 0)
    this.finish = candidate?.finishReason ?? this.finish
    for (const part of candidate?.content?.parts ?? []) {
      if (part.functionCall !== undefined) {
        this.call(part.functionCall, part.thoughtSignature, out)
        continue
      }
      if (part.text !== undefined && part.text !== "")
        out.push(
          part.thought === true
            ? new ReasoningDelta({ text: part.text }, unchecked)
            : new TextDelta({ text: part.text }, unchecked)
        )
      // Gemini 3 signs the end of its answer on an empty text part: the signature is kept all the same.
      if (part.thoughtSignature !== undefined)
        out.push(new ReasoningSignature({ signature: part.thoughtSignature }, unchecked))
    }
    return undefined
  }

  private call(call: FunctionCall, signature: string | undefined, out: Array<ChatEvent>) {
    const index = this.calls++
    if (call.id === undefined && this.idPrefix === undefined)
      this.idPrefix = `call_${globalThis.crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`
    out.push(
      new ToolCallStart(
        {
          index,
          id: call.id ?? `${this.idPrefix}_${index}`,
          name: call.name,
          ...(signature === undefined ? {} : { signature })
        },
        unchecked
      ),
      new ToolCallDelta({ index, arguments: JSON.stringify(call.args ?? {}) }, unchecked),
      new ToolCallEnd({ index }, unchecked)
    )
  }

  /** The closing `Usage` and `Finish`; a stream that never said how it finished is truncated, not an answer. */
  end(out: Array<ChatEvent>): ProviderError | undefined {
    if (this.finish === undefined && this.blockReason === undefined)
      return invalidOutput(this.ctx, "the stream ended without a finishReason", this.status)
    const usage = this.usage
    if (usage !== undefined)
      out.push(
        new Usage(
          {
            inputTokens: usage.promptTokenCount ?? 0,
            outputTokens: (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0),
            ...(usage.cachedContentTokenCount === undefined
              ? {}
              : { cachedInputTokens: usage.cachedContentTokenCount }),
            ...(usage.thoughtsTokenCount === undefined ? {} : { reasoningTokens: usage.thoughtsTokenCount })
          },
          unchecked
        )
      )
    out.push(
      this.finish === undefined
        ? new Finish({ reason: "content_filter", raw: `${this.blockReason} (prompt blocked)` }, unchecked)
        : new Finish({ reason: finishReason(this.finish, this.calls > 0), raw: this.finish }, unchecked)
    )
    return undefined
  }
}

/** The chunks of one JSON text (a chunk, or an array of them) through `translator`. */
const translate = (
  translator: Translator,
  ctx: CallContext,
  status: number,
  json: string,
  what: string,
  out: Array<ChatEvent>
): ProviderError | undefined => {
  const decoded = decodeChunks(json)
  if (Either.isLeft(decoded))
    return invalidOutput(ctx, `unreadable ${what}: ${ParseResult.TreeFormatter.formatErrorSync(decoded.left)}`, status)
  for (const chunk of Array.isArray(decoded.right) ? decoded.right : [decoded.right as Chunk]) {
    const error = translator.push(chunk, out)
    if (error !== undefined) return error
  }
  return undefined
}

/** A 200 `alt=sse` body. */
const frameReader = (ctx: CallContext, status: number): AnswerReader => {
  const frames = makeFrameReader()
  const translator = new Translator(ctx, status)
  const read = (batch: ReadonlyArray<Frame>, out: Array<ChatEvent>) => {
    for (const frame of batch) {
      const error =
        frame._tag === "Data"
          ? translate(translator, ctx, status, frame.data, "stream event", out)
          : // A bare JSON object (the error Gemini appends to a failing stream) is read like an event.
            translate(translator, ctx, status, frame.text, "text in the stream", out)
      if (error !== undefined) return error
    }
    return undefined
  }
  return {
    push: (text, out) => {
      const batch = frames.feed(text)
      return batch instanceof FrameTooLarge ? eventTooLarge(ctx, batch.maxFrameSize, status) : read(batch, out)
    },
    complete: () => false,
    end: (out) => read(frames.flush(), out) ?? translator.end(out)
  }
}

/** A 2xx answer: `alt=sse` frames normally, one JSON `GenerateContentResponse` (or an array) without `alt=sse`. */
export const generateContentAnswer: AnswerFormat = {
  stream: frameReader,
  json: (ctx, status, body, out) => {
    const translator = new Translator(ctx, status)
    return translate(translator, ctx, status, body, "response body", out) ?? translator.end(out)
  }
}
