/**
 * What `Chat.stream` yields: a `Started` first (which conversation, which URL), then the provider's neutral events
 * as they arrive (text, reasoning, tool calls, usage), then a `Completed` with the finish reason, usage and timing. A failure
 * ends the stream with its typed error instead of a `Completed`.
 */
import { Schema } from "effect"
import { FinishReason, shownEvents, Usage } from "./ChatEvent"
import { Cost } from "./ModelPricing"
import { Timing } from "./Timing"

export class Started extends Schema.TaggedClass<Started>()("Started", {
  /**
   * The conversation this turn is saved in (new or continued); the frontend reopens it with this id. Absent when
   * the turn is not saved (`persist: false`).
   */
  conversationId: Schema.optional(Schema.String),
  /** The exact URL the request goes to, for display. */
  url: Schema.String
}) {}

export class Completed extends Schema.TaggedClass<Completed>()("Completed", {
  finishReason: FinishReason,
  /** The provider's own finish reason (`SAFETY`, `end_turn`, …), for display. */
  raw: Schema.optional(Schema.String),
  /** The provider's token counts, when it reported them. */
  usage: Schema.optional(Usage),
  /** What the answer cost, where the model's prices and the usage are known (see `answerCost`). */
  cost: Schema.optional(Cost),
  timing: Timing
}) {}

export const ChatOutput = Schema.Union(Started, ...shownEvents, Completed)
export type ChatOutput = typeof ChatOutput.Type
