/**
 * A message as the chat's transcript shows it: who said it, its text and reasoning, its images by name, and for an
 * answer the footer (tokens, timing) or how it ended early. Made from the stored conversation, or as a turn happens.
 */
import type { ImagePart } from "@switchboard/core/domain/ChatRequest"
import type { ConversationWithMessages } from "@switchboard/core/domain/Conversation"
import type { Cost } from "@switchboard/core/domain/ModelPricing"
import type { Timing } from "@switchboard/core/domain/Timing"
import type { Problem } from "../runtime/Problem"

/** What shows under an answer. */
export interface Footer {
  readonly inputTokens: number | undefined
  readonly outputTokens: number | undefined
  /** What the answer cost, where the model's prices are known. */
  readonly cost?: Cost | undefined
  readonly timing: Timing | undefined
  readonly finishReason: string | undefined
}

export interface Shown {
  /** The stored message's number; none until the turn that made it is stored and read back. */
  readonly seq: number | undefined
  readonly role: "user" | "assistant" | "system" | "tool"
  readonly content: string
  readonly reasoning: string
  /** What each attached image is called (its file name, or its media type once only the store knows it). */
  readonly attachments: ReadonlyArray<string>
  /** Who answered (`vLLM / gpt2`); assistant messages only. */
  readonly by: string | undefined
  readonly footer: Footer | undefined
  readonly error: Problem | undefined
  readonly cancelled: boolean
}

/** Who answers in a stored conversation or message: the provider's name (its id once it is gone) and the model. */
export const byLine = (names: ReadonlyMap<string, string>, providerId: string, modelId: string): string =>
  `${names.get(providerId) ?? providerId} / ${modelId}`

/** A message with what it does not say left empty. */
export const shown = (fields: Partial<Shown> & Pick<Shown, "role" | "content">): Shown => ({
  seq: undefined,
  reasoning: "",
  attachments: [],
  by: undefined,
  footer: undefined,
  error: undefined,
  cancelled: false,
  ...fields
})

/** Tells the same image bytes apart from others cheaply (their length and first characters). */
export const imageKey = (base64: string): string => `${base64.length}:${base64.slice(0, 96)}`

/** An image as the transcript names it: its file name when this session sent it, else its media type or URL. */
const imageName = (part: ImagePart, imageNames: ReadonlyMap<string, string>): string =>
  part.source.type === "url" ? part.source.url : (imageNames.get(imageKey(part.source.data)) ?? part.source.mediaType)

/** A stored conversation's messages as the transcript shows them. */
export const shownMessages = (
  conversation: ConversationWithMessages,
  names: ReadonlyMap<string, string>,
  imageNames: ReadonlyMap<string, string> = new Map()
): ReadonlyArray<Shown> =>
  conversation.messages.map((m) =>
    shown({
      seq: m.seq,
      role: m.role,
      content: m.content,
      attachments: (m.parts ?? []).flatMap((part) => (part.type === "image" ? [imageName(part, imageNames)] : [])),
      reasoning: m.meta?.reasoning ?? "",
      by: m.meta === undefined ? undefined : byLine(names, m.meta.providerId, m.meta.modelId),
      footer:
        m.meta === undefined || (m.meta.timing === undefined && m.meta.usage === undefined)
          ? undefined
          : {
              inputTokens: m.meta.usage?.inputTokens,
              outputTokens: m.meta.usage?.outputTokens,
              cost: m.meta.cost,
              timing: m.meta.timing,
              finishReason: m.meta.finishReason
            },
      error:
        m.meta?.error === undefined
          ? undefined
          : {
              tag: m.meta.error.tag,
              message: m.meta.error.message,
              ...(m.meta.error.reason === undefined ? {} : { reason: m.meta.error.reason })
            },
      cancelled: m.meta?.cancelled ?? false
    })
  )
