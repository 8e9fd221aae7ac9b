/**
 * What both readings of an answer (the stream, `AnthropicStream`; a whole message, `AnthropicMessage`) turn into the
 * same neutral events: token counts, the stop reason, a tool call's input, an error inside a 200.
 */
import { Finish, type FinishReason, Usage } from "@switchboard/core/domain/ChatEvent"
import { ProviderError } from "@switchboard/core/domain/Errors"
import { isObject } from "../internal/FastJson"
import { type CallContext, scrub } from "../internal/Http"
import { reasonForError } from "./AnthropicErrors"
import type { WireUsage } from "./AnthropicWire"
import { unchecked } from "../internal/Unchecked"

/** Anthropic's `stop_reason` → the neutral reason; the raw word always travels along for display. */
export const finishReason = (stopReason: string): FinishReason => {
  switch (stopReason) {
    case "end_turn":
    case "stop_sequence":
      return "stop"
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length"
    case "tool_use":
      return "tool_calls"
    case "refusal":
      return "content_filter"
    default:
      return "other"
  }
}

/**
 * The answer's `Finish`. An answer whose only call was the JSON tool's (`AnthropicJsonTool`) is a finished answer,
 * not a turn waiting for tool results: `stop`, with the raw `tool_use`.
 */
export const finish = (stopReason: string, onlyJson: boolean): Finish =>
  new Finish(
    { reason: onlyJson && stopReason === "tool_use" ? "stop" : finishReason(stopReason), raw: stopReason },
    unchecked
  )

/** The counts an answer gave so far; each later count replaces the earlier (`message_delta`'s are cumulative). */
export interface Counts {
  input?: number | undefined
  output?: number | undefined
  cacheRead?: number | undefined
  cacheWrite?: number | undefined
}

export const noteUsage = (counts: Counts, usage: WireUsage | undefined): void => {
  if (usage === undefined) return
  counts.input = usage.input_tokens ?? counts.input
  counts.output = usage.output_tokens ?? counts.output
  counts.cacheRead = usage.cache_read_input_tokens ?? counts.cacheRead
  counts.cacheWrite = usage.cache_creation_input_tokens ?? counts.cacheWrite
}

/**
 * The neutral `Usage`, whose `inputTokens` is all of the input: Anthropic's `input_tokens` is only what came after
 * the last cache breakpoint, so the cache reads and writes are added. None when the answer gave no count at all.
 */
export const usageOf = (counts: Counts): Usage | undefined => {
  const { input, output, cacheRead, cacheWrite } = counts
  if (input === undefined && output === undefined && cacheRead === undefined && cacheWrite === undefined)
    return undefined
  return new Usage(
    {
      inputTokens: (input ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0),
      outputTokens: output ?? 0,
      ...(cacheRead === undefined ? {} : { cachedInputTokens: cacheRead }),
      ...(cacheWrite === undefined ? {} : { cacheWriteTokens: cacheWrite })
    },
    unchecked
  )
}

/** A tool call's whole input as arguments JSON: an object's JSON, `{}` for anything else (absent, not an object). */
export const inputJson = (input: unknown): string => (isObject(input) ? JSON.stringify(input) : "{}")

/** An error envelope inside a 200 (`event: error`, or a proxy's JSON body), with its words scrubbed. */
export const streamError = (ctx: CallContext, error: { readonly type: string; readonly message: string }) =>
  new ProviderError({
    reason: reasonForError(error.type),
    url: ctx.url,
    detail: scrub(`${error.message} (${error.type})`, ctx)
  })
