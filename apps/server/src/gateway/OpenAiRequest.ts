/**
 * What the gateway accepts on `POST /v1/chat/completions`. A provider that speaks Chat Completions itself gets the
 * request as it is (`routeChatCompletion`, the relay). For the others (Anthropic, Gemini) it is translated: only the
 * part of the request that means the same on every provider type is accepted, and fields Switchboard cannot honour
 * there (tools, `n` > 1, logprobs, response formats, …) are refused with a 400 naming them rather than silently
 * dropped, so a client never gets an answer to a different question than it asked.
 */
import type { ChatInput } from "@switchboard/core/Chat"
import { InvalidInput } from "@switchboard/core/domain/Errors"
import { toInvalidInput } from "@switchboard/core/domain/ProviderInput"
import { Array as Arr, Either, Schema } from "effect"
import { decode } from "../Body"

const TextPart = Schema.Struct({ type: Schema.Literal("text"), text: Schema.String })

const Message = Schema.Struct({
  /** `developer` is OpenAI's newer name for `system`. */
  role: Schema.Literal("system", "developer", "user", "assistant"),
  content: Schema.Union(Schema.String, Schema.Array(TextPart), Schema.Null),
  name: Schema.optional(Schema.String)
})

const TokenLimit = Schema.optional(Schema.NullOr(Schema.Int.pipe(Schema.positive())))

export const ChatCompletionRequest = Schema.Struct({
  /** `<provider id>/<model id>`, as `GET /v1/models` lists it. */
  model: Schema.String,
  messages: Schema.NonEmptyArray(Message),
  stream: Schema.optional(Schema.NullOr(Schema.Boolean)),
  stream_options: Schema.optional(Schema.NullOr(Schema.Struct({ include_usage: Schema.optional(Schema.Boolean) }))),
  max_tokens: TokenLimit,
  max_completion_tokens: TokenLimit,
  temperature: Schema.optional(Schema.NullOr(Schema.Number.pipe(Schema.between(0, 2)))),
  n: Schema.optional(Schema.NullOr(Schema.Literal(1))),
  // Accepted and ignored: bookkeeping fields that do not change the answer.
  user: Schema.optional(Schema.String),
  metadata: Schema.optional(Schema.NullOr(Schema.Record({ key: Schema.String, value: Schema.String }))),
  store: Schema.optional(Schema.NullOr(Schema.Boolean))
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

const decodeRequest = decode(ChatCompletionRequest)

const unsupported = (field: string) =>
  new InvalidInput({
    field,
    problem:
      "is not supported by Switchboard's gateway (it supports model, messages, stream, stream_options, max_tokens, max_completion_tokens, temperature and n=1)"
  })

/**
 * Splits `<provider id>/<model id>` at the first `/`: provider ids never contain one, model ids often do
 * (`my-vllm/meta-llama/Llama-3.1-8B-Instruct`).
 */
export const splitModel = (model: string): { readonly provider: string; readonly model: string } | undefined => {
  const slash = model.indexOf("/")
  if (slash <= 0 || slash === model.length - 1) return undefined
  return { provider: model.slice(0, slash), model: model.slice(slash + 1) }
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

const decodeRelayed = Schema.decodeUnknownEither(RelayedRequest, { errors: "first" })

const modelFormat = () =>
  new InvalidInput({
    field: "model",
    problem: 'must be "<provider id>/<model id>", as GET /v1/models lists them (for example "my-vllm/gpt2")'
  })

export interface RoutedRequest {
  readonly provider: string
  readonly model: string
  readonly stream: boolean
  /** The body as the client sent it, for the relay. */
  readonly body: Readonly<Record<string, unknown>>
}

/** Where a request goes, and the least a request must be to be sent on as it is (the relay). */
export const routeChatCompletion = (body: unknown): Either.Either<RoutedRequest, InvalidInput> =>
  Either.flatMap(Either.mapLeft(decodeRelayed(body), toInvalidInput), (request) => {
    const target = splitModel(request.model)
    if (target === undefined) return Either.left(modelFormat())
    return Either.right({ ...target, stream: request.stream === true, body: body as Record<string, unknown> })
  })

/** Validates and translates a parsed JSON body; a failure is one `InvalidInput` naming the field. */
export const parseChatCompletion = (body: unknown): Either.Either<ParsedRequest, InvalidInput> => {
  const decoded = decodeRequest(body)
  if (Either.isLeft(decoded)) {
    const error = decoded.left
    return Either.left(error.problem.startsWith("is not a known field") ? unsupported(error.field) : error)
  }
  const request = decoded.right
  const target = splitModel(request.model)
  if (target === undefined) return Either.left(modelFormat())
  const maxTokens = request.max_completion_tokens ?? request.max_tokens
  const chat: GatewayChat = {
    ...target,
    messages: Arr.map(request.messages, (message) => ({
      role: message.role === "developer" ? "system" : message.role,
      content:
        typeof message.content === "string"
          ? message.content
          : message.content === null
            ? ""
            : message.content.map((part) => part.text).join("")
    })),
    ...(maxTokens == null ? {} : { maxTokens }),
    ...(request.temperature == null ? {} : { temperature: request.temperature })
  }
  return Either.right({
    chat,
    model: request.model,
    stream: request.stream === true,
    includeUsage: request.stream_options?.include_usage === true
  })
}
