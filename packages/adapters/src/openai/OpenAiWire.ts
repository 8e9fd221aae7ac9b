/**
 * The Chat Completions wire format (OpenAI and every server that copies it: vLLM, Ollama, DeepSeek, Groq, Azure), as
 * Schemas. Only the fields Switchboard reads are declared and nearly all are optional or nullable: real servers omit,
 * null or add fields freely, and an unknown extra field must never fail a stream.
 */
import { Schema } from "effect"

const OptionalString = Schema.optional(Schema.NullOr(Schema.String))
const OptionalNumber = Schema.optional(Schema.NullOr(Schema.Number))

/** Token counts; OpenAI sends them on a final `choices: []` chunk, Groq and DeepSeek on the finish chunk. */
export const WireUsage = Schema.Struct({
  prompt_tokens: OptionalNumber,
  completion_tokens: OptionalNumber,
  /** The part of the prompt read from OpenAI's (or DeepSeek's) prompt cache. */
  prompt_tokens_details: Schema.optional(Schema.NullOr(Schema.Struct({ cached_tokens: OptionalNumber }))),
  /** The part of the completion spent thinking (OpenAI's reasoning models, Azure's). */
  completion_tokens_details: Schema.optional(Schema.NullOr(Schema.Struct({ reasoning_tokens: OptionalNumber })))
})
export type WireUsage = typeof WireUsage.Type

/** The error object of an error body or of an error event inside a 200 stream. */
export const WireError = Schema.Struct({
  message: OptionalString,
  type: OptionalString,
  /** A string (`rate_limit_exceeded`, `content_filter`) or, on vLLM and some proxies, the HTTP status. */
  code: Schema.optional(Schema.NullOr(Schema.Union(Schema.String, Schema.Number))),
  param: OptionalString,
  /** Azure: `innererror.code` is `ResponsibleAIPolicyViolation` when the content filter refused the prompt. */
  innererror: Schema.optional(Schema.NullOr(Schema.Struct({ code: OptionalString }))),
  inner_error: Schema.optional(Schema.NullOr(Schema.Struct({ code: OptionalString })))
})
export type WireError = typeof WireError.Type

/**
 * A tool call, or a fragment of one in a stream: the first fragment of a call has its `id` and name, the later ones
 * pieces of `arguments` under the same `index`. A complete answer has whole calls, in order, with no `index`.
 */
export const WireToolCall = Schema.Struct({
  index: OptionalNumber,
  id: OptionalString,
  type: OptionalString,
  function: Schema.optional(Schema.NullOr(Schema.Struct({ name: OptionalString, arguments: OptionalString })))
})
export type WireToolCall = typeof WireToolCall.Type

const ToolCalls = Schema.optional(Schema.NullOr(Schema.Array(WireToolCall)))

const Delta = Schema.Struct({
  content: OptionalString,
  /** DeepSeek, vLLM (`--reasoning-parser`), SGLang. */
  reasoning_content: OptionalString,
  /** OpenRouter, Ollama, newer vLLM. */
  reasoning: OptionalString,
  refusal: OptionalString,
  tool_calls: ToolCalls
})

/** One `data:` event of a stream: a chunk, or (on failure) `{ error }`. */
export const WireChunk = Schema.Struct({
  /** The answer's id and model, repeated on every chunk (empty on Azure's prompt-filter chunk). */
  id: OptionalString,
  model: OptionalString,
  choices: Schema.optional(
    Schema.NullOr(
      Schema.Array(
        Schema.Struct({
          index: Schema.optional(Schema.Number),
          delta: Schema.optional(Schema.NullOr(Delta)),
          finish_reason: OptionalString
        })
      )
    )
  ),
  usage: Schema.optional(Schema.NullOr(WireUsage)),
  error: Schema.optional(Schema.NullOr(Schema.Union(WireError, Schema.String)))
})
export type WireChunk = typeof WireChunk.Type

/** A non-streaming `chat.completion` body: what a server that ignores `stream: true` answers. */
export const WireCompletion = Schema.Struct({
  id: OptionalString,
  model: OptionalString,
  choices: Schema.Array(
    Schema.Struct({
      index: Schema.optional(Schema.Number),
      message: Schema.Struct({
        content: OptionalString,
        reasoning_content: OptionalString,
        reasoning: OptionalString,
        refusal: OptionalString,
        tool_calls: ToolCalls
      }),
      finish_reason: OptionalString
    })
  ),
  usage: Schema.optional(Schema.NullOr(WireUsage))
})
export type WireCompletion = typeof WireCompletion.Type

/** `GET /models`: OpenAI pages with `has_more`/`last_id`; vLLM adds `max_model_len`, OpenRouter `context_length`. */
export const WireModelList = Schema.Struct({
  data: Schema.Array(
    Schema.Struct({
      id: Schema.String,
      owned_by: OptionalString,
      /** OpenRouter and some gateways. */
      name: OptionalString,
      context_length: OptionalNumber,
      max_model_len: OptionalNumber
    })
  ),
  has_more: Schema.optional(Schema.NullOr(Schema.Boolean)),
  last_id: OptionalString
})
export type WireModelList = typeof WireModelList.Type
