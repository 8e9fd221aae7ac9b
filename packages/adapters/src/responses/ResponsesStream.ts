/**
 * A streamed Responses answer → neutral `ChatEvent`s. Decisions, each for a reason:
 * - Text, refusal and reasoning deltas (summary or raw) pass through as they come; summary parts of one answer are
 *   separated by a blank line, as the whole response's reading joins them.
 * - A function call starts at its `response.output_item.added`, takes its argument deltas, and ends at its
 *   `output_item.done`; the neutral `index` counts calls from 0 in the order they start. A call whose arguments came
 *   in no delta gets them from its done item, so a call's arguments are always there.
 * - An output item whose content came in no delta (a server that streams only whole items) is read whole at its
 *   done event; a stream of no items at all, from the final `response`. A reasoning item's encrypted content (asked
 *   for with `include`) becomes a `ReasoningSignature` so the next turn can send it back.
 * - `response.completed` and `response.incomplete` end the answer with its `Usage` and `Finish`; `response.failed`
 *   and an `error` event end it with a `ProviderError` (after the output already emitted).
 * - A body that ends before the response did was cut: a `Network` error, like a reset socket.
 * - Deltas, nearly every event of an answer, are checked by hand (`FastJson`); others get the Schema decode.
 */
import {
  type ChatEvent,
  ReasoningDelta,
  TextDelta,
  ToolCallDelta,
  ToolCallEnd,
  ToolCallStart
} from "@switchboard/core/domain/ChatEvent"
import { ProviderError } from "@switchboard/core/domain/Errors"
import { Either, ParseResult, Schema } from "effect"
import { type AnswerFormat, SseAnswerReader } from "../internal/Answer"
import { fastJson, isObject } from "../internal/FastJson"
import { invalidOutput } from "../internal/Http"
import type { SseEvent } from "../internal/Sse"
import { unchecked } from "../internal/Unchecked"
import { streamError } from "../openai/OpenAiError"
import { callEvents, failureOf, finishOf, itemEvents, metadataOf, usageOf } from "./ResponsesEvents"
import { fromJson } from "./ResponsesObject"
import { type DeltaEvent, deltaTypes, type StreamEvent, StreamEventJson, type WireResponse } from "./ResponsesWire"

const deltas: ReadonlySet<unknown> = new Set(deltaTypes)

/** A delta event, exactly as `StreamEvent` would accept it. */
export const isDelta = (value: unknown): value is DeltaEvent =>
  isObject(value) &&
  deltas.has(value.type) &&
  typeof value.output_index === "number" &&
  (value.summary_index === undefined || typeof value.summary_index === "number") &&
  typeof value.delta === "string"

export const decodeEvent = fastJson(isDelta, Schema.decodeEither(StreamEventJson))

/** An output item seen in the stream: the tool call it is, and whether its content came in deltas. */
interface Item {
  call: number | undefined
  /** The call has ended. */
  ended: boolean
  streamed: boolean
}

/** One streamed response: reading stops at the event that ends it. */
class EventReader extends SseAnswerReader {
  /** Output items by `output_index`. */
  private readonly items = new Map<number, Item>()
  private calls = 0
  private named = false
  /** The reasoning summary part deltas last came for, to separate the next one. */
  private summaryPart: string | undefined

  end(): ProviderError | undefined {
    if (this.done) return undefined
    return new ProviderError({
      reason: "Network",
      url: this.ctx.url,
      status: this.status,
      detail:
        "the stream ended before the response was complete (no response.completed); the connection was probably cut"
    })
  }

  protected read(sse: SseEvent, out: Array<ChatEvent>): ProviderError | undefined {
    const data = sse.data.trim()
    // No Responses event is `[DONE]`, but a compatible server may end with it as in Chat Completions.
    if (data === "" || data === "[DONE]") return undefined
    const decoded = decodeEvent(data)
    if (Either.isLeft(decoded))
      return invalidOutput(
        this.ctx,
        `unreadable "${sse.event}" event: ${ParseResult.TreeFormatter.formatErrorSync(decoded.left)}`,
        this.status
      )
    return this.step(decoded.right, out)
  }

  private item(index: number): Item {
    let item = this.items.get(index)
    if (item === undefined) {
      item = { call: undefined, ended: false, streamed: false }
      this.items.set(index, item)
    }
    return item
  }

