/**
 * What a frontend asks for: messages for one model. Adapters turn it into their wire request.
 */
import { Schema } from "effect"

export const Role = Schema.Literal("system", "user", "assistant")
export type Role = typeof Role.Type

export class ChatMessage extends Schema.Class<ChatMessage>("ChatMessage")({
  role: Role,
  content: Schema.String
}) {}

export class ChatRequest extends Schema.Class<ChatRequest>("ChatRequest")({
  model: Schema.String,
  messages: Schema.NonEmptyArray(ChatMessage),
  /** Upper bound on output tokens; Anthropic requires one, so its adapter falls back to a default. */
  maxTokens: Schema.optional(Schema.Int.pipe(Schema.positive())),
  temperature: Schema.optional(Schema.Number.pipe(Schema.between(0, 2)))
}) {}
