/**
 * A Chat Completions answer → neutral `ChatEvent`s, for OpenAI and everything that speaks its wire format (Azure
 * reuses it unchanged). Decisions, each for a reason:
 * - Only choice index 0 is read: Switchboard asks for one answer (`n` is never sent), and a neutral stream has one.
 * - `reasoning_content` (DeepSeek, vLLM) and `reasoning` (OpenRouter, Ollama) deltas are `ReasoningDelta`s.
 * - `refusal` deltas are `TextDelta`s: the refusal is the model's answer and the user must see it; the finish reason
 *   stays what the server said (`stop`), since no provider filter blocked anything.
 * - Tool-call deltas are skipped (Switchboard sends no tools); their finish reason arrives as `tool_calls`.
 * - Usage may come on the finish chunk, on a later `choices: []` chunk, or repeated on every chunk: the last one seen
 *   is emitted once, at the end, followed by the `Finish`, so `Finish` is always the last event.
 * - `data: [DONE]` ends the answer; anything after it is ignored.
 * - `{"error": …}` inside a 200 stream ends the stream with a `ProviderError` (after any output already emitted).
 * - A body that ends with neither a finish reason nor `[DONE]` was cut: a `Network` error, like a reset socket.
 * - A `application/json` answer (a server that ignored `stream: true`) is read as one `chat.completion`.
 */
import type { HttpClientResponse } from "@effect/platform"
import {
  type ChatEvent,
  Finish,
  type FinishReason,
  ReasoningDelta,
  TextDelta,
  Usage
} from "@switchboard/core/ChatEvent"
import { ProviderError } from "@switchboard/core/Errors"
import { Effect, Either, Schema, Stream } from "effect"
import { bodyStream, type CallContext, invalidOutput, scrub } from "../internal/Http"
import { decodeSse, SseTooLarge } from "../internal/Sse"
import { streamError } from "./OpenAiError"
import { WireChunk, WireCompletion, type WireUsage } from "./OpenAiWire"

const finishReasons: Readonly<Record<string, FinishReason>> = {
  stop: "stop",
  eos: "stop",
  end_turn: "stop",
  length: "length",
  max_tokens: "length",
  content_filter: "content_filter",
  tool_calls: "tool_calls",
  function_call: "tool_calls"
}

/** A wire finish reason in the neutral set; an unknown one is `other` with the server's word kept. */
export const toFinish = (raw: string): Finish => {
  const reason = finishReasons[raw]
  return reason === undefined ? new Finish({ reason: "other", raw }) : new Finish({ reason, raw })
}

const toUsage = (usage: WireUsage): Usage =>
  new Usage({
    inputTokens: Math.trunc(usage.prompt_tokens ?? 0),
    outputTokens: Math.trunc(usage.completion_tokens ?? 0)
  })

const hasCounts = (usage: WireUsage | null | undefined): usage is WireUsage =>
  usage != null && (typeof usage.prompt_tokens === "number" || typeof usage.completion_tokens === "number")

const decodeChunk = Schema.decodeUnknownEither(Schema.parseJson(WireChunk))
const decodeCompletion = Schema.decodeUnknownEither(Schema.parseJson(WireCompletion))

const preview = (data: string) => (data.length > 200 ? `${data.slice(0, 200)}…` : data)

/** The state of one stream between events: what has to wait for the end, and whether the end is legitimate. */
class Reader {
  finish: Finish | undefined
  usage: Usage | undefined
  done = false

  constructor(readonly ctx: CallContext) {}

  /** The events of one `data:` payload, or the error it carries. */
  read(data: string): Either.Either<ReadonlyArray<ChatEvent>, ProviderError> {
    const trimmed = data.trim()
    if (trimmed === "[DONE]") {
      this.done = true
      return Either.right([])
    }
    if (trimmed === "") return Either.right([])
    const decoded = decodeChunk(trimmed)
    if (Either.isLeft(decoded))
      return Either.left(
        invalidOutput(this.ctx, `the stream held an event that is not a chat chunk: ${preview(trimmed)}`, 200)
      )
    const chunk = decoded.right
    if (chunk.error != null) return Either.left(streamError(chunk.error, this.ctx))
    if (hasCounts(chunk.usage)) this.usage = toUsage(chunk.usage)
    const events: Array<ChatEvent> = []
    for (const choice of chunk.choices ?? []) {
      if ((choice.index ?? 0) !== 0) continue
      const delta = choice.delta
      const reasoning = delta?.reasoning_content ?? delta?.reasoning
      if (reasoning) events.push(new ReasoningDelta({ text: reasoning }))
      if (delta?.content) events.push(new TextDelta({ text: delta.content }))
      if (delta?.refusal) events.push(new TextDelta({ text: delta.refusal }))
      if (choice.finish_reason) this.finish = toFinish(choice.finish_reason)
    }
    return Either.right(events)
  }