  private name(response: WireResponse, out: Array<ChatEvent>) {
    if (this.named) return
    const metadata = metadataOf(response)
    if (metadata === undefined) return
    out.push(metadata)
    this.named = true
  }

  private startCall(item: Item, callId: string, name: string, out: Array<ChatEvent>): number {
    const index = this.calls++
    item.call = index
    out.push(new ToolCallStart({ index, id: callId, name }, unchecked))
    return index
  }

  private endCall(item: Item, out: Array<ChatEvent>) {
    if (item.call === undefined || item.ended) return
    item.ended = true
    out.push(new ToolCallEnd({ index: item.call }, unchecked))
  }

  private delta(event: DeltaEvent, out: Array<ChatEvent>) {
    const item = this.item(event.output_index)
    if (event.type === "response.function_call_arguments.delta") {
      // Arguments for a call that never started cannot be placed: its done item brings them whole.
      if (item.call === undefined || event.delta === "") return
      item.streamed = true
      out.push(new ToolCallDelta({ index: item.call, arguments: event.delta }, unchecked))
      return
    }
    if (event.delta === "") return
    item.streamed = true
    if (event.type === "response.output_text.delta" || event.type === "response.refusal.delta") {
      out.push(new TextDelta({ text: event.delta }, unchecked))
      return
    }
    const part = `${event.output_index}:${event.summary_index ?? 0}`
    const text = this.summaryPart !== undefined && this.summaryPart !== part ? `\n\n${event.delta}` : event.delta
    this.summaryPart = part
    out.push(new ReasoningDelta({ text }, unchecked))
  }

  /** The answer's end: calls left open end, a response streamed without items is read whole, then usage, finish. */
  private finish(response: WireResponse, out: Array<ChatEvent>) {
    this.done = true
    this.name(response, out)
    for (const item of [...this.items.values()].sort((a, b) => (a.call ?? -1) - (b.call ?? -1))) this.endCall(item, out)
    // Only a stream that sent no item at all is read from the final response: positions in its `output` need not
    // match the stream's `output_index` (recorded streams skip indexes the final output does not).
    if (this.items.size === 0)
      for (const item of response.output ?? []) {
        if (item.type === "function_call") callEvents(item, this.calls++, out)
        else if (item.type !== "ignored") itemEvents(item, out, { text: true })
      }
    const usage = usageOf(response.usage)
    if (usage !== undefined) out.push(usage)
    out.push(finishOf(response, this.calls > 0))
  }

  private step(event: StreamEvent, out: Array<ChatEvent>): ProviderError | undefined {
    switch (event.type) {
      case "response.output_text.delta":
      case "response.refusal.delta":
      case "response.reasoning_summary_text.delta":
      case "response.reasoning_text.delta":
      case "response.function_call_arguments.delta":
        this.delta(event, out)
        return undefined
      case "response.created":
      case "response.in_progress":
      case "response.queued":
        this.name(event.response, out)
        return undefined
      case "response.output_item.added": {
        const item = this.item(event.output_index)
        if (event.item.type === "function_call" && item.call === undefined)
          this.startCall(item, event.item.call_id, event.item.name, out)
        return undefined
      }
      case "response.output_item.done": {
        const item = this.item(event.output_index)
        const done = event.item
        if (done.type === "function_call") {
          const index = item.call ?? this.startCall(item, done.call_id, done.name, out)
          if (!item.streamed) out.push(new ToolCallDelta({ index, arguments: done.arguments || "{}" }, unchecked))
          this.endCall(item, out)
        } else if (done.type !== "ignored") itemEvents(done, out, { text: !item.streamed })
        item.streamed = true
        return undefined
      }
      case "response.completed":
      case "response.incomplete":
        this.finish(event.response, out)
        return undefined
      case "response.failed":
        return failureOf(event.response, this.ctx)
      case "error":
        return streamError(event.error ?? { code: event.code, message: event.message, param: event.param }, this.ctx)
      case "ignored":
        return undefined
    }
  }
}

/** A 2xx Responses answer: SSE normally, one JSON `response` when a server did not stream (or was asked not to). */
export const responsesAnswer: AnswerFormat = {
  stream: (ctx, status) => new EventReader(ctx, status),
  json: fromJson
}
