/**
 * OpenAI's Responses API wire format, as far as Switchboard reads it (`ResponseStreamEvent` and `Response` in the
 * vendored `openai-openapi.json`): the `response` object (whole, or inside the lifecycle events), its output items
 * (messages, function calls, reasoning), the stream events that carry text, reasoning and call arguments, and the
 * error event. Only the fields read are declared, nearly all optional: compatible servers omit or add fields freely.
 * Item and event types Switchboard does not read (built-in tools, audio, annotations) decode as `ignored`.
 */
import { Schema } from "effect"
import { Ignored } from "../internal/Ignored"
import { WireError } from "../openai/OpenAiWire"

const OptionalString = Schema.optional(Schema.NullOr(Schema.String))
const Count = Schema.optional(Schema.NullOr(Schema.Number))

/** `ResponseUsage`: the input count includes its cached part, the output count its reasoning part. */
export const WireUsage = Schema.Struct({
  input_tokens: Count,
  output_tokens: Count,
  input_tokens_details: Schema.optional(Schema.NullOr(Schema.Struct({ cached_tokens: Count }))),
  output_tokens_details: Schema.optional(Schema.NullOr(Schema.Struct({ reasoning_tokens: Count })))
})
export type WireUsage = typeof WireUsage.Type

const OutputText = Schema.Struct({ type: Schema.Literal("output_text"), text: Schema.String })
const Refusal = Schema.Struct({ type: Schema.Literal("refusal"), refusal: Schema.String })

/** An assistant message: its text parts and refusals. */
export const MessageItem = Schema.Struct({
  type: Schema.Literal("message"),
  content: Schema.optional(
    Schema.NullOr(Schema.Array(Schema.Union(OutputText, Refusal, Ignored("output_text", "refusal"))))
  )
})
export type MessageItem = typeof MessageItem.Type

/** A call of one of the request's function tools; `call_id` is what its result names. */
export const FunctionCallItem = Schema.Struct({
  type: Schema.Literal("function_call"),
  call_id: Schema.String,
  name: Schema.String,
  arguments: OptionalString
})
export type FunctionCallItem = typeof FunctionCallItem.Type

const Text = Schema.Struct({ text: Schema.String })

/**
 * The model's thinking: a summary (when asked for), the raw text (open models on compatible servers), and, when the
 * request included `reasoning.encrypted_content`, the encrypted reasoning to send back with the next turn.
 */
export const ReasoningItem = Schema.Struct({
  type: Schema.Literal("reasoning"),
  summary: Schema.optional(Schema.NullOr(Schema.Array(Text))),
  content: Schema.optional(Schema.NullOr(Schema.Array(Text))),
  encrypted_content: OptionalString
})
export type ReasoningItem = typeof ReasoningItem.Type

export const OutputItem = Schema.Union(
  MessageItem,
  FunctionCallItem,
  ReasoningItem,
  Ignored("message", "function_call", "reasoning")
)
export type OutputItem = typeof OutputItem.Type

/** The `response` object: a complete answer, or the state a lifecycle event reports. */
export const WireResponse = Schema.Struct({
  id: OptionalString,
  model: OptionalString,
  /** `completed`, `incomplete`, `failed`, `cancelled`, `queued`, `in_progress`. */
  status: OptionalString,
  output: Schema.optional(Schema.NullOr(Schema.Array(OutputItem))),
  usage: Schema.optional(Schema.NullOr(WireUsage)),
  /** Why a response stopped short: `max_output_tokens` or `content_filter`. */
  incomplete_details: Schema.optional(Schema.NullOr(Schema.Struct({ reason: OptionalString }))),
  /**
   * A failed response's error: a `code` such as `server_error` or `rate_limit_exceeded`, and its message. A proxy's
   * error envelope sent with a 200 reads as a response with only this (its `code` may be the HTTP status).
   */
  error: Schema.optional(Schema.NullOr(WireError))
})
export type WireResponse = typeof WireResponse.Type

/** The events that carry the response object: its start, and the three ways it ends. */
const ResponseEvent = Schema.Struct({
  type: Schema.Literal(
    "response.created",
    "response.in_progress",
    "response.queued",
    "response.completed",
    "response.incomplete",
    "response.failed"
  ),
  response: WireResponse
})

/** An output item begins (`added`, mostly empty) or is complete (`done`, whole). */
const ItemEvent = Schema.Struct({
  type: Schema.Literal("response.output_item.added", "response.output_item.done"),
  output_index: Schema.Number,
  item: OutputItem
})

/** The kinds of delta read; each names the output item it belongs to. */
export const deltaTypes = [
  "response.output_text.delta",
  "response.refusal.delta",
  "response.reasoning_summary_text.delta",
  "response.reasoning_text.delta",
  "response.function_call_arguments.delta"
] as const

/** A piece of an output item: text, refusal, reasoning (summary or raw) or a call's arguments. */
export const DeltaEvent = Schema.Struct({
  type: Schema.Literal(...deltaTypes),
  output_index: Schema.Number,
  /** Which summary part a reasoning summary delta belongs to. */
  summary_index: Schema.optional(Schema.Number),
  delta: Schema.String
})
export type DeltaEvent = typeof DeltaEvent.Type

/**
 * `error`: OpenAI puts `code`, `message` and `param` on the event itself; some compatible servers nest them in
 * `error`, as in an error body.
 */
const ErrorEvent = Schema.Struct({
  type: Schema.Literal("error"),
  code: Schema.optional(Schema.NullOr(Schema.Union(Schema.String, Schema.Number))),
  message: OptionalString,
  param: OptionalString,
  error: Schema.optional(Schema.NullOr(WireError))
})
export type ErrorEvent = typeof ErrorEvent.Type

export const StreamEvent = Schema.Union(
  ResponseEvent,
  ItemEvent,
  DeltaEvent,
  ErrorEvent,
  Ignored(...ResponseEvent.fields.type.literals, ...ItemEvent.fields.type.literals, ...deltaTypes, "error")
)
export type StreamEvent = typeof StreamEvent.Type

/** One stream event's `data:` JSON. */
export const StreamEventJson = Schema.parseJson(StreamEvent)

/** A complete (non-streamed) answer's body. */
export const WireResponseJson = Schema.parseJson(WireResponse)
