/**
 * Anthropic's streamed answer → neutral `ChatEvent`s. Text, thinking and signatures pass through as they come; a
 * `tool_use` block becomes a tool call (start, argument pieces, end), or, for the JSON tool (`AnthropicJsonTool`), the
 * answer's text. Usage and the stop reason arrive in pieces (`message_start`, then `message_delta`) and leave as one
 * `Usage` and one `Finish` when the message stops. A mid-stream `event: error` ends the stream with a
 * `ProviderError`. Text and thinking deltas, nearly every event of an answer, are checked by hand (`FastJson`);
 * others get the Schema decode.
 */
import {
  type ChatEvent,
  ReasoningDelta,
  ReasoningSignature,
  ResponseMetadata,
  TextDelta,
  ToolCallDelta,
  ToolCallEnd,
  ToolCallStart
} from "@switchboard/core/domain/ChatEvent"
import type { ProviderError } from "@switchboard/core/domain/Errors"
import { Either, ParseResult, Schema } from "effect"
import { type AnswerFormat, SseAnswerReader } from "../internal/Answer"
import { fastJson, isObject } from "../internal/FastJson"
import { type CallContext, invalidOutput } from "../internal/Http"
import type { SseEvent } from "../internal/Sse"
import { type Counts, finish, inputJson, noteUsage, streamError, usageOf } from "./AnthropicEvents"
import { jsonToolOf } from "./AnthropicJsonTool"
import { fromJson } from "./AnthropicMessage"
import { type StreamEvent, StreamEventJson } from "./AnthropicWire"
import { unchecked } from "../internal/Unchecked"

/** A `content_block_delta` of text or thinking, exactly as `StreamEvent` would accept it. */
export const isContentDelta = (value: unknown): value is StreamEvent =>
  isObject(value) &&
  value.type === "content_block_delta" &&
  Number.isSafeInteger(value.index) &&
  isObject(value.delta) &&
  ((value.delta.type === "text_delta" && typeof value.delta.text === "string") ||
    (value.delta.type === "thinking_delta" && typeof value.delta.thinking === "string"))

export const decodeEvent = fastJson(isContentDelta, Schema.decodeEither(StreamEventJson))

/** An open `tool_use` block: the tool call it is (or the JSON answer), and whether its input came in pieces yet. */
interface ToolBlock {
  readonly call: number | "json"
  readonly input: unknown
  streamed: boolean
}

/** One streamed message: usage and the stop reason gather until the message stops; reading stops at `message_stop`. */
class EventReader extends SseAnswerReader {
  private readonly counts: Counts = {}
  private stopReason: string | undefined
  /** Open `tool_use` blocks by content-block index. */
  private readonly toolBlocks = new Map<number, ToolBlock>()
  /** Tool calls so far: the next call's neutral index. */
  private toolCalls = 0
  private answeredJson = false

  constructor(
    ctx: CallContext,
    status: number,
    private readonly jsonTool: string | undefined
  ) {
    super(ctx, status)
  }

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
    for (const index of this.toolBlocks.keys()) this.closeBlock(index, out)
    const usage = usageOf(this.counts)
    if (usage !== undefined) out.push(usage)
    if (this.stopReason !== undefined) out.push(finish(this.stopReason, this.answeredJson && this.toolCalls === 0))
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

  /** A piece of a tool block's input: the call's arguments, or the JSON answer's text. */
  private input(block: ToolBlock, json: string, out: Array<ChatEvent>) {
    out.push(
      block.call === "json"
        ? new TextDelta({ text: json }, unchecked)
        : new ToolCallDelta({ index: block.call, arguments: json }, unchecked)
    )
  }

  /**
   * A block whose input came in no piece (a call without arguments, or a proxy that puts the whole input in the
   * block's start) gets its start's input, so a call's arguments are always JSON; then the call ends.
   */
  private closeBlock(index: number, out: Array<ChatEvent>) {
    const block = this.toolBlocks.get(index)
    if (block === undefined) return
    this.toolBlocks.delete(index)
    if (!block.streamed) this.input(block, inputJson(block.input), out)
    if (block.call !== "json") out.push(new ToolCallEnd({ index: block.call }, unchecked))
  }

  private step(event: StreamEvent, out: Array<ChatEvent>): ProviderError | undefined {
    switch (event.type) {
      case "message_start": {
        const { id, model, usage } = event.message
        if (id != null || model != null)
          out.push(
            new ResponseMetadata({ ...(id == null ? {} : { id }), ...(model == null ? {} : { model }) }, unchecked)
          )
        noteUsage(this.counts, usage)
        return undefined
      }
      case "content_block_start": {
        const block = event.content_block
        if (block.type === "redacted_thinking") out.push(new ReasoningSignature({ redacted: block.data }, unchecked))
        if (block.type !== "tool_use") return undefined
        if (block.name === this.jsonTool) {
          this.answeredJson = true
          this.toolBlocks.set(event.index, { call: "json", input: block.input, streamed: false })
          return undefined
        }
        const call = this.toolCalls++
        out.push(new ToolCallStart({ index: call, id: block.id, name: block.name }, unchecked))
        this.toolBlocks.set(event.index, { call, input: block.input, streamed: false })
        return undefined
      }
      case "content_block_delta": {
        const delta = event.delta
        if (delta.type === "text_delta" && delta.text !== "") out.push(new TextDelta({ text: delta.text }, unchecked))
        if (delta.type === "thinking_delta" && delta.thinking !== "")
          out.push(new ReasoningDelta({ text: delta.thinking }, unchecked))
        if (delta.type === "signature_delta" && delta.signature !== "")
          out.push(new ReasoningSignature({ signature: delta.signature }, unchecked))
        if (delta.type === "input_json_delta" && delta.partial_json !== "") {
          // A server tool's block (`server_tool_use`) is not a tool call: its pieces have no open block and are skipped.
          const block = this.toolBlocks.get(event.index)
          if (block === undefined) return undefined
          block.streamed = true
          this.input(block, delta.partial_json, out)
        }
        return undefined
      }
      case "content_block_stop":
        this.closeBlock(event.index, out)
        return undefined
      case "message_delta":
        // Cumulative counts: the later `input_tokens` (some servers correct it here) wins over message_start's.
        noteUsage(this.counts, event.usage)
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

/** A 2xx Messages answer: SSE normally, one JSON `message` when a server or proxy did not stream. */
export const messagesAnswer: AnswerFormat = {
  stream: (ctx, status) => new EventReader(ctx, status, jsonToolOf(ctx)),
  json: fromJson
}
