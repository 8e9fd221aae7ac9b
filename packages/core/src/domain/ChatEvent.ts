/**
 * The provider-neutral events of one streamed answer. Adapters map their wire formats to these; frontends and the
 * gateway's entry points render only these. Modelled on the stream parts of the Vercel AI SDK's `LanguageModelV2`.
 */
import { Schema } from "effect"

export class TextDelta extends Schema.TaggedClass<TextDelta>()("TextDelta", { text: Schema.String }) {}

export class ReasoningDelta extends Schema.TaggedClass<ReasoningDelta>()("ReasoningDelta", { text: Schema.String }) {}

/**
 * What closes a block of thinking so it can be sent back: Anthropic's `signature` (or, for a redacted block, its
 * encrypted `redacted` data), Gemini's thought signature.
 */
export class ReasoningSignature extends Schema.TaggedClass<ReasoningSignature>()("ReasoningSignature", {
  signature: Schema.optional(Schema.String),
  redacted: Schema.optional(Schema.String)
}) {}

/**
 * A tool call begins. `index` counts the answer's tool calls from 0 (OpenAI's `tool_calls[].index`); the argument
 * deltas and the end that follow name it. `signature` is Gemini's thought signature on the call.
 */
export class ToolCallStart extends Schema.TaggedClass<ToolCallStart>()("ToolCallStart", {
  index: Schema.Int,
  id: Schema.String,
  name: Schema.String,
  signature: Schema.optional(Schema.String)
}) {}

/** A piece of a tool call's arguments, JSON text; the pieces of one call joined are its arguments. */
export class ToolCallDelta extends Schema.TaggedClass<ToolCallDelta>()("ToolCallDelta", {
  index: Schema.Int,
  arguments: Schema.String
}) {}

/** A tool call's arguments are complete. */
export class ToolCallEnd extends Schema.TaggedClass<ToolCallEnd>()("ToolCallEnd", { index: Schema.Int }) {}

/**
 * Token counts. `inputTokens` is all of the input, cached or not (Anthropic's `input_tokens` plus its cache reads and
 * writes); `cachedInputTokens` the part read from a cache, `cacheWriteTokens` the part written to one;
 * `reasoningTokens` the part of `outputTokens` spent thinking. The optional counts are there when the provider said.
 */
export class Usage extends Schema.TaggedClass<Usage>()("Usage", {
  inputTokens: Schema.Int,
  outputTokens: Schema.Int,
  cachedInputTokens: Schema.optional(Schema.Int),
  cacheWriteTokens: Schema.optional(Schema.Int),
  reasoningTokens: Schema.optional(Schema.Int)
}) {}

/**
 * Why generation stopped: `stop` (done), `length` (token limit), `content_filter` (blocked by the provider's safety
 * or recitation filter), `tool_calls` (the model called tools and waits for their results), or `other` with the
 * provider's own word in `raw`.
 */
export const FinishReason = Schema.Literal("stop", "length", "content_filter", "tool_calls", "other")
export type FinishReason = typeof FinishReason.Type

export class Finish extends Schema.TaggedClass<Finish>()("Finish", {
  reason: FinishReason,
  /** The provider's own reason (`SAFETY`, `RECITATION`, `end_turn`, …), for display. */
  raw: Schema.optional(Schema.String)
}) {}

/** The upstream's own id for the answer and the model that wrote it, when it says. */
export class ResponseMetadata extends Schema.TaggedClass<ResponseMetadata>()("ResponseMetadata", {
  id: Schema.optional(Schema.String),
  model: Schema.optional(Schema.String)
}) {}

/** The events a consumer is shown as they come: every one but `Finish`, which `Chat` folds into its `Completed`. */
export const shownEvents = [
  TextDelta,
  ReasoningDelta,
  ReasoningSignature,
  ToolCallStart,
  ToolCallDelta,
  ToolCallEnd,
  Usage,
  ResponseMetadata
] as const

export const ChatEvent = Schema.Union(...shownEvents, Finish)
export type ChatEvent = typeof ChatEvent.Type
