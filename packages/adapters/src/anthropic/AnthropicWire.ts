/**
 * Anthropic's Messages API wire format, as far as Switchboard reads or writes it: the request body, the `event:`-typed
 * stream events, the whole `message` body (a proxy that ignores `stream: true`), the error envelope and the model
 * list page. Known shapes are decoded strictly; event, block and delta types Anthropic may add later decode as
 * `{ type: "ignored" }` and are skipped, as Anthropic's versioning policy asks clients to do.
 */
import { Schema } from "effect"
import { Ignored } from "../internal/Ignored"

/** Where an image's or document's bytes are: inline (base64, or plain text for a text document) or at a URL. */
export type SourceParam =
  | { readonly type: "base64"; readonly media_type: string; readonly data: string }
  | { readonly type: "text"; readonly media_type: "text/plain"; readonly data: string }
  | { readonly type: "url"; readonly url: string }

/** The content blocks Switchboard sends, in user turns (text, image, document, tool_result) and assistant turns. */
export type ContentBlockParam =
  | { readonly type: "text"; readonly text: string }
  | { readonly type: "image"; readonly source: SourceParam }
  | { readonly type: "document"; readonly source: SourceParam; readonly title?: string }
  | { readonly type: "thinking"; readonly thinking: string; readonly signature: string }
  | { readonly type: "redacted_thinking"; readonly data: string }
  | {
      readonly type: "tool_use"
      readonly id: string
      readonly name: string
      readonly input: Readonly<Record<string, unknown>>
    }
  | { readonly type: "tool_result"; readonly tool_use_id: string; readonly content?: string; readonly is_error?: true }

/** One turn; a turn of one text block goes as a plain string, the short form Anthropic documents. */
export interface MessageParam {
  readonly role: "user" | "assistant"
  readonly content: string | ReadonlyArray<ContentBlockParam>
}

export interface ToolParam {
  readonly name: string
  readonly description?: string
  readonly input_schema: Readonly<Record<string, unknown>>
}

export type ToolChoiceParam =
  | { readonly type: "auto" | "any"; readonly disable_parallel_tool_use?: true }
  | { readonly type: "tool"; readonly name: string; readonly disable_parallel_tool_use?: true }
  | { readonly type: "none" }

/** The request body of `POST /v1/messages`, before the request's `providerOptions` are merged into it. */
export interface MessagesRequest {
  readonly model: string
  readonly max_tokens: number
  readonly messages: ReadonlyArray<MessageParam>
  readonly system?: string
  readonly temperature?: number
  readonly top_p?: number
  readonly top_k?: number
  readonly stop_sequences?: ReadonlyArray<string>
  readonly thinking?: { readonly type: "enabled"; readonly budget_tokens: number }
  readonly tools?: ReadonlyArray<ToolParam>
  readonly tool_choice?: ToolChoiceParam
  readonly stream: boolean
}

const Count = Schema.optional(Schema.NullOr(Schema.Int.pipe(Schema.nonNegative())))

/**
 * Token counts, in `message_start.message`, `message_delta` (cumulative; some servers correct `input_tokens` there)
 * and a whole `message`. `input_tokens` counts only the input after the last cache breakpoint: the cache reads and
 * writes are apart.
 */
export const WireUsage = Schema.Struct({
  input_tokens: Count,
  output_tokens: Count,
  cache_read_input_tokens: Count,
  cache_creation_input_tokens: Count
})
export type WireUsage = typeof WireUsage.Type

export const TextDelta = Schema.Struct({ type: Schema.Literal("text_delta"), text: Schema.String })
export const ThinkingDelta = Schema.Struct({ type: Schema.Literal("thinking_delta"), thinking: Schema.String })
/** What closes a thinking block so it can be sent back. */
export const SignatureDelta = Schema.Struct({ type: Schema.Literal("signature_delta"), signature: Schema.String })
/** A piece of a tool call's `input`, JSON text. */
export const InputJsonDelta = Schema.Struct({ type: Schema.Literal("input_json_delta"), partial_json: Schema.String })
/** `citations_delta`, …: nothing a neutral event carries. */
export const OtherDelta = Ignored("text_delta", "thinking_delta", "signature_delta", "input_json_delta")

/** The error object of `event: error` and of non-2xx bodies (`overloaded_error`, `rate_limit_error`, …). */
export const ErrorObject = Schema.Struct({ type: Schema.String, message: Schema.String })

