/**
 * What the gateway accepts on `POST /v1/responses`. A provider that speaks Responses itself (`openai-responses`) gets
 * the request as it is (`routeResponse`, the relay). For the others (OpenAI-compatible, Azure, Anthropic, Gemini) it is
 * translated into the core's neutral request: every field with a meaning there is sent on, and the rest is dropped or
 * refused as `ResponsesFields.ts` says, so a client never gets an answer to a different question than it asked.
 */
import {
  ChatRequest,
  type GenerationOptions,
  type Reasoning,
  type ResponseFormat,
  type ToolChoice
} from "@switchboard/core/domain/ChatRequest"
import { InvalidInput } from "@switchboard/core/domain/Errors"
import { excerpt } from "@switchboard/core/domain/Excerpt"
import type { Provider } from "@switchboard/core/domain/Provider"
import { toInvalidInput } from "@switchboard/core/domain/ProviderInput"
import { providerTypeLabels } from "@switchboard/core/domain/ProviderTypes"
import { Either, Schema } from "effect"
import { relayRoute, targetOf } from "./ModelRoute"
import { checkFields } from "./ResponsesFields"
import { neutralMessages } from "./ResponsesItems"

const JsonObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })
const Nullable = <S extends Schema.Schema.Any>(schema: S) => Schema.optional(Schema.NullOr(schema))

export const FunctionTool = Schema.Struct({
  type: Schema.Literal("function"),
  name: Schema.String,
  description: Nullable(Schema.String),
  parameters: Nullable(JsonObject),
  strict: Nullable(Schema.Boolean)
})

export const ToolChoiceWire = Schema.Union(
  Schema.Literal("auto", "none", "required"),
  Schema.Struct({ type: Schema.Literal("function"), name: Schema.String })
)

export const TextFormat = Schema.Union(
  Schema.Struct({ type: Schema.Literal("text") }),
  Schema.Struct({ type: Schema.Literal("json_object") }),
  Schema.Struct({
    type: Schema.Literal("json_schema"),
    name: Schema.String,
    schema: JsonObject,
    description: Nullable(Schema.String),
    strict: Nullable(Schema.Boolean)
  })
)

/** The fields the translation reads, typed; `checkFields` has already judged every field by the table. */
export const ResponsesRequest = Schema.Struct({
  /** `<provider id>/<model id>`, as `GET /v1/models` lists it. */
  model: Schema.String,
  input: Schema.Union(Schema.String, Schema.Array(Schema.Unknown)),
  instructions: Nullable(Schema.String),
  stream: Nullable(Schema.Boolean),
  max_output_tokens: Nullable(Schema.Int.pipe(Schema.positive())),
  temperature: Nullable(Schema.Number.pipe(Schema.between(0, 2))),
  top_p: Nullable(Schema.Number.pipe(Schema.between(0, 1))),
  tools: Nullable(Schema.Array(FunctionTool)),
  tool_choice: Nullable(ToolChoiceWire),
  parallel_tool_calls: Nullable(Schema.Boolean),
  text: Nullable(Schema.Struct({ format: Nullable(TextFormat), verbosity: Nullable(Schema.Literal("medium")) })),
  reasoning: Nullable(
    Schema.Struct({
      effort: Nullable(Schema.Literal("none", "minimal", "low", "medium", "high", "xhigh", "max")),
      summary: Nullable(Schema.Literal("auto", "concise", "detailed"))
    })
  ),
  metadata: Nullable(Schema.Record({ key: Schema.String, value: Schema.String }))
}).annotations({ identifier: "ResponsesRequest" })
export type ResponsesRequest = typeof ResponsesRequest.Type

const decodeRequest = Schema.decodeUnknownEither(ResponsesRequest, { errors: "first", onExcessProperty: "ignore" })

/**
 * What a relayed request must have, checked before anything leaves: the rest is the upstream's to judge (`input` may
 * be left out there, for a stored prompt or conversation).
 */
const RelayedRequest = Schema.Struct({ model: Schema.String, stream: Nullable(Schema.Boolean) })

/** Where a request goes, and the least a request must be to be sent on as it is (the relay). */
export const routeResponse = relayRoute(RelayedRequest)

