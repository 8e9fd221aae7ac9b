/**
 * What the gateway accepts on `POST /v1/chat/completions`. A provider that speaks Chat Completions itself gets the
 * request as it is (`routeChatCompletion`, the relay). For the others (Anthropic, Gemini, OpenAI Responses) it is
 * translated into the core's neutral request: every field that has a meaning there is sent on, and the rest is
 * dropped or refused as `ChatCompletionFields.ts` says, so a client never gets an answer to a different question than
 * it asked.
 */
import type { ChatInput } from "@switchboard/core/Chat"
import {
  ChatRequest,
  type GenerationOptions,
  type ResponseFormat,
  type ToolChoice
} from "@switchboard/core/domain/ChatRequest"
import type { InvalidInput } from "@switchboard/core/domain/Errors"
import type { Provider } from "@switchboard/core/domain/Provider"
import type { ProviderType } from "@switchboard/core/domain/ProviderType"
import { toInvalidInput } from "@switchboard/core/domain/ProviderInput"
import { Either, Schema } from "effect"
import { type ChatCompletionField, checkFields, type TranslatedType } from "./ChatCompletionFields"
import { relayRoute, targetOf } from "./ModelRoute"
import { neutralMessages } from "./OpenAiMessages"

const TokenLimit = Schema.optional(Schema.NullOr(Schema.Int.pipe(Schema.positive())))
const Penalty = Schema.optional(Schema.NullOr(Schema.Number.pipe(Schema.between(-2, 2))))
const JsonObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })

const ResponseFormatWire = Schema.Union(
  Schema.Struct({ type: Schema.Literal("text") }),
  Schema.Struct({ type: Schema.Literal("json_object") }),
  Schema.Struct({
    type: Schema.Literal("json_schema"),
    json_schema: Schema.Struct({
      name: Schema.String,
      description: Schema.optional(Schema.String),
      schema: Schema.optional(JsonObject),
      strict: Schema.optional(Schema.NullOr(Schema.Boolean))
    })
  })
)

const ToolWire = Schema.Struct({
  type: Schema.Literal("function"),
  function: Schema.Struct({
    name: Schema.String,
    description: Schema.optional(Schema.String),
    parameters: Schema.optional(JsonObject),
    strict: Schema.optional(Schema.NullOr(Schema.Boolean))
  })
})

const ToolChoiceWire = Schema.Union(
  Schema.Literal("auto", "none", "required"),
  Schema.Struct({ type: Schema.Literal("function"), function: Schema.Struct({ name: Schema.String }) })
)

/** The fields the translation reads, typed; `checkFields` has already judged every field by the table. */
export const ChatCompletionRequest = Schema.Struct({
  /** `<provider id>/<model id>`, as `GET /v1/models` lists it. */
  model: Schema.String,
  messages: Schema.NonEmptyArray(Schema.Unknown),
  stream: Schema.optional(Schema.NullOr(Schema.Boolean)),
  stream_options: Schema.optional(Schema.NullOr(Schema.Struct({ include_usage: Schema.optional(Schema.Boolean) }))),
  max_tokens: TokenLimit,
  max_completion_tokens: TokenLimit,
  temperature: Schema.optional(Schema.NullOr(Schema.Number.pipe(Schema.between(0, 2)))),
  top_p: Schema.optional(Schema.NullOr(Schema.Number.pipe(Schema.between(0, 1)))),
  top_k: Schema.optional(Schema.NullOr(Schema.Int.pipe(Schema.positive()))),
  stop: Schema.optional(Schema.NullOr(Schema.Union(Schema.String, Schema.Array(Schema.String)))),
  seed: Schema.optional(Schema.NullOr(Schema.Int)),
  presence_penalty: Penalty,
  frequency_penalty: Penalty,
  response_format: Schema.optional(Schema.NullOr(ResponseFormatWire)),
  tools: Schema.optional(Schema.NullOr(Schema.Array(ToolWire))),
  tool_choice: Schema.optional(Schema.NullOr(ToolChoiceWire)),
  parallel_tool_calls: Schema.optional(Schema.NullOr(Schema.Boolean)),
  reasoning_effort: Schema.optional(Schema.NullOr(Schema.Literal("none", "minimal", "low", "medium", "high")))
}).annotations({ identifier: "ChatCompletionRequest" })
export type ChatCompletionRequest = typeof ChatCompletionRequest.Type

/** What the core's `Chat` is asked, translated from an OpenAI request: the core's own input type. */
export type GatewayChat = ChatInput

export interface ParsedRequest {
  readonly chat: GatewayChat
  /** The model name as the client wrote it, echoed in every response. */
  readonly model: string
  readonly stream: boolean
  readonly includeUsage: boolean
}

const decodeRequest = Schema.decodeUnknownEither(ChatCompletionRequest, { errors: "first", onExcessProperty: "ignore" })

