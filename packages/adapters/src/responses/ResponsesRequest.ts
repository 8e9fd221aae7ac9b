/**
 * The exact `POST …/responses` the Responses adapter sends: the URL from the core's base-URL rules, the provider's
 * headers and the key as `Authorization: Bearer` (only when one is set), and the body for a neutral `ChatRequest`.
 * Only what the user set is sent; options with no Responses field are left out rather than guessed at, since OpenAI
 * answers an unknown field with 400:
 * - `stop`, `seed`, `topK` and the presence and frequency penalties: the Responses API has none of them (the gateway
 *   refuses them before they get here; `providerOptions` can still send a compatible server its own);
 * - `reasoning.budgetTokens`: a token budget is Anthropic's and Gemini's knob; here only `effort` exists;
 * - `responseFormat: text` is the default, so it is omitted.
 * `store: false` keeps the conversation on Switchboard's side: nothing is kept at OpenAI between turns, so every turn
 * sends the whole conversation, as with the other protocols. With a reasoning effort, the reasoning comes back
 * encrypted (`include`), so the next turn can hand it back (`ResponsesInput`).
 */
import { endpoints } from "@switchboard/core/BaseUrl"
import type { ChatRequest, ResponseFormat, ToolChoice } from "@switchboard/core/domain/ChatRequest"
import type { AdapterTarget } from "@switchboard/core/ProviderAdapter"
import { HttpClientRequest } from "@effect/platform"
import { type Call, chatCall } from "../internal/Http"
import { headersFor } from "../openai/Dialect"
import { dialect } from "../openai/OpenAiAdapter"
import { inputOf } from "./ResponsesInput"

/**
 * OpenAI refuses a `max_output_tokens` under 16 (400 `integer_below_min_value`), where the other protocols take 1:
 * a smaller limit (Verify's one-token check) is raised to it rather than refused.
 */
export const minOutputTokens = 16

const textFormat = (format: ResponseFormat): Record<string, unknown> | undefined => {
  switch (format.type) {
    case "text":
      return undefined
    case "json":
      return { type: "json_object" }
    case "json_schema":
      return {
        type: "json_schema",
        name: format.name,
        ...(format.description === undefined ? {} : { description: format.description }),
        schema: format.schema,
        ...(format.strict === undefined ? {} : { strict: format.strict })
      }
  }
}

const toolChoice = (choice: ToolChoice) =>
  typeof choice === "string" ? choice : { type: "function", name: choice.name }

/** The generation options as body fields, each only when set. */
const optionFields = (request: ChatRequest): Record<string, unknown> => {
  const body: Record<string, unknown> = {}
  if (request.maxTokens !== undefined) body.max_output_tokens = Math.max(request.maxTokens, minOutputTokens)
  if (request.temperature !== undefined) body.temperature = request.temperature
  if (request.topP !== undefined) body.top_p = request.topP
  const format = request.responseFormat === undefined ? undefined : textFormat(request.responseFormat)
  if (format !== undefined) body.text = { format }
  if (request.tools !== undefined && request.tools.length > 0)
    body.tools = request.tools.map((tool) => ({
      type: "function",
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parameters: tool.parameters,
      // The API's default is strict, which refuses any schema not written for it (every property required, no
      // additional ones); the neutral tool makes no such promise, so its schema guides the model without binding it.
      strict: false
    }))
  if (request.toolChoice !== undefined) body.tool_choice = toolChoice(request.toolChoice)
  if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls
  if (request.reasoning?.effort !== undefined) {
    body.reasoning = { effort: request.reasoning.effort }
    body.include = ["reasoning.encrypted_content"]
  }
  return body
}

/**
 * The JSON body of one request, streamed unless `stream` is false. `providerOptions` go in last, as given: they are
 * the caller's own fields and win over ours.
 */
export const responsesBody = (request: ChatRequest, stream = true): Record<string, unknown> => {
  const { instructions, input } = inputOf(request.messages)
  return {
    model: request.model,
    ...(instructions === undefined ? {} : { instructions }),
    input,
    ...optionFields(request),
    stream,
    store: false,
    ...request.providerOptions
  }
}

/** The provider's headers, then the key as OpenAI takes it. */
const authorize = (request: HttpClientRequest.HttpClientRequest, target: AdapterTarget) =>
  HttpClientRequest.setHeaders(request, headersFor(dialect, target))

/** The provider's Responses endpoint, by the `openai-responses` base-URL rules. */
export const responsesUrl = (provider: AdapterTarget["provider"]): string =>
  endpoints({ type: "openai-responses", baseUrl: provider.baseUrl }).chat

/** The `POST …/responses` for one chat request, streamed unless `stream` is false. */
export const chatRequest = (target: AdapterTarget, request: ChatRequest, stream = true): Call =>
  chatCall(responsesUrl(target.provider), responsesBody(request, stream), target, authorize)