/** A tool call; `input` is `{}` in a stream (the deltas carry it), whole in a `message`. */
const ToolUseBlock = Schema.Struct({
  type: Schema.Literal("tool_use"),
  id: Schema.String,
  name: Schema.String,
  input: Schema.optional(Schema.Unknown)
})
/** Thinking the safety system encrypted: no text, only the data to send back. */
const RedactedThinkingBlock = Schema.Struct({ type: Schema.Literal("redacted_thinking"), data: Schema.String })

export const MessageStart = Schema.Struct({
  type: Schema.Literal("message_start"),
  message: Schema.Struct({
    id: Schema.optional(Schema.NullOr(Schema.String)),
    model: Schema.optional(Schema.NullOr(Schema.String)),
    usage: Schema.optional(WireUsage)
  })
})
/** Text and thinking blocks start empty (their deltas carry them), so only these two starts are read. */
export const ContentBlockStart = Schema.Struct({
  type: Schema.Literal("content_block_start"),
  index: Schema.Int,
  content_block: Schema.Union(ToolUseBlock, RedactedThinkingBlock, Ignored("tool_use", "redacted_thinking"))
})
export const ContentBlockDelta = Schema.Struct({
  type: Schema.Literal("content_block_delta"),
  index: Schema.Int,
  delta: Schema.Union(TextDelta, ThinkingDelta, SignatureDelta, InputJsonDelta, OtherDelta)
})
export const ContentBlockStop = Schema.Struct({ type: Schema.Literal("content_block_stop"), index: Schema.Int })
export const MessageDelta = Schema.Struct({
  type: Schema.Literal("message_delta"),
  delta: Schema.Struct({ stop_reason: Schema.optional(Schema.NullOr(Schema.String)) }),
  usage: Schema.optional(WireUsage)
})
export const MessageStop = Schema.Struct({ type: Schema.Literal("message_stop") })
export const StreamError = Schema.Struct({ type: Schema.Literal("error"), error: ErrorObject })
/** `ping` and any event type added later. */
export const OtherEvent = Ignored(
  "message_start",
  "content_block_start",
  "content_block_delta",
  "content_block_stop",
  "message_delta",
  "message_stop",
  "error"
)

export const StreamEvent = Schema.Union(
  MessageStart,
  ContentBlockStart,
  ContentBlockDelta,
  ContentBlockStop,
  MessageDelta,
  MessageStop,
  StreamError,
  OtherEvent
)
export type StreamEvent = typeof StreamEvent.Type

/** One stream event's `data:` JSON. */
export const StreamEventJson = Schema.parseJson(StreamEvent)

const TextBlock = Schema.Struct({ type: Schema.Literal("text"), text: Schema.String })
const ThinkingBlock = Schema.Struct({
  type: Schema.Literal("thinking"),
  thinking: Schema.String,
  signature: Schema.optional(Schema.NullOr(Schema.String))
})
const OtherBlock = Ignored("text", "thinking", "redacted_thinking", "tool_use")

/** A whole (non-streamed) `message`, as a proxy that ignored `stream: true` answers. */
export const Message = Schema.Struct({
  type: Schema.Literal("message"),
  id: Schema.optional(Schema.NullOr(Schema.String)),
  model: Schema.optional(Schema.NullOr(Schema.String)),
  content: Schema.Array(Schema.Union(TextBlock, ThinkingBlock, RedactedThinkingBlock, ToolUseBlock, OtherBlock)),
  stop_reason: Schema.optional(Schema.NullOr(Schema.String)),
  usage: Schema.optional(WireUsage)
})
export type Message = typeof Message.Type

export const MessageJson = Schema.parseJson(Message)

/** The body of a non-2xx answer: `{"type":"error","error":{"type":"not_found_error","message":"…"}}`. */
export const ErrorBody = Schema.Struct({ error: ErrorObject })

/** One page of `GET /v1/models`. */
export const ModelsPage = Schema.Struct({
  data: Schema.Array(
    Schema.Struct({
      id: Schema.String,
      display_name: Schema.optional(Schema.NullOr(Schema.String))
    })
  ),
  has_more: Schema.optional(Schema.Boolean),
  last_id: Schema.optional(Schema.NullOr(Schema.String))
})
export type ModelsPage = typeof ModelsPage.Type
