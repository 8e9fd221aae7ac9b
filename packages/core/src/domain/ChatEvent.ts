/**
 * The provider-neutral events of one streamed answer. Adapters map their wire formats to these; frontends render only
 * these.
 */
import { Schema } from "effect"

export class TextDelta extends Schema.TaggedClass<TextDelta>()("TextDelta", { text: Schema.String }) {}

export class ReasoningDelta extends Schema.TaggedClass<ReasoningDelta>()("ReasoningDelta", { text: Schema.String }) {}

export class Usage extends Schema.TaggedClass<Usage>()("Usage", {
  inputTokens: Schema.Int,
  outputTokens: Schema.Int
}) {}

/**
 * Why generation stopped: `stop` (done), `length` (token limit), `content_filter` (blocked by the provider's safety
 * or recitation filter), `tool_calls`, or `other` with the provider's own word in `raw`.
 */
export const FinishReason = Schema.Literal("stop", "length", "content_filter", "tool_calls", "other")
export type FinishReason = typeof FinishReason.Type

export class Finish extends Schema.TaggedClass<Finish>()("Finish", {
  reason: FinishReason,
  /** The provider's own reason (`SAFETY`, `RECITATION`, `end_turn`, …), for display. */
  raw: Schema.optional(Schema.String)
}) {}

export const ChatEvent = Schema.Union(TextDelta, ReasoningDelta, Usage, Finish)
export type ChatEvent = typeof ChatEvent.Type
