/**
 * The Gemini API (Generative Language, v1beta) wire format, as far as Switchboard reads or writes it: the
 * `generateContent` request body, a `GenerateContentResponse` (one streamed chunk, or a whole answer), Google's error
 * envelope, and a page of the model list. Every response field is optional, as in Google's own schema: chunks carry
 * only what changed, and unknown fields are ignored.
 */
import { Schema } from "effect"

/** The request body of `…:streamGenerateContent` (and `…:generateContent`). */
export interface GenerateContentRequest {
  readonly contents: ReadonlyArray<{
    readonly role: "user" | "model"
    readonly parts: ReadonlyArray<{ readonly text: string }>
  }>
  readonly systemInstruction?: { readonly parts: ReadonlyArray<{ readonly text: string }> }
  readonly generationConfig?: { readonly maxOutputTokens?: number; readonly temperature?: number }
}

const Part = Schema.Struct({
  text: Schema.optional(Schema.String),
  /** A thought summary (only sent when thoughts are requested), not the answer. */
  thought: Schema.optional(Schema.Boolean),
  functionCall: Schema.optional(Schema.Unknown)
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
  thoughtsTokenCount: Schema.optional(Count)
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
