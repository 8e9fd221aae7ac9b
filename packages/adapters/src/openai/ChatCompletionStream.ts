/**
 * A Chat Completions answer → neutral `ChatEvent`s, for OpenAI and everything that speaks its wire format (Azure
 * reuses it unchanged). Decisions, each for a reason:
 * - Only choice index 0 is read: Switchboard asks for one answer (`n` is never sent), and a neutral stream has one.
 * - `reasoning_content` (DeepSeek, vLLM) and `reasoning` (OpenRouter, Ollama) deltas are `ReasoningDelta`s.
 * - `refusal` deltas are `TextDelta`s: the refusal is the model's answer and the user must see it; the finish reason
 *   stays what the server said (`stop`), since no provider filter blocked anything.
 * - Tool-call fragments become `ToolCallStart`/`Delta`/`End` (`ToolCallReader`); every open call ends when choice 0
 *   finishes, or at the end of the answer. The deprecated `function_call` deltas are not read: Switchboard sends
 *   `tools`, never `functions`.
 * - The first chunk that names the answer's `id` or `model` gives one `ResponseMetadata` (Azure's first chunk names
 *   neither: it carries only the prompt filter's results).
 * - Usage may come on the finish chunk, on a later `choices: []` chunk, or repeated on every chunk: the last one seen
 *   is emitted once, at the end, followed by the `Finish`, so `Finish` is always the last event.
 * - `data: [DONE]` ends the answer; anything after it is ignored.
 * - `{"error": …}` inside a 200 stream ends the stream with a `ProviderError` (after any output already emitted).
 * - A body that ends with neither a finish reason nor `[DONE]` was cut: a `Network` error, like a reset socket.
 * - A `application/json` answer (a server that ignored `stream: true`) is read as one `chat.completion`.
 * - Chunks are checked by hand for the usual shape (`ChunkDecoding`); only an unusual one pays for the Schema decode.
 */
import {
  type ChatEvent,
  Finish,
  type FinishReason,
  ReasoningDelta,
  ResponseMetadata,
  TextDelta,
  Usage
} from "@switchboard/core/domain/ChatEvent"
import { ProviderError } from "@switchboard/core/domain/Errors"
import { Either } from "effect"
import { type AnswerFormat, SseAnswerReader } from "../internal/Answer"
import { type CallContext, invalidOutput, scrub } from "../internal/Http"
import type { SseEvent } from "../internal/Sse"
import { ToolCallReader } from "./ChatCompletionToolCalls"
import { decodeChunk, decodeCompletion } from "./ChunkDecoding"
import { streamError } from "./OpenAiError"
import type { WireUsage } from "./OpenAiWire"
import { unchecked } from "../internal/Unchecked"

/** Events are built from checked wire data: validating each again was a visible share of a streamed answer. */

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
  return new Finish({ reason: reason ?? "other", raw }, unchecked)
}

/** Token counts; the cache and reasoning shares only when the server gave them. */
const toUsage = (usage: WireUsage): Usage => {
  const cached = usage.prompt_tokens_details?.cached_tokens
  const reasoning = usage.completion_tokens_details?.reasoning_tokens
  return new Usage(
    {
      inputTokens: Math.trunc(usage.prompt_tokens ?? 0),
      outputTokens: Math.trunc(usage.completion_tokens ?? 0),
      ...(typeof cached === "number" ? { cachedInputTokens: Math.trunc(cached) } : {}),
      ...(typeof reasoning === "number" ? { reasoningTokens: Math.trunc(reasoning) } : {})
    },
    unchecked
  )
}

const hasCounts = (usage: WireUsage | null | undefined): usage is WireUsage =>
  usage != null && (typeof usage.prompt_tokens === "number" || typeof usage.completion_tokens === "number")

/** The answer's id and model, when the server named either (an empty string names nothing). */
const metadata = (wire: { readonly id?: string | null | undefined; readonly model?: string | null | undefined }) =>
  wire.id || wire.model
    ? new ResponseMetadata(
        { ...(wire.id ? { id: wire.id } : {}), ...(wire.model ? { model: wire.model } : {}) },
        unchecked
      )
    : undefined

const preview = (data: string) => (data.length > 200 ? `${data.slice(0, 200)}…` : data)

