/**
 * The neutral chat events translated back into OpenAI's Chat Completions answers: one `chat.completion` object, or
 * `chat.completion.chunk` SSE frames ending in `data: [DONE]`. Reasoning goes out as `reasoning_content`, the field
 * vLLM and DeepSeek use, which OpenAI clients ignore when they do not know it.
 */
import { randomUUID } from "node:crypto"
import type { FinishReason } from "@switchboard/core/domain/ChatEvent"
import { Schema } from "effect"
import { type ErrorInfo, openAiBody } from "../ErrorTable"

/** OpenAI's finish reasons; Switchboard's `other` (a provider's own word) reads best as a plain stop. */
export const openAiFinishReason = (reason: FinishReason): "stop" | "length" | "content_filter" | "tool_calls" =>
  reason === "other" ? "stop" : reason

/** OpenAI-style id. `randomUUID` draws from a pool Node refills in batches; `randomBytes` cost a system call each. */
export const completionId = () => `chatcmpl-${randomUUID().replaceAll("-", "").slice(0, 24)}`

export interface UsageCounts {
  readonly inputTokens: number
  readonly outputTokens: number
}

const usageJson = (usage: UsageCounts) => ({
  prompt_tokens: usage.inputTokens,
  completion_tokens: usage.outputTokens,
  total_tokens: usage.inputTokens + usage.outputTokens
})

export interface Answer {
  readonly text: string
  readonly reasoning: string
  readonly finishReason: FinishReason
  readonly usage: UsageCounts | undefined
}

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
        content: answer.text,
        ...(answer.reasoning === "" ? {} : { reasoning_content: answer.reasoning })
      },
      logprobs: null,
      finish_reason: openAiFinishReason(answer.finishReason)
    }
  ],
  ...(answer.usage === undefined ? {} : { usage: usageJson(answer.usage) })
})

/**
 * Writes the frames of one streamed answer. Each frame repeats the same id, creation time and model, as OpenAI's
 * do; the first one carries the assistant role.
 */
export const chunkWriter = (model: string, includeUsage: boolean) => {
  const head = `{"id":"${completionId()}","object":"chat.completion.chunk","created":${Math.floor(Date.now() / 1000)},"model":${JSON.stringify(model)}`
  let roleSent = false
  const frame = (delta: Record<string, string>, finish: string | null) => {
    const withRole = roleSent ? delta : { role: "assistant", ...delta }
    roleSent = true
    return `data: ${head},"choices":[{"index":0,"delta":${JSON.stringify(withRole)},"logprobs":null,"finish_reason":${finish === null ? "null" : `"${finish}"`}}]}\n\n`
  }
  return {
    text: (text: string) => frame({ content: text }, null),
    reasoning: (text: string) => frame({ reasoning_content: text }, null),
    /** The finish frame, then (when the client asked for it) usage in a frame with no choices. */
    finish: (reason: FinishReason, usage: UsageCounts | undefined) =>
      frame({}, openAiFinishReason(reason)) +
      (includeUsage && usage !== undefined
        ? `data: ${head},"choices":[],"usage":${JSON.stringify(usageJson(usage))}}\n\n`
        : "")
  }
}

export const done = "data: [DONE]\n\n"

/** The last frame of a stream that failed after it had started: OpenAI's error object as an SSE event. */
export const errorFrame = (info: ErrorInfo) => `data: ${JSON.stringify(openAiBody(info))}\n\n`

/** The `GET /v1/models` entry of one model. */
export const ModelEntry = Schema.Struct({
  id: Schema.String,
  object: Schema.Literal("model"),
  created: Schema.Int,
  owned_by: Schema.String
}).annotations({ identifier: "OpenAiModel" })

export const ModelList = Schema.Struct({
  object: Schema.Literal("list"),
  data: Schema.Array(ModelEntry)
}).annotations({ identifier: "OpenAiModelList" })
