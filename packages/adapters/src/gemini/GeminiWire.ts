/**
 * The Gemini API (Generative Language, v1beta) wire format, as far as Switchboard reads or writes it: the
 * `generateContent` request body, a `GenerateContentResponse` (one streamed chunk, or a whole answer), Google's error
 * envelope, a page of the model list, and `batchEmbedContents`' request and answer. Every response field is optional, as in Google's own schema: chunks carry
 * only what changed, and unknown fields are ignored.
 */
import { Schema } from "effect"

/** Gemini's `Type`: the upper-case names of Google's spec (the API reads lower case too; the spec does not). */
export type GeminiType = "STRING" | "NUMBER" | "INTEGER" | "BOOLEAN" | "ARRAY" | "OBJECT" | "NULL"

/**
 * Gemini's `Schema`, the OpenAPI 3.0 subset that types function parameters and `responseSchema`. Its int64 bounds
 * (`minItems`, `maxLength`, …) are strings in Google's spec, as proto3 JSON writes int64; the API reads numbers too.
 */
export interface GeminiSchema {
  readonly type?: GeminiType
  readonly format?: string
  readonly title?: string
  readonly description?: string
  readonly nullable?: boolean
  readonly enum?: ReadonlyArray<string>
  readonly properties?: Readonly<Record<string, GeminiSchema>>
  readonly required?: ReadonlyArray<string>
  readonly propertyOrdering?: ReadonlyArray<string>
  readonly items?: GeminiSchema
  readonly minItems?: string
  readonly maxItems?: string
  readonly minLength?: string
  readonly maxLength?: string
  readonly minProperties?: string
  readonly maxProperties?: string
  readonly pattern?: string
  readonly minimum?: number
  readonly maximum?: number
  readonly anyOf?: ReadonlyArray<GeminiSchema>
  readonly default?: unknown
  readonly example?: unknown
}

/** One part of a turn; `thoughtSignature` rides on the part (text, thought or function call) it was given with. */
export interface RequestPart {
  readonly text?: string
  readonly thought?: boolean
  readonly thoughtSignature?: string
  readonly inlineData?: { readonly mimeType: string; readonly data: string }
  readonly fileData?: { readonly mimeType?: string; readonly fileUri: string }
  readonly functionCall?: { readonly name: string; readonly args: Readonly<Record<string, unknown>> }
  readonly functionResponse?: { readonly name: string; readonly response: Readonly<Record<string, unknown>> }
}

export interface Content {
  readonly role: "user" | "model"
  readonly parts: ReadonlyArray<RequestPart>
}

export interface FunctionDeclaration {
  readonly name: string
  readonly description?: string
  readonly parameters?: GeminiSchema
}

export interface GenerationConfig {
  readonly maxOutputTokens?: number
  readonly temperature?: number
  readonly topP?: number
  readonly topK?: number
  readonly stopSequences?: ReadonlyArray<string>
  readonly seed?: number
  readonly presencePenalty?: number
  readonly frequencyPenalty?: number
  readonly responseMimeType?: string
  readonly responseSchema?: GeminiSchema
  readonly thinkingConfig?: { readonly thinkingBudget: number; readonly includeThoughts: boolean }
}

export interface ToolConfig {
  readonly functionCallingConfig: {
    readonly mode: "AUTO" | "NONE" | "ANY"
    readonly allowedFunctionNames?: ReadonlyArray<string>
  }
}

/** The request body of `…:streamGenerateContent` (and `…:generateContent`). */
export interface GenerateContentRequest {
  readonly contents: ReadonlyArray<Content>
  readonly systemInstruction?: { readonly parts: ReadonlyArray<{ readonly text: string }> }
  readonly generationConfig?: GenerationConfig
  readonly tools?: ReadonlyArray<{ readonly functionDeclarations: ReadonlyArray<FunctionDeclaration> }>
  readonly toolConfig?: ToolConfig
}

/** The body as sent: the request with the caller's `providerOptions` (`safetySettings`, `cachedContent`, …) on top. */
export type GenerateContentBody = GenerateContentRequest & Readonly<Record<string, unknown>>

/** A call the model makes: `args` is a JSON object; `id` is there only when Gemini numbers its calls. */
export const FunctionCall = Schema.Struct({
  id: Schema.optional(Schema.String),
  name: Schema.String,
  args: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
})
export type FunctionCall = typeof FunctionCall.Type

