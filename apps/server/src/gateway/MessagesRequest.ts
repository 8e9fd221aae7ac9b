/**
 * What the gateway accepts on `POST /v1/messages` for a provider that does not speak Messages (OpenAI-compatible,
 * Azure, OpenAI Responses, Gemini): the request translated into the core's neutral request. Every field that has a
 * meaning there is sent on; bookkeeping and server-side settings that do not change the answer are dropped; fields
 * whose meaning would be lost are refused with a 400 naming them (`messagesFields`, which the README shows). An
 * Anthropic provider never comes here: it gets the request as written (the relay).
 */
import { markdownTable } from "./MarkdownTable"
import {
  ChatRequest,
  type GenerationOptions,
  type Reasoning,
  type ToolChoice,
  type ToolDefinition
} from "@switchboard/core/domain/ChatRequest"
import { InvalidInput } from "@switchboard/core/domain/Errors"
import { excerpt } from "@switchboard/core/domain/Excerpt"
import type { Provider } from "@switchboard/core/domain/Provider"
import { toInvalidInput } from "@switchboard/core/domain/ProviderInput"
import { Either, Schema } from "effect"
import { neutralMessages, SystemWire } from "./MessagesContent"
import { targetOf } from "./ModelRoute"

/** How a translation treats a top-level field: sent as the neutral request's, dropped, or refused. */
export type MessagesHandling = "sent" | "dropped" | "refused"

/** Every top-level field a translation knows, with why it is dropped or refused; any other field is refused. */
export const messagesFields: Readonly<Record<string, { readonly handling: MessagesHandling; readonly note?: string }>> =
  {
    model: { handling: "sent", note: "`<provider id>/<model id>`" },
    messages: { handling: "sent", note: "text, image, document, tool_use, tool_result, thinking blocks" },
    system: { handling: "sent", note: "a string or text blocks" },
    max_tokens: { handling: "sent" },
    stop_sequences: { handling: "sent" },
    stream: { handling: "sent" },
    temperature: { handling: "sent" },
    top_p: { handling: "sent" },
    top_k: { handling: "sent" },
    thinking: { handling: "sent", note: "`enabled` as a thinking budget, `adaptive` as an effort" },
    tools: { handling: "sent", note: "custom tools; Anthropic's server tools are refused" },
    tool_choice: { handling: "sent", note: "Gemini cannot forbid parallel calls (`disable_parallel_tool_use`)" },
    output_config: { handling: "sent", note: "`effort`, and `format` as a JSON schema" },
    metadata: { handling: "dropped" },
    service_tier: { handling: "dropped" },
    inference_geo: { handling: "dropped" },
    speed: { handling: "dropped" },
    cache_control: { handling: "dropped", note: "caching is Anthropic's" },
    context_management: { handling: "dropped", note: "Anthropic's server-side trimming: the whole context is sent" },
    container: { handling: "refused", note: "Anthropic's code execution container" },
    mcp_servers: { handling: "refused", note: "MCP servers Anthropic's API calls" }
  }

/** The table as the server README shows it (`MessagesRequest.test.ts` keeps the two equal). */
export const messagesFieldTable = (): string =>
  markdownTable(
    ["field", "translated", "note"],
    Object.entries(messagesFields).map(([name, rule]) => [`\`${name}\``, rule.handling, rule.note ?? ""])
  )

const JsonObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })
const Parallel = { disable_parallel_tool_use: Schema.optional(Schema.Boolean) }

const ThinkingWire = Schema.Union(
  Schema.Struct({ type: Schema.Literal("enabled"), budget_tokens: Schema.Int.pipe(Schema.positive()) }),
  Schema.Struct({ type: Schema.Literal("disabled") }),
  Schema.Struct({ type: Schema.Literal("adaptive") })
)

const ToolChoiceWire = Schema.Union(
  Schema.Struct({ type: Schema.Literal("auto"), ...Parallel }),
  Schema.Struct({ type: Schema.Literal("any"), ...Parallel }),
  Schema.Struct({ type: Schema.Literal("tool"), name: Schema.String, ...Parallel }),
  Schema.Struct({ type: Schema.Literal("none") })
)

