/**
 * Anthropic's answer → neutral `ChatEvent`s, in one place. Text and thinking deltas pass through as they come;
 * usage and the stop reason arrive in pieces (`message_start`, then `message_delta`) and leave as one `Usage` and
 * one `Finish` when the message stops. A mid-stream `event: error` ends the stream with a `ProviderError`. Text and
 * thinking deltas, nearly every event of an answer, are checked by hand (`FastJson`); others get the Schema decode.
 */
import {
  type ChatEvent,
  Finish,
  type FinishReason,
  ReasoningDelta,
  TextDelta,
  Usage
} from "@switchboard/core/domain/ChatEvent"
import { ProviderError } from "@switchboard/core/domain/Errors"
import { Either, ParseResult, Schema } from "effect"
import { type AnswerFormat, SseAnswerReader } from "../internal/Answer"
import { fastJson, isObject } from "../internal/FastJson"
import { type CallContext, invalidOutput, scrub } from "../internal/Http"
import type { SseEvent } from "../internal/Sse"
import { reasonForError } from "./AnthropicErrors"
import { ErrorBody, type Message, MessageJson, type StreamEvent, StreamEventJson } from "./AnthropicWire"

/** Anthropic's `stop_reason` → the neutral reason; the raw word always travels along for display. */
export const finishReason = (stopReason: string): FinishReason => {
  switch (stopReason) {
    case "end_turn":
    case "stop_sequence":
      return "stop"
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length"
    case "tool_use":
      return "tool_calls"
    case "refusal":
      return "content_filter"
    default:
      return "other"
  }
}

const finish = (stopReason: string) => new Finish({ reason: finishReason(stopReason), raw: stopReason })

const streamError = (ctx: CallContext, error: { readonly type: string; readonly message: string }) =>
  new ProviderError({
    reason: reasonForError(error.type),
    url: ctx.url,
    detail: scrub(`${error.message} (${error.type})`, ctx)
  })

/** A `content_block_delta` of text or thinking, exactly as `StreamEvent` would accept it. */
const isContentDelta = (value: unknown): value is StreamEvent =>
  isObject(value) &&
  value.type === "content_block_delta" &&
  Number.isSafeInteger(value.index) &&
  isObject(value.delta) &&
  ((value.delta.type === "text_delta" && typeof value.delta.text === "string") ||
    (value.delta.type === "thinking_delta" && typeof value.delta.thinking === "string"))

const decodeEvent = fastJson(isContentDelta, Schema.decodeEither(StreamEventJson))

/** One streamed message: usage and the stop reason gather until the message stops; reading stops at `message_stop`. */
class EventReader extends SseAnswerReader {
  private inputTokens: number | undefined
  private outputTokens: number | undefined
  private stopReason: string | undefined

  // A stream that ends cleanly after `message_delta` but without `message_stop` still says how it ended; one that
  // ends before any stop reason is truncated (or not Anthropic at all) and must not look like an answer.
  end(out: Array<ChatEvent>): ProviderError | undefined {
    if (this.done) return undefined
    if (this.stopReason === undefined)
      return invalidOutput(this.ctx, "the stream ended before the message finished (no message_stop)", this.status)
    this.closing(out)
    return undefined
  }

  private closing(out: Array<ChatEvent>) {
    if (this.inputTokens !== undefined || this.outputTokens !== undefined)
      out.push(new Usage({ inputTokens: this.inputTokens ?? 0, outputTokens: this.outputTokens ?? 0 }))
    if (this.stopReason !== undefined) out.push(finish(this.stopReason))
  }

  protected read(sse: SseEvent, out: Array<ChatEvent>): ProviderError | undefined {
    const decoded = decodeEvent(sse.data)
    if (Either.isLeft(decoded))
      return invalidOutput(
        this.ctx,
        `unreadable "${sse.event}" event: ${ParseResult.TreeFormatter.formatErrorSync(decoded.left)}`,
        this.status
      )
    return this.step(decoded.right, out)
  }

  private step(event: StreamEvent, out: Array<ChatEvent>): ProviderError | undefined {
    switch (event.type) {
      case "message_start":
        this.inputTokens = event.message.usage?.input_tokens ?? this.inputTokens
        this.outputTokens = event.message.usage?.output_tokens ?? this.outputTokens
        return undefined
      case "content_block_delta": {
        const delta = event.delta
        if (delta.type === "text_delta" && delta.text !== "") out.push(new TextDelta({ text: delta.text }))
        if (delta.type === "thinking_delta" && delta.thinking !== "")
          out.push(new ReasoningDelta({ text: delta.thinking }))
        return undefined
      }
      case "message_delta":
        // Cumulative counts: the later `input_tokens` (some servers correct it here) wins over message_start's.
        this.inputTokens = event.usage?.input_tokens ?? this.inputTokens
        this.outputTokens = event.usage?.output_tokens ?? this.outputTokens
        this.stopReason = event.delta.stop_reason ?? this.stopReason
        return undefined
      case "message_stop":
        this.done = true
        this.closing(out)
        return undefined
      case "error":
        return streamError(this.ctx, event.error)
      case "ignored":
        return undefined
    }
  }
}

/** The events of a whole `message` body, for a server or proxy that answered `stream: true` with plain JSON. */
export const fromMessage = (message: Message): ReadonlyArray<ChatEvent> => {
  const events: Array<ChatEvent> = []
  for (const block of message.content) {
    if (block.type === "text" && block.text !== "") events.push(new TextDelta({ text: block.text }))
    if (block.type === "thinking" && block.thinking !== "") events.push(new ReasoningDelta({ text: block.thinking }))
  }
  const usage = message.usage
  if (usage?.input_tokens != null || usage?.output_tokens != null)
    events.push(new Usage({ inputTokens: usage?.input_tokens ?? 0, outputTokens: usage?.output_tokens ?? 0 }))
  if (message.stop_reason != null) events.push(finish(message.stop_reason))
  return events
}

const decodeMessage = Schema.decodeEither(MessageJson)
const decodeErrorBody = Schema.decodeUnknownEither(Schema.parseJson(ErrorBody))

/** A whole JSON body of a 2xx answer: a `message`, or an error envelope some proxies send with a 200. */
const fromJson = (ctx: CallContext, status: number, body: string, out: Array<ChatEvent>): ProviderError | undefined =>
  Either.match(decodeMessage(body), {
    onRight: (message) => {
      out.push(...fromMessage(message))
      return undefined
    },
    onLeft: (error) =>
      Either.match(decodeErrorBody(body), {
        onRight: (envelope) => streamError(ctx, envelope.error),
        onLeft: () =>
          invalidOutput(ctx, `unreadable message body: ${ParseResult.TreeFormatter.formatErrorSync(error)}`, status)
      })
  })

/** A 2xx Messages answer: SSE normally, one JSON `message` when a server or proxy did not stream. */
export const messagesAnswer: AnswerFormat = {
  stream: (ctx, status) => new EventReader(ctx, status),
  json: fromJson
}
