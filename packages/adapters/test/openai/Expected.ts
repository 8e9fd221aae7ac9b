/**
 * What a recorded Chat Completions file should become, computed from the file's raw JSON with plain code (no adapter
 * code): the text and reasoning of choice 0, the last usage, choice 0's finish reason, and an in-stream error.
 */
import { payloads, recordedJson } from "@switchboard/testing/Recorded"

interface RawChoice {
  readonly index?: number
  readonly delta?: Record<string, unknown> | null
  readonly message?: Record<string, unknown> | null
  readonly finish_reason?: string | null
}
interface RawChunk {
  readonly choices?: ReadonlyArray<RawChoice> | null
  readonly usage?: { readonly prompt_tokens?: number; readonly completion_tokens?: number } | null
  readonly error?: { readonly message?: string; readonly type?: string } | null
}

export interface Expected {
  readonly text: string
  readonly reasoning: string
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number } | undefined
  readonly finish: string | undefined
  readonly error: { readonly message: string; readonly type: string | undefined } | undefined
}

const str = (value: unknown) => (typeof value === "string" ? value : "")

const fromChunks = (chunks: ReadonlyArray<RawChunk>, part: "delta" | "message"): Expected => {
  let text = ""
  let reasoning = ""
  let usage: Expected["usage"]
  let finish: string | undefined
  for (const chunk of chunks) {
    if (chunk.error) {
      return {
        text,
        reasoning,
        usage: undefined,
        finish: undefined,
        error: { message: str(chunk.error.message), type: chunk.error.type }
      }
    }
    if (chunk.usage)
      usage = { inputTokens: chunk.usage.prompt_tokens ?? 0, outputTokens: chunk.usage.completion_tokens ?? 0 }
    for (const choice of chunk.choices ?? []) {
      if ((choice.index ?? 0) !== 0) continue
      const body = choice[part] ?? {}
      reasoning += str(body.reasoning_content) || str(body.reasoning)
      text += str(body.content) + str(body.refusal)
      if (choice.finish_reason) finish = choice.finish_reason
    }
  }
  return { text, reasoning, usage, finish, error: undefined }
}

/** The expectation for a streamed file (SSE or JSONL). */
export const expectedFromStream = (file: string): Expected =>
  fromChunks(payloads(file) as ReadonlyArray<RawChunk>, "delta")

/** The expectation for a non-streaming `chat.completion` body (`member` picks it out of a wrapper document). */
export const expectedFromCompletion = (file: string, member: (json: unknown) => unknown = (json) => json): Expected =>
  fromChunks([member(recordedJson(file)) as RawChunk], "message")
