/**
 * Anthropic's answer → neutral `ChatEvent`s, in one place. Text and thinking deltas pass through as they come;
 * usage and the stop reason arrive in pieces (`message_start`, then `message_delta`) and leave as one `Usage` and
 * one `Finish` when the message stops. A mid-stream `event: error` ends the stream with a `ProviderError`.
 */
import {
  type ChatEvent,
  Finish,
  type FinishReason,
  ReasoningDelta,
  TextDelta,
  Usage
} from "@switchboard/core/ChatEvent"
import { ProviderError } from "@switchboard/core/Errors"
import { Effect, Either, ParseResult, Schema, Stream } from "effect"
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

const decodeEvent = Schema.decodeEither(StreamEventJson)

const parseEvent = (ctx: CallContext, status: number, sse: SseEvent): Effect.Effect<StreamEvent, ProviderError> =>
  Either.match(decodeEvent(sse.data), {
    onLeft: (error) =>
      Effect.fail(
        invalidOutput(
          ctx,
          `unreadable "${sse.event}" event: ${ParseResult.TreeFormatter.formatErrorSync(error)}`,
          status
        )
      ),
    onRight: Effect.succeed
  })

/** Decodes the SSE events of a 200 answer and translates them; reading stops at `message_stop`. */
export const translateStream = (
  ctx: CallContext,
  status: number,
  events: Stream.Stream<SseEvent, ProviderError>
): Stream.Stream<ChatEvent, ProviderError> =>
  Stream.suspend(() => {
    let inputTokens: number | undefined
    let outputTokens: number | undefined
    let stopReason: string | undefined
    let stopped = false

    const closing = (): ReadonlyArray<ChatEvent> => [
      ...(inputTokens === undefined && outputTokens === undefined
        ? []
        : [new Usage({ inputTokens: inputTokens ?? 0, outputTokens: outputTokens ?? 0 })]),
      ...(stopReason === undefined ? [] : [finish(stopReason)])
    ]

    const step = (event: StreamEvent): Effect.Effect<ReadonlyArray<ChatEvent>, ProviderError> => {
      switch (event.type) {
        case "message_start":
          inputTokens = event.message.usage?.input_tokens ?? inputTokens
          outputTokens = event.message.usage?.output_tokens ?? outputTokens
          return Effect.succeed([])
        case "content_block_delta": {
          const delta = event.delta
          if (delta.type === "text_delta")
            return Effect.succeed(delta.text === "" ? [] : [new TextDelta({ text: delta.text })])
          if (delta.type === "thinking_delta")
            return Effect.succeed(delta.thinking === "" ? [] : [new ReasoningDelta({ text: delta.thinking })])
          return Effect.succeed([])
        }
        case "message_delta":
          // Cumulative counts: the later `input_tokens` (some servers correct it here) wins over message_start's.
          inputTokens = event.usage?.input_tokens ?? inputTokens
          outputTokens = event.usage?.output_tokens ?? outputTokens
          stopReason = event.delta.stop_reason ?? stopReason
          return Effect.succeed([])
        case "message_stop":
          stopped = true
          return Effect.succeed(closing())
        case "error":
          return Effect.fail(streamError(ctx, event.error))
        case "ignored":
          return Effect.succeed([])
      }
    }

    // A stream that ends cleanly after `message_delta` but without `message_stop` still says how it ended; one
    // that ends before any stop reason is truncated (or not Anthropic at all) and must not look like an answer.
    const end = Stream.suspend(() => {
      if (stopped) return Stream.empty
      if (stopReason !== undefined) return Stream.fromIterable(closing())
      return Stream.fail(invalidOutput(ctx, "the stream ended before the message finished (no message_stop)", status))
    })

    return events.pipe(
      Stream.mapEffect((sse) => parseEvent(ctx, status, sse)),
      Stream.takeUntil((event) => event.type === "message_stop"),
      Stream.mapConcatEffect(step),
      Stream.concat(end)
    )
  })

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
export const translateJson = (
  ctx: CallContext,
  status: number,
  body: string
): Stream.Stream<ChatEvent, ProviderError> =>
  Either.match(decodeMessage(body), {
    onRight: (message) => Stream.fromIterable(fromMessage(message)),
    onLeft: (error) =>
      Either.match(decodeErrorBody(body), {
        onRight: (envelope) => Stream.fail(streamError(ctx, envelope.error)),
        onLeft: () =>
          Stream.fail(
            invalidOutput(ctx, `unreadable message body: ${ParseResult.TreeFormatter.formatErrorSync(error)}`, status)
          )
      })
  })
