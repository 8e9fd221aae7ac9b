/**
 * The Chat Completions request body for a neutral `ChatRequest`. Only what the user set is sent, so the strictest
 * OpenAI-compatible servers accept it; `stream_options.include_usage` asks for the token counts the core's timing and
 * usage display need.
 */
import { type ChatRequest, textOf } from "@switchboard/core/domain/ChatRequest"

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

/** The JSON body of one streamed chat request. */
export const chatBody = (request: ChatRequest, options: BodyOptions): Record<string, unknown> => ({
  ...(options.modelInBody ? { model: request.model } : {}),
  messages: request.messages.map((message) => ({ role: message.role, content: textOf(message) })),
  stream: true,
  stream_options: { include_usage: true },
  ...(request.maxTokens === undefined
    ? {}
    : usesMaxCompletionTokens(request.model)
      ? { max_completion_tokens: request.maxTokens }
      : { max_tokens: request.maxTokens }),
  ...(request.temperature === undefined ? {} : { temperature: request.temperature })
})
