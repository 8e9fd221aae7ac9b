/**
 * What a recorded Chat Completions file should become, computed from the file's raw JSON with plain code (no adapter
 * code): the first id and model, the text, reasoning and tool calls of choice 0, the last usage, choice 0's finish
 * reason, and an in-stream error.
 */
import { payloads, recordedJson } from "@switchboard/testing/Recorded"

interface RawChoice {
  readonly index?: number
  readonly delta?: Record<string, unknown> | null
  readonly message?: Record<string, unknown> | null
  readonly finish_reason?: string | null
}
interface RawToolCall {
  readonly index?: number
  readonly id?: string
  readonly function?: { readonly name?: string; readonly arguments?: string }
}
interface RawChunk {
  readonly id?: string
  readonly model?: string
  readonly choices?: ReadonlyArray<RawChoice> | null
  readonly usage?: {
    readonly prompt_tokens?: number
    readonly completion_tokens?: number
    readonly prompt_tokens_details?: { readonly cached_tokens?: number }
    readonly completion_tokens_details?: { readonly reasoning_tokens?: number }
  } | null
  readonly error?: { readonly message?: string; readonly type?: string } | null
}

export interface ExpectedUsage {
  readonly inputTokens: number
  readonly outputTokens: number
  readonly cachedInputTokens?: number
  readonly reasoningTokens?: number
}

export interface ExpectedToolCall {
  readonly id: string
  readonly name: string
  readonly arguments: string
}

export interface Expected {
  /** The first non-empty `id` and `model` (Azure's first chunk has empty ones). */
  readonly metadata: { readonly id?: string; readonly model?: string } | undefined
  readonly text: string
  readonly reasoning: string
  /** Choice 0's calls in the order they first appear, each with its argument pieces joined. */
  readonly toolCalls: ReadonlyArray<ExpectedToolCall>
  readonly usage: ExpectedUsage | undefined
  readonly finish: string | undefined
  readonly error: { readonly message: string; readonly type: string | undefined } | undefined
}

const str = (value: unknown) => (typeof value === "string" ? value : "")

const usageOf = (usage: NonNullable<RawChunk["usage"]>): ExpectedUsage => {
  const cached = usage.prompt_tokens_details?.cached_tokens
  const reasoning = usage.completion_tokens_details?.reasoning_tokens
  return {
    inputTokens: usage.prompt_tokens ?? 0,
    outputTokens: usage.completion_tokens ?? 0,
    ...(cached === undefined ? {} : { cachedInputTokens: cached }),
    ...(reasoning === undefined ? {} : { reasoningTokens: reasoning })
  }
}

const fromChunks = (chunks: ReadonlyArray<RawChunk>, part: "delta" | "message"): Expected => {
  let metadata: Expected["metadata"]
  let text = ""
  let reasoning = ""
  const calls = new Map<number, { id: string; name: string; arguments: string }>()
  let usage: Expected["usage"]
  let finish: string | undefined
  for (const chunk of chunks) {
    if (chunk.error) {
      return {
        metadata,
        text,
        reasoning,
        toolCalls: [...calls.values()],
        usage: undefined,
        finish: undefined,
        error: { message: str(chunk.error.message), type: chunk.error.type }
      }
    }
    if (metadata === undefined && (chunk.id || chunk.model))
      metadata = { ...(chunk.id ? { id: chunk.id } : {}), ...(chunk.model ? { model: chunk.model } : {}) }
    if (chunk.usage) usage = usageOf(chunk.usage)
    for (const choice of chunk.choices ?? []) {
      if ((choice.index ?? 0) !== 0) continue
      const body = choice[part] ?? {}
      reasoning += str(body.reasoning_content) || str(body.reasoning)
      text += str(body.content) + str(body.refusal)
      const toolCalls = (body.tool_calls ?? []) as ReadonlyArray<RawToolCall>
      toolCalls.forEach((call, position) => {
        const key = call.index ?? position
        const known = calls.get(key) ?? { id: str(call.id), name: str(call.function?.name), arguments: "" }
        known.arguments += str(call.function?.arguments)
        calls.set(key, known)
      })
      if (choice.finish_reason) finish = choice.finish_reason
    }
  }
  return { metadata, text, reasoning, toolCalls: [...calls.values()], usage, finish, error: undefined }
}

/** The expectation for a streamed file (SSE or JSONL). */
export const expectedFromStream = (file: string): Expected =>
  fromChunks(payloads(file) as ReadonlyArray<RawChunk>, "delta")

/** The expectation for a non-streaming `chat.completion` body (`member` picks it out of a wrapper document). */
export const expectedFromCompletion = (file: string, member: (json: unknown) => unknown = (json) => json): Expected =>
  fromChunks([member(recordedJson(file)) as RawChunk], "message")