/** Built-in tools (web search, file search, computer use, …) run at OpenAI; no translated provider has them. */
const checkTools = (tools: unknown): Either.Either<void, InvalidInput> => {
  if (!Array.isArray(tools)) return Either.right(undefined)
  const builtIn = tools.findIndex(
    (tool) => typeof tool === "object" && tool !== null && (tool as { type?: unknown }).type !== "function"
  )
  if (builtIn === -1) return Either.right(undefined)
  const type = (tools[builtIn] as { type?: unknown }).type
  return Either.left(
    new InvalidInput({
      field: `tools[${builtIn}].type`,
      problem: `is ${typeof type === "string" ? excerpt(type) : "not a string"}: only function tools can be translated`
    })
  )
}

const responseFormat = (format: typeof TextFormat.Type): ResponseFormat | undefined => {
  switch (format.type) {
    case "text":
      return undefined
    case "json_object":
      return { type: "json" }
    case "json_schema":
      return {
        type: "json_schema",
        name: format.name,
        schema: format.schema,
        ...(format.description == null ? {} : { description: format.description }),
        ...(format.strict == null ? {} : { strict: format.strict })
      }
  }
}

const toolChoice = (wire: typeof ToolChoiceWire.Type): ToolChoice =>
  typeof wire === "string" ? wire : { type: "tool", name: wire.name }

/** OpenAI's efforts above `high` are the most a thinking budget gives elsewhere. */
const reasoning = (effort: NonNullable<ResponsesRequest["reasoning"]>["effort"]): Reasoning | undefined =>
  effort == null || effort === "none" ? undefined : { effort: effort === "xhigh" || effort === "max" ? "high" : effort }

/** The neutral options of a decoded request. */
const options = (request: ResponsesRequest): GenerationOptions => {
  const format = request.text?.format == null ? undefined : responseFormat(request.text.format)
  const thinking = reasoning(request.reasoning?.effort)
  return {
    ...(request.max_output_tokens == null ? {} : { maxTokens: request.max_output_tokens }),
    ...(request.temperature == null ? {} : { temperature: request.temperature }),
    ...(request.top_p == null ? {} : { topP: request.top_p }),
    ...(format === undefined ? {} : { responseFormat: format }),
    ...(request.tools == null || request.tools.length === 0
      ? {}
      : {
          tools: request.tools.map((tool) => ({
            name: tool.name,
            ...(tool.description == null ? {} : { description: tool.description }),
            parameters: tool.parameters ?? { type: "object", properties: {} }
          }))
        }),
    ...(request.tool_choice == null ? {} : { toolChoice: toolChoice(request.tool_choice) }),
    ...(request.parallel_tool_calls == null ? {} : { parallelToolCalls: request.parallel_tool_calls }),
    ...(thinking === undefined ? {} : { reasoning: thinking })
  } as GenerationOptions
}

/** "an Anthropic provider", as a refusal names the provider. */
const providerLabel = (provider: Provider) => {
  const label = providerTypeLabels[provider.type]
  return `${/^[AEIOU]/.test(label) ? "an" : "a"} ${label} provider`
}

/** What a translation learnt that its answer echoes: the decoded request, and who signs the answer's reasoning. */
export interface Translation {
  request: ResponsesRequest | undefined
  /** The provider's type: a signature only means something to the protocol that made it. */
  signedBy: string | undefined
}

/**
 * Validates and translates a parsed JSON body for `provider`; a failure is one `InvalidInput` naming the field. The
 * neutral request holds what the REST chat's input holds (the message count, each image's size, checked against the
 * core's limits as it is read), so it is built without checking it again.
 */
export const translateFor =
  (body: Readonly<Record<string, unknown>>, translation: Translation) =>
  (provider: Provider): Either.Either<ChatRequest, InvalidInput> =>
    Either.gen(function* () {
      const label = providerLabel(provider)
      yield* checkFields(body, label)
      yield* checkTools(body.tools)
      const request = yield* Either.mapLeft(decodeRequest(body), (error) => toInvalidInput(error))
      if (request.parallel_tool_calls === false && provider.type === "gemini")
        return yield* Either.left(
          new InvalidInput({
            field: "parallel_tool_calls",
            problem: `cannot be false on ${label}: it cannot forbid parallel calls`
          })
        )
      const target = yield* targetOf(request.model)
      const messages = yield* neutralMessages(request.instructions, request.input)
      translation.request = request
      translation.signedBy = provider.type
      return new ChatRequest(
        { model: target.model, messages, ...options(request) } as ConstructorParameters<typeof ChatRequest>[0],
        { disableValidation: true }
      )
    })
