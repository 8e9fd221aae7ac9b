/**
 * The REST API's chat and conversation shapes as the dashboard reads them. Providers, models, presets, reports and
 * the provider-type and capability lists are the core's own (`@switchboard/core/domain/ProviderView`, `ReportViews`,
 * `ProviderTypes`, imported as types only, or from modules without imports), so only what the web alone reads is
 * typed here; the server may add fields.
 */
import type { checkEventView } from "@switchboard/core/domain/ModelViews"
import type { Cost } from "@switchboard/core/domain/ModelPricing"

/** One event of a model × key check's stream (`start`, `progress`, `done`), as the core's view writes it. */
export type CheckStreamEvent = ReturnType<typeof checkEventView>

/** What a message may hold besides text: an image, as bytes or (in stored history) a URL. */
export interface ImagePart {
  readonly type: "image"
  readonly source:
    | { readonly type: "base64"; readonly mediaType: string; readonly data: string }
    | { readonly type: "url"; readonly url: string }
}

export type UserPart = { readonly type: "text"; readonly text: string } | ImagePart

export interface ChatMessage {
  readonly role: "system" | "user" | "assistant"
  /** Text, or the core's neutral parts when the message carries images. */
  readonly content: string | ReadonlyArray<UserPart>
}

/** A conversation's settings, used by every turn (the server's `ConversationInput` bounds them). */
export interface ConversationSettings {
  readonly systemPrompt?: string
  readonly temperature?: number
  readonly maxTokens?: number
}

export interface ChatRequest extends ConversationSettings {
  readonly provider: string
  readonly model: string
  readonly messages: ReadonlyArray<ChatMessage>
  readonly conversationId?: string
}

/** The model a retry or an edit is answered by (the conversation's last when absent). */
export interface AnswerTarget {
  readonly provider?: string
  readonly model?: string
}

/** A new title, or settings; `null` removes a setting. */
export interface ConversationPatch {
  readonly title?: string
  readonly systemPrompt?: string | null
  readonly temperature?: number | null
  readonly maxTokens?: number | null
}

export interface Timing {
  readonly firstTokenMs?: number | null
  readonly totalMs: number
  readonly tokensPerSecond?: number | null
  /** The provider reported no usage, so the speed is estimated from the text. */
  readonly tokensEstimated?: boolean
}

/** One event of `POST /api/chat`'s stream. */
export type ChatStreamEvent =
  | { readonly type: "start"; readonly conversationId: string; readonly url?: string }
  | { readonly type: "delta"; readonly text: string }
  | { readonly type: "reasoning"; readonly text: string }
  | { readonly type: "usage"; readonly inputTokens: number; readonly outputTokens: number }
  | {
      readonly type: "done"
      readonly finishReason: string
      readonly timing?: Timing
      readonly usage?: { readonly inputTokens: number; readonly outputTokens: number }
      /** Where the model's prices are known. */
      readonly cost?: Cost
    }
  | {
      readonly type: "error"
      readonly error: { readonly code: string; readonly reason?: string; readonly message: string }
    }

/** A saved conversation as listed (newest first, without messages). */
export interface ConversationSummary extends ConversationSettings {
  readonly id: string
  readonly title: string
  readonly providerId: string
  readonly modelId: string
  readonly updatedAt: string
}

export interface StoredAnswerMeta {
  readonly providerId: string
  readonly modelId: string
  readonly usage?: { readonly inputTokens: number; readonly outputTokens: number }
  readonly cost?: Cost
  readonly timing?: Timing
  readonly finishReason?: string
  readonly reasoning?: string
  readonly error?: { readonly tag: string; readonly reason?: string; readonly message: string }
  readonly cancelled: boolean
}

export interface ConversationDetail extends ConversationSummary {
  readonly messages: ReadonlyArray<{
    readonly seq: number
    readonly role: "system" | "user" | "assistant"
    readonly content: string
    /** The whole message when it is more than text; only image parts are read here. */
    readonly parts?: ReadonlyArray<{ readonly type: string } | ImagePart>
    readonly meta?: StoredAnswerMeta
  }>
}

/** The body of every error response. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly field?: string; readonly reason?: string }
}
