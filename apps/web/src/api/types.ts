/**
 * The REST API's chat and conversation shapes as the dashboard reads them. Providers, models, presets, reports and
 * the provider-type and capability lists are the core's own (`@switchboard/core/domain/ProviderView`, `ReportViews`,
 * `ProviderTypes`, imported as types only, or from modules without imports), so only what the web alone reads is
 * typed here; the server may add fields.
 */

export interface ChatMessage {
  readonly role: "system" | "user" | "assistant"
  readonly content: string
}

export interface ChatRequest {
  readonly provider: string
  readonly model: string
  readonly messages: ReadonlyArray<ChatMessage>
  readonly conversationId?: string
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
    }
  | {
      readonly type: "error"
      readonly error: { readonly code: string; readonly reason?: string; readonly message: string }
    }

/** A saved conversation as listed (newest first, without messages). */
export interface ConversationSummary {
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
    readonly meta?: StoredAnswerMeta
  }>
}

/** The body of every error response. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly field?: string; readonly reason?: string }
}
