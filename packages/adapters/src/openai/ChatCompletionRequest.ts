/**
 * The Chat Completions request body for a neutral `ChatRequest`. Only what the user set is sent, so the strictest
 * OpenAI-compatible servers accept it; `stream_options.include_usage` asks for the token counts the core's timing and
 * usage display need. Options with no Chat Completions field are left out rather than guessed at, since OpenAI
 * answers an unknown field with 400:
 * - `topK`: OpenAI has no top-k (vLLM and Ollama take `top_k`; `providerOptions` can send it to them);
 * - `reasoning.budgetTokens`: a token budget is Anthropic's and Gemini's knob; here only `effort` exists;
 * - `responseFormat: text` is the default, so it is omitted;
 * - empty `stop` and `tools` lists, which OpenAI rejects as too short.
 */
import type { ChatRequest, ResponseFormat, ToolChoice } from "@switchboard/core/domain/ChatRequest"
import { chatMessages, Unsendable } from "./ChatCompletionMessages"

export { Unsendable }

/**
 * OpenAI's reasoning models (o1, o3, o4-mini, gpt-5…) reject `max_tokens` with 400 `unsupported_parameter` and want
 * `max_completion_tokens`; every other server (vLLM, Ollama, older OpenAI models) knows `max_tokens`. A namespaced id
 * (`openai/o3-mini` on a gateway) is judged by its last segment.
 */
export const usesMaxCompletionTokens = (model: string): boolean => {
  const id = (model.split("/").at(-1) ?? model).toLowerCase()
  return /^(?:o\d|gpt-5)(?:$|[-.:_])/.test(id)
}

export interface BodyOptions {
  /** Azure's deployment URLs name the model in the path; every other endpoint needs it in the body. */
  readonly modelInBody: boolean
}

const responseFormat = (format: ResponseFormat): Record<string, unknown> | undefined => {
  switch (format.type) {
    case "text":
      return undefined
    case "json":
      return { type: "json_object" }
    case "json_schema":
      return {
        type: "json_schema",
        json_schema: {
          name: format.name,
          ...(format.description === undefined ? {} : { description: format.description }),
          schema: format.schema,
          ...(format.strict === undefined ? {} : { strict: format.strict })
        }
      }
  }
}

const toolChoice = (choice: ToolChoice) =>
  typeof choice === "string" ? choice : { type: "function", function: { name: choice.name } }

/** The generation options as body fields, each only when set. */
const optionFields = (request: ChatRequest): Record<string, unknown> => {
  const body: Record<string, unknown> = {}
  if (request.maxTokens !== undefined)
    body[usesMaxCompletionTokens(request.model) ? "max_completion_tokens" : "max_tokens"] = request.maxTokens
  if (request.temperature !== undefined) body.temperature = request.temperature
  if (request.topP !== undefined) body.top_p = request.topP
  if (request.stop !== undefined && request.stop.length > 0) body.stop = request.stop
  if (request.seed !== undefined) body.seed = request.seed
  if (request.presencePenalty !== undefined) body.presence_penalty = request.presencePenalty
  if (request.frequencyPenalty !== undefined) body.frequency_penalty = request.frequencyPenalty
  const format = request.responseFormat === undefined ? undefined : responseFormat(request.responseFormat)
  if (format !== undefined) body.response_format = format
  if (request.tools !== undefined && request.tools.length > 0)
    body.tools = request.tools.map((tool) => ({
      type: "function",
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: tool.parameters
      }
    }))
  if (request.toolChoice !== undefined) body.tool_choice = toolChoice(request.toolChoice)
  if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls
  if (request.reasoning?.effort !== undefined) body.reasoning_effort = request.reasoning.effort
  return body
}

/**
 * The JSON body of one streamed chat request, or what in the conversation cannot be sent. `providerOptions` go in
 * last, as given: they are the caller's own fields and win over ours.
 */
export const chatBody = (request: ChatRequest, options: BodyOptions): Record<string, unknown> | Unsendable => {
  const messages = chatMessages(request.messages)
  if (messages instanceof Unsendable) return messages
  return {
    ...(options.modelInBody ? { model: request.model } : {}),
    messages,
    stream: true,
    stream_options: { include_usage: true },
    ...optionFields(request),
    ...request.providerOptions
  }
}
