/**
 * Messages as the chat page shows them, and the mapping from the server's stored conversations (which every frontend
 * shares: the TUI lists the same chats) to them.
 */
import type { Cost } from "@switchboard/core/domain/ModelPricing"
import type { ConversationDetail, ImagePart, Timing } from "../api/types"
import { dataUrl } from "../lib/images"

export interface AnswerMeta {
  readonly inputTokens?: number
  readonly outputTokens?: number
  /** Where the model's prices are known. */
  readonly cost?: Cost
  readonly timing?: Timing
  readonly finishReason?: string
  /** Stopped by the user before the end. */
  readonly stopped?: boolean
  readonly error?: string
}

export interface Message {
  readonly role: "user" | "assistant"
  /** The server's number for the message; absent until the conversation is read back after the answer. */
  readonly seq?: number
  readonly content: string
  /** The images sent with a question, as `data:` URLs. */
  readonly images?: ReadonlyArray<string>
  readonly reasoning?: string
  readonly meta?: AnswerMeta
  /** The model that wrote an answer, shown under it. */
  readonly model?: string
}

/** The server's messages as shown; system messages are context, not part of the visible dialogue. */
export const toMessages = (conversation: ConversationDetail): ReadonlyArray<Message> =>
  conversation.messages.flatMap((m): ReadonlyArray<Message> => {
    if (m.role === "system") return []
    if (m.role === "user") {
      const images = (m.parts ?? []).flatMap((part) => {
        const source = part.type === "image" ? (part as ImagePart).source : undefined
        // Only bytes can be shown: the page may load no image from elsewhere (its Content-Security-Policy).
        return source?.type === "base64" ? [dataUrl(source)] : []
      })
      return [{ role: m.role, seq: m.seq, content: m.content, ...(images.length === 0 ? {} : { images }) }]
    }
    if (m.meta === undefined) return [{ role: m.role, seq: m.seq, content: m.content }]
    const meta = m.meta
    const answer: AnswerMeta = {
      ...(meta.usage === undefined ? {} : meta.usage),
      ...(meta.cost === undefined ? {} : { cost: meta.cost }),
      ...(meta.timing === undefined ? {} : { timing: meta.timing }),
      ...(meta.finishReason === undefined ? {} : { finishReason: meta.finishReason }),
      ...(meta.cancelled ? { stopped: true } : {}),
      ...(meta.error === undefined ? {} : { error: meta.error.message })
    }
    return [
      {
        role: "assistant",
        seq: m.seq,
        content: m.content,
        model: meta.modelId,
        meta: answer,
        ...(meta.reasoning === undefined ? {} : { reasoning: meta.reasoning })
      }
    ]
  })
