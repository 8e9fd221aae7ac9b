/**
 * The REST API's JSON shapes as the dashboard reads them (the server's contract, issue 4). Only what the UI uses is
 * typed; the server may add fields.
 */

export type ProviderType = "openai" | "azure-openai" | "anthropic" | "gemini"

/** Human labels, in the order pickers list them. */
export const providerTypeLabels: Readonly<Record<ProviderType, string>> = {
  openai: "OpenAI-compatible",
  gemini: "Gemini",
  anthropic: "Anthropic",
  "azure-openai": "Azure OpenAI"
}

export const providerTypes = Object.keys(providerTypeLabels) as ReadonlyArray<ProviderType>

export const capabilities = ["vision", "reasoning", "tools", "embedding", "webSearch"] as const
export type Capability = (typeof capabilities)[number]

export const capabilityLabels: Readonly<Record<Capability, string>> = {
  vision: "Vision",
  reasoning: "Reasoning",
  tools: "Tools",
  embedding: "Embedding",
  webSearch: "Web search"
}

export interface MaskedKey {
  readonly id: string
  readonly masked: string
}

export interface Model {
  readonly id: string
  readonly name: string
  readonly group: string
  readonly capabilities: Readonly<Record<Capability, boolean>>
  /** Only what the user set; absent when the server does not send it. */
  readonly overrides?: Partial<Record<Capability, boolean>>
}

export interface Timeouts {
  readonly firstByteMs: number
  readonly idleMs: number
  readonly verifyMs: number
  readonly maxRetries: number
}

export interface Provider {
  readonly id: string
  readonly name: string
  readonly type: ProviderType
  readonly enabled: boolean
  readonly baseUrl: string
  readonly apiKeys: ReadonlyArray<MaskedKey>
  readonly apiVersion?: string
  readonly headers: Readonly<Record<string, string>>
  readonly timeouts: Timeouts
  readonly models: ReadonlyArray<Model>
  readonly revision: number
}

export interface Preset {
  readonly id: string
  readonly name: string
  readonly type: ProviderType
  readonly baseUrl: string
  readonly apiVersion?: string
  readonly keyless: boolean
  readonly docsUrl?: string
}

export interface NewProvider {
  readonly name: string
  readonly type?: ProviderType
  readonly preset?: string
  readonly baseUrl?: string
  readonly apiKeys?: ReadonlyArray<string>
  readonly apiVersion?: string
}

/** In `apiKeys`, a string is a new key and `{ id }` keeps a stored one; the list replaces the stored list. */
export interface ProviderPatch {
  readonly name?: string
  readonly type?: ProviderType
  readonly baseUrl?: string
  readonly apiKeys?: ReadonlyArray<string | { readonly id: string }>
  readonly apiVersion?: string | null
  readonly headers?: Readonly<Record<string, string>>
  readonly timeouts?: Partial<Timeouts>
  readonly enabled?: boolean
}

export interface ModelPatch {
  readonly name?: string
  readonly group?: string
  /** `true`/`false` override, `null` goes back to the inferred value. */
  readonly capabilities?: Partial<Record<Capability, boolean | null>>
}

export type ProviderErrorReason =
  | "Authentication"
  | "NotFound"
  | "RateLimit"
  | "Timeout"
  | "Network"
  | "InvalidRequest"
  | "Upstream"
  | "InvalidOutput"

export interface KeyCheck {
  readonly key: string | null
  readonly ok: boolean
  readonly reason?: ProviderErrorReason
  readonly status?: number
  readonly message?: string
  readonly latencyMs: number
  readonly url: string
  readonly stage?: "models" | "generate"
}

export interface VerifyReport {
  readonly ok: boolean
  readonly results: ReadonlyArray<KeyCheck>
}

export interface RemoteModel {
  readonly id: string
  readonly displayName?: string
  readonly contextLength?: number
  readonly ownedBy?: string
  /** Inferred by the server from the id, as the model would get them once added: the UI infers nothing itself. */
  readonly capabilities: Readonly<Record<Capability, boolean>>
  readonly group: string
}

export interface Endpoints {
  readonly chat: string
  readonly models: string
}

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
