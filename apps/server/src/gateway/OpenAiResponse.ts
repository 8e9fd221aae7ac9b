/**
 * The neutral chat events translated back into OpenAI's Chat Completions answers: one `chat.completion` object, or
 * `chat.completion.chunk` SSE frames ending in `data: [DONE]`. Reasoning goes out as `reasoning_content`, the field
 * vLLM and DeepSeek use, which OpenAI clients ignore when they do not know it.
 */
import { randomUUID } from "node:crypto"
import type { ChatEvent, FinishReason, Usage } from "@switchboard/core/domain/ChatEvent"
import { Capability } from "@switchboard/core/domain/ModelCapabilities"
import { Schema } from "effect"
import { type ErrorInfo, openAiBody } from "../ErrorTable"
import type { Answer } from "./Collected"
import type { AnswerWriter, ErrorShape } from "./EntryPoint"

/**
 * OpenAI's finish reason for what was sent: `tool_calls` exactly when the answer holds tool calls (a protocol that
 * says `stop` after calling tools, or `tool_calls` without any, would mislead the client's tool loop); Switchboard's
 * `other` (a provider's own word) reads best as a plain stop.
 */
export const openAiFinishReason = (
  reason: FinishReason,
  calledTools: boolean
): "stop" | "length" | "content_filter" | "tool_calls" =>
  calledTools && (reason === "stop" || reason === "tool_calls" || reason === "other")
    ? "tool_calls"
    : reason === "other" || reason === "tool_calls"
      ? "stop"
      : reason

/** OpenAI-style id. `randomUUID` draws from a pool Node refills in batches; `randomBytes` cost a system call each. */
export const completionId = () => `chatcmpl-${randomUUID().replaceAll("-", "").slice(0, 24)}`

/** Token counts as OpenAI reports them: all input in `prompt_tokens`, the cached and reasoning parts in details. */
const usageJson = (usage: Usage) => ({
  prompt_tokens: usage.inputTokens,
  completion_tokens: usage.outputTokens,
  total_tokens: usage.inputTokens + usage.outputTokens,
  ...(usage.cachedInputTokens === undefined
    ? {}
    : { prompt_tokens_details: { cached_tokens: usage.cachedInputTokens } }),
  ...(usage.reasoningTokens === undefined
    ? {}
    : { completion_tokens_details: { reasoning_tokens: usage.reasoningTokens } })
})

/** The whole answer as one `chat.completion`. */
export const completion = (model: string, answer: Answer) => ({
  id: completionId(),
  object: "chat.completion" as const,
  created: Math.floor(Date.now() / 1000),
  model,
  choices: [
    {
      index: 0,
      message: {
        role: "assistant" as const,
        // OpenAI sends `null`, not "", beside tool calls.
        content: answer.text === "" && answer.toolCalls.length > 0 ? null : answer.text,
        refusal: null,
        ...(answer.reasoning === "" ? {} : { reasoning_content: answer.reasoning }),
        ...(answer.toolCalls.length === 0
          ? {}
          : {
              tool_calls: answer.toolCalls.map((call) => ({
                id: call.id,
                type: "function" as const,
                function: { name: call.name, arguments: call.arguments }
              }))
            })
      },
      logprobs: null,
      finish_reason: openAiFinishReason(answer.finishReason, answer.toolCalls.length > 0)
    }
  ],
  ...(answer.usage === undefined ? {} : { usage: usageJson(answer.usage) })
})

/**
 * Writes the frames of one streamed answer. Each frame repeats the same id, creation time and model, as OpenAI's
 * do; the first one carries the assistant role. A tool call's first frame carries its id, type and name, the next
 * ones pieces of its arguments, all under the call's `index`.
 */
export const chunkWriter = (model: string, includeUsage: boolean) => {
  const head = `{"id":"${completionId()}","object":"chat.completion.chunk","created":${Math.floor(Date.now() / 1000)},"model":${JSON.stringify(model)}`
  let roleSent = false
  let calledTools = false
  const frame = (delta: Record<string, unknown>, finish: string | null) => {
    const withRole = roleSent ? delta : { role: "assistant", ...delta }
    roleSent = true
    return `data: ${head},"choices":[{"index":0,"delta":${JSON.stringify(withRole)},"logprobs":null,"finish_reason":${finish === null ? "null" : `"${finish}"`}}]}\n\n`
  }
  return {
    text: (text: string) => frame({ content: text }, null),
    reasoning: (text: string) => frame({ reasoning_content: text }, null),
    toolCall: (index: number, id: string, name: string) => {
      calledTools = true
      return frame({ tool_calls: [{ index, id, type: "function", function: { name, arguments: "" } }] }, null)
    },
    toolArguments: (index: number, piece: string) =>
      frame({ tool_calls: [{ index, function: { arguments: piece } }] }, null),
    /** The finish frame, then (when the client asked for it) usage in a frame with no choices. */
    finish: (reason: FinishReason, usage: Usage | undefined) =>
      frame({}, openAiFinishReason(reason, calledTools)) +
      (includeUsage && usage !== undefined
        ? `data: ${head},"choices":[],"usage":${JSON.stringify(usageJson(usage))}}\n\n`
        : "")
  }
}

export const done = "data: [DONE]\n\n"

/** The last frame of a stream that failed after it had started: OpenAI's error object as an SSE event. */
export const errorFrame = (info: ErrorInfo) => `data: ${JSON.stringify(openAiBody(info))}\n\n`

/** How Chat Completions clients are told of failures. */
export const chatCompletionErrors: ErrorShape = { style: "openai", frame: errorFrame }

/** A translated answer for a Chat Completions client, which wrote `model` and asked for usage in a stream or not. */
export const chatCompletionWriter = (model: string, includeUsage: boolean): AnswerWriter => ({
  frames: () => {
    const chunks = chunkWriter(model, includeUsage)
    return {
      events: (events: ReadonlyArray<ChatEvent>) => {
        let text = ""
        for (const event of events) {
          if (event._tag === "TextDelta") text += chunks.text(event.text)
          else if (event._tag === "ReasoningDelta") text += chunks.reasoning(event.text)
          else if (event._tag === "ToolCallStart") text += chunks.toolCall(event.index, event.id, event.name)
          else if (event._tag === "ToolCallDelta") text += chunks.toolArguments(event.index, event.arguments)
        }
        return text
      },
      finish: (answer) => chunks.finish(answer.finishReason, answer.usage) + done,
      error: errorFrame
    }
  },
  complete: (answer) => completion(model, answer)
})

/** The `GET /v1/models` entry of one model. */
export const ModelEntry = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("model"),
  created: Schema.Int,
  owned_by: Schema.String,
  /**
   * Switchboard's addition, which OpenAI's clients pass over: what the model can do, as its settings say. `embedding`
   * marks a model for `/v1/embeddings`; one with no other capability cannot chat.
   */
  capabilities: Schema.Array(Capability).annotations({
    description: "What the model can do; `embedding` marks a model for /v1/embeddings (Switchboard's addition)."
  }),
  /** Also Switchboard's: the model's context window and output limit where known (yours, the provider's or the catalog's). */
  context_window: Schema.optional(Schema.Int).annotations({
    description: "Tokens the model takes in at once, where known (Switchboard's addition)."
  }),
  max_output_tokens: Schema.optional(Schema.Int).annotations({
    description: "Tokens the model writes at most in one answer, where known (Switchboard's addition)."
  })
}).annotations({ identifier: "OpenAiModel" })

export const ModelList = Schema.Struct({
  object: Schema.Literal("list"),
  data: Schema.Array(ModelEntry)
}).annotations({ identifier: "OpenAiModelList" })
