/**
 * What a turn of a saved conversation sends upstream: its stored history (less answers that carry nothing), the
 * conversation's system prompt in front, and its temperature and max tokens where the turn gives none; and which
 * model answers a conversation again.
 */
import { Array as Arr, Option } from "effect"
import { type ChatMessage, ChatRequest, type GenerationOptions, messageFrom } from "../domain/ChatRequest"
import type { ConversationSettings, ConversationWithMessages } from "../domain/Conversation"

/**
 * Stored answers that carry nothing (a request that failed before any output) are left out of the history sent
 * upstream: several providers reject an empty assistant message, and it says nothing to the model.
 */
export const historyOf = (conversation: ConversationWithMessages): ReadonlyArray<ChatMessage> =>
  conversation.messages
    .filter((m) => m.role !== "assistant" || m.content !== "" || m.parts !== undefined)
    .map((m) => messageFrom(m.role, m.content, m.parts))

/**
 * The request of a turn: the system prompt (the turn's, else the conversation's) before the history and the new
 * messages, and the conversation's temperature and max tokens where the turn gives none.
 */
export const turnRequest = (
  settings: ConversationSettings,
  messages: Arr.NonEmptyReadonlyArray<ChatMessage>,
  generation: GenerationOptions & ConversationSettings & { readonly model: string }
): ChatRequest => {
  const { systemPrompt, ...options } = generation
  const system = systemPrompt ?? settings.systemPrompt
  const temperature = options.temperature ?? settings.temperature
  const maxTokens = options.maxTokens ?? settings.maxTokens
  return new ChatRequest(
    {
      ...options,
      ...(temperature === undefined ? {} : { temperature }),
      ...(maxTokens === undefined ? {} : { maxTokens }),
      messages: system === undefined ? messages : Arr.prepend(messages, { role: "system", content: system })
    },
    // Built from decoded input and stored messages: checked already.
    { disableValidation: true }
  )
}

/** The provider and model that answered last (or started the conversation): what answers it again. */
export const lastTarget = (conversation: ConversationWithMessages) => {
  const meta = Arr.findLast(conversation.messages, (m) => m.meta !== undefined).pipe(
    Option.flatMapNullable((m) => m.meta)
  )
  return Option.match(meta, {
    onNone: () => ({ provider: conversation.providerId, model: conversation.modelId }),
    onSome: (answer) => ({ provider: answer.providerId, model: answer.modelId })
  })
}
