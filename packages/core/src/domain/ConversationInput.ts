/**
 * What frontends send to change a saved conversation: its title, its settings (system prompt, temperature, max
 * tokens, used by every later turn), an edited message, a search. Each field is bounded and its error names it, as
 * `ProviderInput` does for providers.
 */
import { Schema } from "effect"
import { maxTitleLength } from "./Conversation"

/** The longest system prompt kept with a conversation: sent with every turn, so a book would be a cost, not a prompt. */
export const maxSystemPromptChars = 32_000

/** The largest `maxTokens` accepted: above every model's output limit, below what would look like a typo. */
export const maxTokensCap = 1_000_000

/** The longest message text an edit may carry (the same bound as an answer, `Chat.maxAnswerChars`). */
export const maxEditChars = 1024 * 1024

/** The longest search: enough for a phrase, short enough to keep scanning every message cheap. */
export const maxQueryChars = 200

// biome-ignore lint/suspicious/noControlCharactersInRegex: a title is one line, so no control characters at all
const controlChars = /[\u0000-\u001f\u007f-\u009f]/

export const TitleField = Schema.Trim.pipe(
  Schema.filter((title) => title.length >= 1 || "must not be empty"),
  Schema.filter(
    (title) => Array.from(title).length <= maxTitleLength || `must be at most ${maxTitleLength} characters`
  ),
  Schema.filter((title) => !controlChars.test(title) || "must be one line, without control characters")
)

export const SystemPromptField = Schema.String.pipe(
  Schema.filter((prompt) => prompt.trim().length >= 1 || "must not be empty; send null to remove it"),
  Schema.filter(
    (prompt) =>
      prompt.length <= maxSystemPromptChars || `must be at most ${maxSystemPromptChars.toLocaleString("en")} characters`
  )
)

export const TemperatureField = Schema.Number.pipe(
  Schema.filter((t) => (Number.isFinite(t) && t >= 0 && t <= 2) || "must be a number from 0 to 2")
)

export const MaxTokensField = Schema.Number.pipe(
  Schema.filter(
    (n) =>
      (Number.isInteger(n) && n >= 1 && n <= maxTokensCap) ||
      `must be a whole number from 1 to ${maxTokensCap.toLocaleString("en")}`
  )
)

/** A conversation's settings as stored; each absent one is left to the model's default. */
export const conversationSettings = {
  /** Sent as the system message in front of every turn (not stored among the messages). */
  systemPrompt: Schema.optional(SystemPromptField),
  temperature: Schema.optional(TemperatureField),
  maxTokens: Schema.optional(MaxTokensField)
}

/** A change to a conversation: any of its title and settings; `null` removes a setting. */
export const ConversationPatch = Schema.Struct({
  title: Schema.optional(TitleField),
  systemPrompt: Schema.optional(Schema.NullOr(SystemPromptField)),
  temperature: Schema.optional(Schema.NullOr(TemperatureField)),
  maxTokens: Schema.optional(Schema.NullOr(MaxTokensField))
})
export type ConversationPatch = typeof ConversationPatch.Encoded

/** Where to answer a turn again: the conversation's last model unless another is named (both, or neither). */
export const AnswerTarget = {
  provider: Schema.optional(Schema.String),
  model: Schema.optional(Schema.String)
}

/** `Chat.retry`'s input: answer the last user message again. */
export const RetryInput = Schema.Struct(AnswerTarget)
export type RetryInput = typeof RetryInput.Encoded

/** `Chat.edit`'s input: user message `seq` becomes `content`, what followed it goes, and the model answers. */
export const EditInput = Schema.Struct({
  seq: Schema.Int.pipe(Schema.positive()),
  content: Schema.String.pipe(
    Schema.filter((text) => text.trim().length >= 1 || "must not be empty"),
    Schema.filter(
      (text) => text.length <= maxEditChars || `must be at most ${maxEditChars.toLocaleString("en")} characters`
    )
  ),
  ...AnswerTarget
})
export type EditInput = typeof EditInput.Encoded

/** A search over titles and message text. */
export const SearchQuery = Schema.String.pipe(
  Schema.filter((q) => q.trim().length >= 1 || "must not be empty"),
  Schema.filter((q) => q.length <= maxQueryChars || `must be at most ${maxQueryChars} characters`)
)

export const ExportFormat = Schema.Literal("markdown", "json")
export type ExportFormat = typeof ExportFormat.Type