const Part = Schema.Struct({
  text: Schema.optional(Schema.String),
  /** A thought summary (only sent when thoughts are requested), not the answer. */
  thought: Schema.optional(Schema.Boolean),
  /** Opaque, to be sent back on the same part so the model can continue from its thinking. */
  thoughtSignature: Schema.optional(Schema.String),
  functionCall: Schema.optional(FunctionCall)
})

const Candidate = Schema.Struct({
  content: Schema.optional(Schema.Struct({ parts: Schema.optional(Schema.Array(Part)) })),
  finishReason: Schema.optional(Schema.String),
  index: Schema.optional(Schema.Int)
})

const Count = Schema.Int.pipe(Schema.nonNegative())

/** Cumulative counts: each chunk repeats them, the last one is complete. */
export const UsageMetadata = Schema.Struct({
  promptTokenCount: Schema.optional(Count),
  candidatesTokenCount: Schema.optional(Count),
  thoughtsTokenCount: Schema.optional(Count),
  /** The part of `promptTokenCount` read from a cache (`cachedContent` or implicit caching). */
  cachedContentTokenCount: Schema.optional(Count)
})
export type UsageMetadata = typeof UsageMetadata.Type

/** One entry of `error.details`: `ErrorInfo` has `reason` (`API_KEY_INVALID`), `RetryInfo` has `retryDelay`. */
export const ErrorDetail = Schema.Struct({
  "@type": Schema.optional(Schema.String),
  reason: Schema.optional(Schema.String),
  retryDelay: Schema.optional(Schema.String)
})

/** Google's error object (`{"error":{"code":400,"status":"INVALID_ARGUMENT","message":…,"details":[…]}}`). */
export const GoogleError = Schema.Struct({
  code: Schema.optional(Schema.Number),
  message: Schema.optional(Schema.String),
  status: Schema.optional(Schema.String),
  /** Read entry by entry with `ErrorDetail`: Google adds detail types over time. */
  details: Schema.optional(Schema.Array(Schema.Unknown))
})
export type GoogleError = typeof GoogleError.Type

/** A `GenerateContentResponse`; an `error` member appears when a stream fails after it started. */
export const Chunk = Schema.Struct({
  candidates: Schema.optional(Schema.Array(Candidate)),
  promptFeedback: Schema.optional(Schema.Struct({ blockReason: Schema.optional(Schema.String) })),
  usageMetadata: Schema.optional(UsageMetadata),
  responseId: Schema.optional(Schema.String),
  modelVersion: Schema.optional(Schema.String),
  error: Schema.optional(GoogleError)
})
export type Chunk = typeof Chunk.Type

/** A chunk's JSON, or a JSON array of chunks (what `streamGenerateContent` answers without `alt=sse`). */
export const ChunksJson = Schema.parseJson(Schema.Union(Chunk, Schema.Array(Chunk)))

/** An error body: the envelope, or (without `alt=sse`) an array holding it. */
export const ErrorBodyJson = Schema.parseJson(
  Schema.Union(
    Schema.Struct({ error: GoogleError }),
    Schema.Tuple([Schema.Struct({ error: GoogleError })], Schema.Unknown)
  )
)

/** One page of `GET /v1beta/models`. */
export const ModelsPage = Schema.Struct({
  models: Schema.optional(
    Schema.Array(
      Schema.Struct({
        name: Schema.String,
        displayName: Schema.optional(Schema.String),
        inputTokenLimit: Schema.optional(Schema.Int),
        supportedGenerationMethods: Schema.optional(Schema.Array(Schema.String))
      })
    )
  ),
  nextPageToken: Schema.optional(Schema.String)
})
export type ModelsPage = typeof ModelsPage.Type

/** A `BatchEmbedContentsRequest`: one `EmbedContentRequest` per text, each naming the model (`models/…`). */
export interface BatchEmbedContentsBody {
  readonly requests: ReadonlyArray<{
    readonly model: string
    readonly content: { readonly parts: ReadonlyArray<{ readonly text: string }> }
    readonly outputDimensionality?: number
  }>
}

/** A `BatchEmbedContentsResponse`: one `ContentEmbedding` per request, in the order asked. */
export const BatchEmbeddings = Schema.Struct({
  embeddings: Schema.Array(Schema.Struct({ values: Schema.Array(Schema.Number) }))
})
export type BatchEmbeddings = typeof BatchEmbeddings.Type

export const BatchEmbeddingsJson = Schema.parseJson(BatchEmbeddings)