/**
 * One streamed answer: what has to wait for the end, and whether the end is legitimate. Reading stops at `[DONE]`,
 * judged on the event itself, so it holds however the events were split into reads.
 */
class ChunkReader extends SseAnswerReader {
  private finish: Finish | undefined
  private usage: Usage | undefined
  private named = false
  private readonly toolCalls = new ToolCallReader()

  end(out: Array<ChatEvent>): ProviderError | undefined {
    if (!this.done && this.finish === undefined)
      return new ProviderError({
        reason: "Network",
        url: this.ctx.url,
        status: this.status,
        detail:
          "the stream ended before the answer was complete (no finish reason and no [DONE]); the connection was probably cut"
      })
    this.toolCalls.endAll(out)
    if (this.usage !== undefined) out.push(this.usage)
    if (this.finish !== undefined) out.push(this.finish)
    return undefined
  }

  /** The events of one `data:` payload, or the error it carries. */
  protected read({ data }: SseEvent, out: Array<ChatEvent>): ProviderError | undefined {
    const trimmed = data.trim()
    if (trimmed === "[DONE]") {
      this.done = true
      return undefined
    }
    if (trimmed === "") return undefined
    const decoded = decodeChunk(trimmed)
    if (Either.isLeft(decoded))
      return invalidOutput(
        this.ctx,
        `the stream held an event that is not a chat chunk: ${preview(trimmed)}`,
        this.status
      )
    const chunk = decoded.right
    if (chunk.error != null) return streamError(chunk.error, this.ctx)
    if (!this.named) {
      const named = metadata(chunk)
      if (named !== undefined) {
        out.push(named)
        this.named = true
      }
    }
    if (hasCounts(chunk.usage)) this.usage = toUsage(chunk.usage)
    for (const choice of chunk.choices ?? []) {
      if ((choice.index ?? 0) !== 0) continue
      const delta = choice.delta
      const reasoning = delta?.reasoning_content ?? delta?.reasoning
      if (reasoning) out.push(new ReasoningDelta({ text: reasoning }, unchecked))
      if (delta?.content) out.push(new TextDelta({ text: delta.content }, unchecked))
      if (delta?.refusal) out.push(new TextDelta({ text: delta.refusal }, unchecked))
      if (delta?.tool_calls) this.toolCalls.read(delta.tool_calls, out)
      if (choice.finish_reason) {
        this.finish = toFinish(choice.finish_reason)
        this.toolCalls.endAll(out)
      }
    }
    return undefined
  }
}

/** A complete `chat.completion` JSON body (or its `{error}`) into `out`. */
const fromCompletion = (
  ctx: CallContext,
  status: number,
  body: string,
  out: Array<ChatEvent>
): ProviderError | undefined => {
  const asChunk = decodeChunk(body)
  if (Either.isRight(asChunk) && asChunk.right.error != null) return streamError(asChunk.right.error, ctx)
  const decoded = decodeCompletion(body)
  if (Either.isLeft(decoded))
    return invalidOutput(ctx, `the answer is not a chat completion: ${scrub(preview(body), ctx)}`, status)
  const completion = decoded.right
  const choice = completion.choices.find((c) => (c.index ?? 0) === 0)
  const message = choice?.message
  const reasoning = message?.reasoning_content ?? message?.reasoning
  const text = message?.content ?? message?.refusal
  const named = metadata(completion)
  if (named !== undefined) out.push(named)
  if (reasoning) out.push(new ReasoningDelta({ text: reasoning }, unchecked))
  if (text) out.push(new TextDelta({ text }, unchecked))
  if (message?.tool_calls) {
    const calls = new ToolCallReader()
    calls.read(message.tool_calls, out)
    calls.endAll(out)
  }
  if (hasCounts(completion.usage)) out.push(toUsage(completion.usage))
  if (choice?.finish_reason) out.push(toFinish(choice.finish_reason))
  return undefined
}

/** A 2xx Chat Completions answer: SSE normally, one JSON body when the server did not stream. */
export const chatCompletionAnswer: AnswerFormat = {
  stream: (ctx, status) => new ChunkReader(ctx, status),
  json: fromCompletion
}