  /** The closing events, or the cut when the answer never said it was complete. */
  end(): Either.Either<ReadonlyArray<ChatEvent>, ProviderError> {
    if (!this.done && this.finish === undefined)
      return Either.left(
        new ProviderError({
          reason: "Network",
          url: this.ctx.url,
          status: 200,
          detail:
            "the stream ended before the answer was complete (no finish reason and no [DONE]); the connection was probably cut"
        })
      )
    return Either.right([...(this.usage ? [this.usage] : []), ...(this.finish ? [this.finish] : [])])
  }
}

const fromEither = (result: Either.Either<ReadonlyArray<ChatEvent>, ProviderError>) =>
  Either.isRight(result) ? Effect.succeed(result.right) : Effect.fail(result.left)

/** The events of an SSE body; see the module doc for every decision. */
export const fromSse = (
  bytes: Stream.Stream<Uint8Array, ProviderError>,
  ctx: CallContext
): Stream.Stream<ChatEvent, ProviderError> =>
  Stream.suspend(() => {
    const reader = new Reader(ctx)
    return decodeSse(bytes).pipe(
      Stream.mapError((error) =>
        error instanceof SseTooLarge
          ? invalidOutput(ctx, `one stream event exceeded ${error.maxEventSize} bytes`, 200)
          : error
      ),
      // Stop reading at `[DONE]` (judged on the event itself, so it holds however events are chunked).
      Stream.takeUntil((event) => event.data.trim() === "[DONE]"),
      Stream.mapConcatEffect((event) => fromEither(reader.read(event.data))),
      Stream.concat(Stream.suspend(() => Stream.fromIterableEffect(fromEither(reader.end()))))
    )
  })

/** The events of a complete `chat.completion` JSON body (or its `{error}`). */
export const fromCompletion = (
  body: string,
  ctx: CallContext
): Effect.Effect<ReadonlyArray<ChatEvent>, ProviderError> => {
  const asChunk = decodeChunk(body)
  if (Either.isRight(asChunk) && asChunk.right.error != null) return Effect.fail(streamError(asChunk.right.error, ctx))
  const decoded = decodeCompletion(body)
  if (Either.isLeft(decoded))
    return Effect.fail(invalidOutput(ctx, `the answer is not a chat completion: ${scrub(preview(body), ctx)}`, 200))
  const completion = decoded.right
  const choice = completion.choices.find((c) => (c.index ?? 0) === 0)
  const message = choice?.message
  const reasoning = message?.reasoning_content ?? message?.reasoning
  const text = message?.content ?? message?.refusal
  return Effect.succeed([
    ...(reasoning ? [new ReasoningDelta({ text: reasoning })] : []),
    ...(text ? [new TextDelta({ text })] : []),
    ...(hasCounts(completion.usage) ? [toUsage(completion.usage)] : []),
    ...(choice?.finish_reason ? [toFinish(choice.finish_reason)] : [])
  ])
}

const isJson = (response: HttpClientResponse.HttpClientResponse) =>
  (response.headers["content-type"] ?? "").toLowerCase().includes("json")

/** A 2xx Chat Completions answer as neutral events: SSE normally, one JSON body when the server did not stream. */
export const chatEvents = (
  response: HttpClientResponse.HttpClientResponse,
  ctx: CallContext
): Stream.Stream<ChatEvent, ProviderError> =>
  isJson(response)
    ? Stream.fromIterableEffect(
        response.text.pipe(
          Effect.mapError(
            () =>
              new ProviderError({
                reason: "Network",
                url: ctx.url,
                status: response.status,
                detail: "the connection was cut while reading the answer"
              })
          ),
          Effect.flatMap((body) => fromCompletion(body, ctx))
        )
      )
    : fromSse(bodyStream(response, ctx), ctx)
