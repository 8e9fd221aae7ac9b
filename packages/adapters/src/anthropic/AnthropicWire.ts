/**
 * Anthropic's Messages API wire format, as far as Switchboard reads or writes it: the request body, the `event:`-typed
 * stream events, the whole `message` body (a proxy that ignores `stream: true`), the error envelope and the model
 * list page. Known shapes are decoded strictly; event and delta types Anthropic may add later decode as `Other…` and
 * are skipped, as Anthropic's versioning policy asks clients to do.
 */
import { Schema } from "effect"

/** The request body of `POST /v1/messages`. */
export interface MessagesRequest {
  readonly model: string
  readonly max_tokens: number
  readonly messages: ReadonlyArray<{ readonly role: "user" | "assistant"; readonly content: string }>
  readonly system?: string
  readonly temperature?: number
  readonly stream: true
}

const Tokens = Schema.Int.pipe(Schema.nonNegative())

/** `message_start.message.usage`; the cache and tier fields are not needed. */
const StartUsage = Schema.Struct({
  input_tokens: Schema.optional(Schema.NullOr(Tokens)),
  output_tokens: Schema.optional(Schema.NullOr(Tokens))
})

/** `message_delta.usage`: cumulative; some servers repeat (and correct) `input_tokens` here. */
const DeltaUsage = Schema.Struct({
  input_tokens: Schema.optional(Schema.NullOr(Tokens)),
  output_tokens: Schema.optional(Schema.NullOr(Tokens))
})

/**
 * Any `type` not in `known`, decoded as `{ type: "ignored" }` so that switches on `type` stay exhaustive. A known
 * type with a malformed body does not fall through to this: it fails to decode.
 */
const Ignored = (...known: ReadonlyArray<string>) =>
  Schema.transform(
    Schema.Struct({ type: Schema.String.pipe(Schema.filter((type) => !known.includes(type))) }),
    Schema.Struct({ type: Schema.Literal("ignored") }),
    { strict: true, decode: () => ({ type: "ignored" as const }), encode: (ignored) => ignored }
  )

export const TextDelta = Schema.Struct({ type: Schema.Literal("text_delta"), text: Schema.String })
export const ThinkingDelta = Schema.Struct({ type: Schema.Literal("thinking_delta"), thinking: Schema.String })
/** `signature_delta`, `input_json_delta`, `citations_delta`, …: nothing a neutral event carries. */
export const OtherDelta = Ignored("text_delta", "thinking_delta")

/** The error object of `event: error` and of non-2xx bodies (`overloaded_error`, `rate_limit_error`, …). */
export const ErrorObject = Schema.Struct({ type: Schema.String, message: Schema.String })

export const MessageStart = Schema.Struct({
  type: Schema.Literal("message_start"),
  message: Schema.Struct({ usage: Schema.optional(StartUsage) })
})
export const ContentBlockDelta = Schema.Struct({
  type: Schema.Literal("content_block_delta"),
  index: Schema.Int,
  delta: Schema.Union(TextDelta, ThinkingDelta, OtherDelta)
})
export const MessageDelta = Schema.Struct({
  type: Schema.Literal("message_delta"),
  delta: Schema.Struct({ stop_reason: Schema.optional(Schema.NullOr(Schema.String)) }),
  usage: Schema.optional(DeltaUsage)
})
export const MessageStop = Schema.Struct({ type: Schema.Literal("message_stop") })
export const StreamError = Schema.Struct({ type: Schema.Literal("error"), error: ErrorObject })
/** `ping`, `content_block_start`, `content_block_stop` and any event type added later. */
export const OtherEvent = Ignored("message_start", "content_block_delta", "message_delta", "message_stop", "error")

export const StreamEvent = Schema.Union(
  MessageStart,
  ContentBlockDelta,
  MessageDelta,
  MessageStop,
  StreamError,
  OtherEvent
)
export type StreamEvent = typeof StreamEvent.Type

/** One stream event's `data:` JSON. */
export const StreamEventJson = Schema.parseJson(StreamEvent)

const TextBlock = Schema.Struct({ type: Schema.Literal("text"), text: Schema.String })
const ThinkingBlock = Schema.Struct({ type: Schema.Literal("thinking"), thinking: Schema.String })
const OtherBlock = Ignored("text", "thinking")

/** A whole (non-streamed) `message`, as a proxy that ignored `stream: true` answers. */
export const Message = Schema.Struct({
  type: Schema.Literal("message"),
  content: Schema.Array(Schema.Union(TextBlock, ThinkingBlock, OtherBlock)),
  stop_reason: Schema.optional(Schema.NullOr(Schema.String)),
  usage: Schema.optional(StartUsage)
})
export type Message = typeof Message.Type

export const MessageJson = Schema.parseJson(Message)

/** The body of a non-2xx answer: `{"type":"error","error":{"type":"not_found_error","message":"…"}}`. */
export const ErrorBody = Schema.Struct({ error: ErrorObject })

/** One page of `GET /v1/models`. */
export const ModelsPage = Schema.Struct({
  data: Schema.Array(
    Schema.Struct({
      id: Schema.String,
      display_name: Schema.optional(Schema.NullOr(Schema.String))
    })
  ),
  has_more: Schema.optional(Schema.Boolean),
  last_id: Schema.optional(Schema.NullOr(Schema.String))
})
export type ModelsPage = typeof ModelsPage.Type
