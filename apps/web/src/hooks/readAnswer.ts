/**
 * Reads one streamed answer into what the page shows: its text, reasoning and footer (tokens, timing, why it ended).
 * Deltas arrive far faster than a screen refreshes, so they are collected and painted once per frame.
 */
import { describeError } from "../api/ApiError"
import type { ChatStreamEvent } from "../api/types"
import type { AnswerMeta, Message } from "./conversations"

export interface AnswerCallbacks {
  /** The server started (or continued) conversation `id`. */
  readonly onStart: (id: string) => void
  /** Applies what has arrived to the answer being written. */
  readonly onPatch: (change: (answer: Message) => Message) => void
}

/** Reads `events` to their end (or until `signal` aborts them); never rejects, the failure goes in the answer. */
export const readAnswer = async (
  events: AsyncGenerator<ChatStreamEvent>,
  signal: AbortSignal,
  { onStart, onPatch }: AnswerCallbacks
): Promise<void> => {
  let answer = ""
  let reasoning = ""
  let meta: AnswerMeta = {}
  let frame: number | undefined
  const flush = () => {
    frame = undefined
    const snapshot = { answer, reasoning, meta }
    onPatch((m) => ({
      ...m,
      content: snapshot.answer,
      ...(snapshot.reasoning === "" ? {} : { reasoning: snapshot.reasoning }),
      meta: snapshot.meta
    }))
  }
  try {
    for await (const event of events) {
      if (event.type === "start") onStart(event.conversationId)
      else if (event.type === "delta") answer += event.text
      else if (event.type === "reasoning") reasoning += event.text
      else if (event.type === "usage")
        meta = { ...meta, inputTokens: event.inputTokens, outputTokens: event.outputTokens }
      else if (event.type === "done")
        meta = {
          ...meta,
          ...event.usage,
          ...(event.cost === undefined ? {} : { cost: event.cost }),
          finishReason: event.finishReason,
          ...(event.timing ? { timing: event.timing } : {})
        }
      else if (event.type === "error") meta = { ...meta, error: event.error.message }
      frame ??= requestAnimationFrame(flush)
    }
    if (signal.aborted) meta = { ...meta, stopped: true }
  } catch (cause) {
    meta = signal.aborted ? { ...meta, stopped: true } : { ...meta, error: describeError(cause) }
  } finally {
    if (frame !== undefined) cancelAnimationFrame(frame)
    flush()
  }
}