/** A custom tool; Anthropic's server tools (`web_search_…`, `bash_…`) have a `type` of their own. */
const ToolWire = Schema.Struct({
  type: Schema.optional(Schema.NullOr(Schema.Literal("custom"))),
  name: Schema.String,
  description: Schema.optional(Schema.String),
  input_schema: JsonObject
})

const OutputConfigWire = Schema.Struct({
  effort: Schema.optional(Schema.NullOr(Schema.Literal("low", "medium", "high", "xhigh", "max"))),
  format: Schema.optional(Schema.NullOr(Schema.Struct({ type: Schema.Literal("json_schema"), schema: JsonObject })))
})

/** The fields a translation reads, typed; `checkFields` has already judged every field by the table. */
export const MessagesRequest = Schema.Struct({
  model: Schema.String,
  messages: Schema.NonEmptyArray(Schema.Unknown),
  max_tokens: Schema.Int.pipe(Schema.positive()),
  system: Schema.optional(SystemWire),
  stop_sequences: Schema.optional(Schema.Array(Schema.String)),
  stream: Schema.optional(Schema.Boolean),
  temperature: Schema.optional(Schema.Number.pipe(Schema.between(0, 1))),
  top_p: Schema.optional(Schema.Number.pipe(Schema.between(0, 1))),
  top_k: Schema.optional(Schema.Int.pipe(Schema.nonNegative())),
  thinking: Schema.optional(ThinkingWire),
  tools: Schema.optional(Schema.Array(Schema.Unknown)),
  tool_choice: Schema.optional(ToolChoiceWire),
  output_config: Schema.optional(OutputConfigWire)
}).annotations({ identifier: "MessagesRequest" })
type MessagesRequestWire = typeof MessagesRequest.Type

/** A token count's body, for the OpenAPI document: a message's, without what generation alone reads. */
export const CountTokensRequest = MessagesRequest.pipe(
  Schema.pick("model", "messages", "system", "tools", "tool_choice", "thinking", "output_config")
).annotations({ identifier: "CountTokensRequest" })

const decodeRequest = Schema.decodeUnknownEither(MessagesRequest, { errors: "first", onExcessProperty: "ignore" })
const decodeTool = Schema.decodeUnknownEither(ToolWire, { errors: "first", onExcessProperty: "ignore" })

/** Every field checked against the table: an unknown field, or one whose meaning would be lost, is refused. */
const checkFields = (body: Readonly<Record<string, unknown>>): Either.Either<void, InvalidInput> => {
  for (const [name, value] of Object.entries(body)) {
    const rule = Object.hasOwn(messagesFields, name) ? messagesFields[name] : undefined
    if (rule === undefined)
      return Either.left(new InvalidInput({ field: excerpt(name), problem: "is not a Messages request field" }))
    if (rule.handling === "refused" && value != null)
      return Either.left(
        new InvalidInput({ field: name, problem: `cannot be honoured on a translated provider (${rule.note})` })
      )
  }
  return Either.right(undefined)
}

const tools = (raw: ReadonlyArray<unknown>): Either.Either<ReadonlyArray<ToolDefinition>, InvalidInput> => {
  const out: Array<ToolDefinition> = []
  for (const [i, tool] of raw.entries()) {
    const type = (tool as { type?: unknown } | null)?.type
    if (type != null && type !== "custom")
      return Either.left(
        new InvalidInput({
          field: `tools[${i}]`,
          problem: "is one of Anthropic's server tools, which only an Anthropic provider runs"
        })
      )
    const decoded = decodeTool(tool)
    if (Either.isLeft(decoded)) return Either.left(toInvalidInput(decoded.left, `tools[${i}]`))
    const { name, description, input_schema } = decoded.right
    out.push({ name, ...(description === undefined ? {} : { description }), parameters: input_schema })
  }
  return Either.right(out)
}

/** The client forbade parallel tool calls. */
const parallelOff = (choice: typeof ToolChoiceWire.Type | undefined): boolean =>
  choice !== undefined && choice.type !== "none" && choice.disable_parallel_tool_use === true

