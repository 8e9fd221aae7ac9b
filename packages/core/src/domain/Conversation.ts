/**
 * A persisted chat: which provider and model it was started with, a title, the settings its turns use, and its
 * messages in order. Assistant messages carry what the answer's footer shows (usage, timing, finish reason) and, when
 * the answer did not complete, why: the error, or that the user cancelled it — the partial text is kept either way.
 */
import { Schema } from "effect"
import { FinishReason } from "./ChatEvent"
import { MessagePart, Role } from "./ChatRequest"
import { ProviderErrorReason } from "./Errors"
import { Cost } from "./ModelPricing"
import { Timing } from "./Timing"

export const ConversationId = Schema.String.pipe(Schema.brand("ConversationId"))
export type ConversationId = typeof ConversationId.Type

export class Conversation extends Schema.Class<Conversation>("Conversation")({
  id: ConversationId,
  title: Schema.String,
  providerId: Schema.String,
  modelId: Schema.String,
  /** Sent as the system message in front of every turn; not one of the messages. */
  systemPrompt: Schema.optional(Schema.String),
  /** Every turn's temperature and output bound, unless the turn gives its own. */
  temperature: Schema.optional(Schema.Number),
  maxTokens: Schema.optional(Schema.Int),
  createdAt: Schema.DateTimeUtc,
  /** When the last message was added: lists sort on it, newest first. */
  updatedAt: Schema.DateTimeUtc
}) {}

/** The settings a conversation keeps for its turns (see `ConversationInput` for their bounds). */
export type ConversationSettings = Pick<Conversation, "systemPrompt" | "temperature" | "maxTokens">

/** Why an answer ended early, as the frontends show it: the error's tag, its provider reason if any, its message. */
export class AnswerError extends Schema.Class<AnswerError>("AnswerError")({
  tag: Schema.String,
  reason: Schema.optional(ProviderErrorReason),
  message: Schema.String
}) {}

/** What is known about one assistant answer besides its text. */
export class AnswerMeta extends Schema.Class<AnswerMeta>("AnswerMeta")({
  /** The provider and model that answered (the conversation may switch models between turns). */
  providerId: Schema.String,
  modelId: Schema.String,
  usage: Schema.optional(
    Schema.Struct({
      inputTokens: Schema.Int,
      outputTokens: Schema.Int,
      cachedInputTokens: Schema.optional(Schema.Int),
      cacheWriteTokens: Schema.optional(Schema.Int),
      reasoningTokens: Schema.optional(Schema.Int)
    })
  ),
  /** What the answer cost, where the model's prices and the usage were known. */
  cost: Schema.optional(Cost),
  timing: Schema.optional(Timing),
  finishReason: Schema.optional(FinishReason),
  /** The provider's own finish reason (`SAFETY`, `end_turn`, …). */
  finishRaw: Schema.optional(Schema.String),
  /** The model's visible thinking, kept apart from the answer text. */
  reasoning: Schema.optional(Schema.String),
  error: Schema.optional(AnswerError),
  /** The user stopped the answer; `content` is what had arrived. */
  cancelled: Schema.Boolean,
  /** Switchboard stopped the answer at its size limit (`maxAnswerChars` in `Chat.ts`); `content` is what fitted. */
  cut: Schema.optional(Schema.Literal(true))
}) {}

export class ConversationMessage extends Schema.Class<ConversationMessage>("ConversationMessage")({
  /** 1, 2, 3, … within the conversation, after the last one; deleting a message leaves the others' numbers as they are. */
  seq: Schema.Int,
  role: Role,
  /** The message's text (its text parts joined): what transcripts show. */
  content: Schema.String,
  /** The whole message, when it is more than text: images, files, reasoning with signatures, tool calls, results. */
  parts: Schema.optional(Schema.Array(MessagePart)),
  /** Only on assistant answers. */
  meta: Schema.optional(AnswerMeta),
  createdAt: Schema.DateTimeUtc
}) {}

/** A conversation with all its messages, oldest first. */
export class ConversationWithMessages extends Conversation.extend<ConversationWithMessages>("ConversationWithMessages")(
  { messages: Schema.Array(ConversationMessage) }
) {}

/** Titles are one line of at most this many characters. */
export const maxTitleLength = 80

/** The title of a new conversation: its first user message on one line, shortened with an ellipsis. */
export const titleFrom = (messages: ReadonlyArray<{ readonly role: string; readonly content: string }>): string => {
  const first = messages.find((m) => m.role === "user" && m.content.trim() !== "")
  if (first === undefined) return "New conversation"
  // Code points, not UTF-16 units, so the cut never splits an emoji.
  const chars = Array.from(first.content.replace(/\s+/g, " ").trim())
  return chars.length <= maxTitleLength
    ? chars.join("")
    : `${chars
        .slice(0, maxTitleLength - 1)
        .join("")
        .trimEnd()}…`
}