const responseFormat = (wire: typeof ResponseFormatWire.Type): ResponseFormat | undefined => {
  switch (wire.type) {
    case "text":
      return undefined
    case "json_object":
      return { type: "json" }
    case "json_schema":
      return {
        type: "json_schema",
        name: wire.json_schema.name,
        schema: wire.json_schema.schema ?? { type: "object" },
        ...(wire.json_schema.description === undefined ? {} : { description: wire.json_schema.description }),
        ...(wire.json_schema.strict == null ? {} : { strict: wire.json_schema.strict })
      }
  }
}

const toolChoice = (wire: typeof ToolChoiceWire.Type): ToolChoice =>
  typeof wire === "string" ? wire : { type: "tool", name: wire.function.name }

/** The neutral options for the fields `sent` holds (a field at its neutral value was dropped by `checkFields`). */
const options = (request: ChatCompletionRequest, sent: ReadonlySet<ChatCompletionField>): GenerationOptions => {
  const maxTokens = request.max_completion_tokens ?? request.max_tokens
  const format = request.response_format == null ? undefined : responseFormat(request.response_format)
  const stop = request.stop == null ? undefined : typeof request.stop === "string" ? [request.stop] : request.stop
  const has = (field: ChatCompletionField) => sent.has(field)
  return {
    ...(maxTokens == null ? {} : { maxTokens }),
    ...(request.temperature == null ? {} : { temperature: request.temperature }),
    ...(request.top_p == null ? {} : { topP: request.top_p }),
    ...(request.top_k == null ? {} : { topK: request.top_k }),
    ...(stop === undefined || stop.length === 0 ? {} : { stop }),
    ...(request.seed == null || !has("seed") ? {} : { seed: request.seed }),
    ...(request.presence_penalty == null || !has("presence_penalty")
      ? {}
      : { presencePenalty: request.presence_penalty }),
    ...(request.frequency_penalty == null || !has("frequency_penalty")
      ? {}
      : { frequencyPenalty: request.frequency_penalty }),
    ...(format === undefined ? {} : { responseFormat: format }),
    ...(request.tools == null || request.tools.length === 0
      ? {}
      : {
          tools: request.tools.map(({ function: tool }) => ({
            name: tool.name,
            ...(tool.description === undefined ? {} : { description: tool.description }),
            parameters: tool.parameters ?? { type: "object", properties: {} }
          }))
        }),
    ...(request.tool_choice == null ? {} : { toolChoice: toolChoice(request.tool_choice) }),
    ...(request.parallel_tool_calls == null || !has("parallel_tool_calls")
      ? {}
      : { parallelToolCalls: request.parallel_tool_calls }),
    ...(request.reasoning_effort == null || request.reasoning_effort === "none"
      ? {}
      : { reasoning: { effort: request.reasoning_effort } })
  } as GenerationOptions
}

/**
 * What a relayed request must have, checked before anything leaves: the rest is the upstream's to judge, and its
 * refusal comes back in its own words.
 */
const RelayedRequest = Schema.Struct({
  model: Schema.String,
  messages: Schema.NonEmptyArray(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  stream: Schema.optional(Schema.NullOr(Schema.Boolean))
})

/** Where a request goes, and the least a request must be to be sent on as it is (the relay). */
export const routeChatCompletion = relayRoute(RelayedRequest)

/**
 * Validates and translates a parsed JSON body for a provider of `type`; a failure is one `InvalidInput` naming the
 * field.
 */
export const parseChatCompletion = (
  body: Readonly<Record<string, unknown>>,
  type: TranslatedType
): Either.Either<ParsedRequest, InvalidInput> =>
  Either.gen(function* () {
    const sent = yield* checkFields(body, type)
    const request = yield* Either.mapLeft(decodeRequest(body), (error) => toInvalidInput(error))
    const target = yield* targetOf(request.model)
    const messages = yield* neutralMessages(request.messages)
    return {
      chat: { ...target, messages, ...options(request, sent) } as GatewayChat,
      model: request.model,
      stream: request.stream === true,
      includeUsage: request.stream_options?.include_usage === true
    }
  })

/** What a translated answer echoes of the client's request: its model name, and whether it asked for usage. */
export const clientOptions = (body: Readonly<Record<string, unknown>>) => ({
  model: String(body.model),
  includeUsage: (body.stream_options as { include_usage?: unknown } | null | undefined)?.include_usage === true
})

/** The field table's column for a provider's type (Chat Completions providers are relayed, never translated). */
const translatedType = (type: ProviderType): TranslatedType =>
  type === "gemini" || type === "openai-responses" ? type : "anthropic"

/**
 * The translation of a Chat Completions `body` for `provider` (Anthropic, Gemini, OpenAI Responses): the core's neutral request, for
 * `Relay` to send through the adapter. It holds what the REST chat's input holds (the message count, each image's
 * size: `OpenAiMessages.ts` checks them against the core's limits), so it is built without checking it again.
 */
export const translateFor =
  (body: Readonly<Record<string, unknown>>) =>
  (provider: Provider): Either.Either<ChatRequest, InvalidInput> =>
    Either.map(
      parseChatCompletion(body, translatedType(provider.type)),
      ({ chat: { provider: _provider, conversationId: _conversation, ...request } }) =>
        new ChatRequest(request as ConstructorParameters<typeof ChatRequest>[0], { disableValidation: true })
    )