const toolChoice = (wire: typeof ToolChoiceWire.Type): ToolChoice => {
  switch (wire.type) {
    case "auto":
      return "auto"
    case "any":
      return "required"
    case "none":
      return "none"
    case "tool":
      return { type: "tool", name: wire.name }
  }
}

/** Anthropic's efforts above `high` are the most the neutral request asks for. */
const effortOf = (effort: NonNullable<typeof OutputConfigWire.Type.effort>): NonNullable<Reasoning["effort"]> =>
  effort === "xhigh" || effort === "max" ? "high" : effort

/**
 * Thinking as the neutral reasoning: a budget as it is, adaptive thinking as an effort (the client's, or medium), an
 * effort alone as that effort; none when thinking is disabled or not asked for.
 */
const reasoning = (request: MessagesRequestWire): Reasoning | undefined => {
  const effort = request.output_config?.effort == null ? undefined : effortOf(request.output_config.effort)
  switch (request.thinking?.type) {
    case "enabled":
      return { budgetTokens: request.thinking.budget_tokens, ...(effort === undefined ? {} : { effort }) }
    case "adaptive":
      return { effort: effort ?? "medium" }
    case "disabled":
      return undefined
    default:
      return effort === undefined ? undefined : { effort }
  }
}

const options = (
  request: MessagesRequestWire,
  toolList: ReadonlyArray<ToolDefinition>
): Omit<GenerationOptions, "seed" | "presencePenalty" | "frequencyPenalty" | "providerOptions"> => {
  const thought = reasoning(request)
  const format = request.output_config?.format
  const choice = request.tool_choice
  return {
    maxTokens: request.max_tokens,
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.top_p === undefined ? {} : { topP: request.top_p }),
    ...(request.top_k === undefined || request.top_k === 0 ? {} : { topK: request.top_k }),
    ...(request.stop_sequences === undefined || request.stop_sequences.length === 0
      ? {}
      : { stop: request.stop_sequences }),
    ...(toolList.length === 0 ? {} : { tools: toolList }),
    ...(choice === undefined || toolList.length === 0 ? {} : { toolChoice: toolChoice(choice) }),
    ...(parallelOff(choice) && toolList.length > 0 ? { parallelToolCalls: false } : {}),
    ...(thought === undefined ? {} : { reasoning: thought }),
    ...(format == null ? {} : { responseFormat: { type: "json_schema", name: "response", schema: format.schema } })
  }
}

/**
 * Validates and translates a Messages `body` for `provider`; a failure is one `InvalidInput` naming the field
 * (`messages[2].content[0].source`).
 */
export const parseMessages = (
  body: Readonly<Record<string, unknown>>,
  provider: Pick<Provider, "type">
): Either.Either<ChatRequest, InvalidInput> =>
  Either.gen(function* () {
    yield* checkFields(body)
    const request = yield* Either.mapLeft(decodeRequest(body), (error) => toInvalidInput(error))
    const target = yield* targetOf(request.model)
    const toolList = yield* tools(request.tools ?? [])
    if (parallelOff(request.tool_choice) && provider.type === "gemini")
      return yield* Either.left(
        new InvalidInput({
          field: "tool_choice.disable_parallel_tool_use",
          problem: "cannot be honoured on a Gemini provider, which cannot forbid parallel calls"
        })
      )
    const messages = yield* neutralMessages(request.system, request.messages)
    // The messages hold what the REST chat's input holds (each image checked against the core's limits), so the
    // request is built without checking it again.
    return new ChatRequest(
      { model: target.model, messages, ...options(request, toolList) } as ConstructorParameters<typeof ChatRequest>[0],
      { disableValidation: true }
    )
  })

/** The translation of a Messages `body` for `provider`, for `Relay` to send through the provider's adapter. */
export const translateMessages =
  (body: Readonly<Record<string, unknown>>) =>
  (provider: Provider): Either.Either<ChatRequest, InvalidInput> =>
    parseMessages(body, provider)
