/**
 * The three chat protocols the bench upstream speaks, all answering the same words (`chunkText(i)`, as many chunks,
 * the same usage) in their own wire format, so every target's answer carries the same content whichever way it went:
 * OpenAI Chat Completions (what Switchboard relays), Anthropic Messages and Gemini `generateContent` (what it
 * translates). A streamed answer is written one content chunk at a time, the framing riding on the first and last
 * writes, so the upstream costs about the same in every protocol and only the gateways' work differs.
 */
import type { Answer } from "@switchboard/testing/Answer"
import * as AnthropicFrames from "@switchboard/testing/AnthropicFrames"
import * as GeminiFrames from "@switchboard/testing/GeminiFrames"
import * as OpenAiFrames from "@switchboard/testing/OpenAiFrames"

export type Protocol = "openai" | "anthropic" | "gemini"

/** The words of every answer; a gateway that passes it through unchanged returns exactly `expectedText`. */
export const chunkText = (index: number) => `w${index} `
export const expectedText = (chunks: number) => Array.from({ length: chunks }, (_, i) => chunkText(i)).join("")

const completionId = "chatcmpl-bench"
const promptTokens = 8

// Gemini names the model and the streaming in the path: `/v1beta/models/{model}:streamGenerateContent`.
const geminiChat = /\/models\/([^/:]+):(streamGenerateContent|generateContent)$/

/** The protocol of a chat request, from its path alone; `undefined` when it is no chat (a model list, a typo). */
export const chatProtocol = (path: string): Protocol | undefined =>
  path.endsWith("/chat/completions")
    ? "openai"
    : path.endsWith("/messages")
      ? "anthropic"
      : geminiChat.test(path)
        ? "gemini"
        : undefined

/** What one chat asks for: the model (from the body, or Gemini's path) and whether to stream. */
export const chatOptions = (
  protocol: Protocol,
  path: string,
  body: unknown
): { readonly model: string; readonly stream: boolean } => {
  if (protocol === "gemini") {
    const [, model = "unknown", method] = geminiChat.exec(path) ?? []
    return { model: decodeURIComponent(model), stream: method === "streamGenerateContent" }
  }
  const chat = body as { model?: unknown; stream?: unknown }
  return { model: typeof chat.model === "string" ? chat.model : "unknown", stream: chat.stream === true }
}

const answerOf = (model: string, chunks: number): Answer => ({
  model,
  pieces: Array.from({ length: chunks }, (_, i) => chunkText(i)),
  promptTokens
})

/** OpenAI: the role with the first chunk, one frame per chunk, then finish, usage and `[DONE]` with the last. */
const openAiFrames = (model: string, chunks: number): Array<string> => {
  const content = Array.from({ length: chunks }, (_, i) =>
    OpenAiFrames.chunk(model, { content: chunkText(i) }, null, completionId)
  )
  const role = OpenAiFrames.chunk(model, { role: "assistant", content: "" }, null, completionId)
  const tail = `${OpenAiFrames.chunk(model, {}, "stop", completionId)}${OpenAiFrames.usage(model, promptTokens, chunks, completionId)}${OpenAiFrames.done}`
  return [`${role}${content[0] ?? ""}`, ...content.slice(1), tail]
}

/** Anthropic: `message_start` and the block's start with the first delta, one delta each, then the closing events. */
const anthropicFrames = (model: string, chunks: number): Array<string> => {
  const [start = "", blockStart = "", ...rest] = AnthropicFrames.frames(answerOf(model, chunks))
  const deltas = rest.slice(0, chunks)
  return [`${start}${blockStart}${deltas[0] ?? ""}`, ...deltas.slice(1), rest.slice(chunks).join("")]
}

/** The writes of a streamed answer, one per content chunk (OpenAI and Anthropic close with one more). */
export const streamFrames = (protocol: Protocol, model: string, chunks: number): Array<string> =>
  protocol === "openai"
    ? openAiFrames(model, chunks)
    : protocol === "anthropic"
      ? anthropicFrames(model, chunks)
      : GeminiFrames.frames(answerOf(model, chunks))

/** The complete (non-streamed) answer's JSON text. */
export const completeAnswer = (protocol: Protocol, model: string, chunks: number): string =>
  protocol === "openai"
    ? OpenAiFrames.completion(answerOf(model, chunks), completionId)
    : protocol === "anthropic"
      ? AnthropicFrames.message(answerOf(model, chunks))
      : GeminiFrames.complete(answerOf(model, chunks))
