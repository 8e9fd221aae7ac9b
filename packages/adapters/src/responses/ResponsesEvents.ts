/**
 * What both readings of a Responses answer (the stream, `ResponsesStream`; a whole `response`, `ResponsesObject`)
 * turn into the same neutral events: the answer's id and model, an output item's text, reasoning and call, token
 * counts, how it ended, and a failure inside a 200.
 */
import {
  type ChatEvent,
  Finish,
  ReasoningDelta,
  ReasoningSignature,
  ResponseMetadata,
  TextDelta,
  ToolCallDelta,
  ToolCallEnd,
  ToolCallStart,
  Usage
} from "@switchboard/core/domain/ChatEvent"
import type { ProviderError } from "@switchboard/core/domain/Errors"
import type { CallContext } from "../internal/Http"
import { unchecked } from "../internal/Unchecked"
import { streamError } from "../openai/OpenAiError"
import type { FunctionCallItem, MessageItem, ReasoningItem, WireResponse, WireUsage } from "./ResponsesWire"

/** The response's id and model, when it names either. */
export const metadataOf = (response: WireResponse): ResponseMetadata | undefined =>
  response.id || response.model
    ? new ResponseMetadata(
        { ...(response.id ? { id: response.id } : {}), ...(response.model ? { model: response.model } : {}) },
        unchecked
      )
    : undefined

const count = (value: number | null | undefined) => (typeof value === "number" ? Math.trunc(value) : undefined)

/** Token counts; the cached and reasoning shares only when the server gave them. None without any count. */
export const usageOf = (usage: WireUsage | null | undefined): Usage | undefined => {
  const input = count(usage?.input_tokens)
  const output = count(usage?.output_tokens)
  if (input === undefined && output === undefined) return undefined
  const cached = count(usage?.input_tokens_details?.cached_tokens)
  const reasoning = count(usage?.output_tokens_details?.reasoning_tokens)
  return new Usage(
    {
      inputTokens: input ?? 0,
      outputTokens: output ?? 0,
      ...(cached === undefined ? {} : { cachedInputTokens: cached }),
      ...(reasoning === undefined ? {} : { reasoningTokens: reasoning })
    },
    unchecked
  )
}

/**
 * How the response ended. The Responses API has no finish reason: a completed response that called tools waits for
 * their results (`tool_calls`), an incomplete one says why (`max_output_tokens` is the token limit), and the status
 * is the raw word otherwise.
 */
export const finishOf = (response: WireResponse, calledTools: boolean): Finish => {
  if (response.status === "incomplete") {
    const why = response.incomplete_details?.reason ?? "incomplete"
    const reason = why === "max_output_tokens" ? "length" : why === "content_filter" ? "content_filter" : "other"
    return new Finish({ reason, raw: why }, unchecked)
  }
  const raw = response.status ?? "completed"
  const reason = raw === "completed" ? (calledTools ? "tool_calls" : "stop") : "other"
  return new Finish({ reason, raw }, unchecked)
}

/** A failed response (`response.failed`, or a whole response with an `error`) as a `ProviderError`. */
export const failureOf = (response: WireResponse, ctx: CallContext): ProviderError =>
  streamError(
    {
      ...response.error,
      message: response.error?.message ?? `the response ended with status ${response.status ?? "failed"}`
    },
    ctx
  )

/** A message item's text: its text parts and refusals (the refusal is the model's answer, as in Chat Completions). */
export const messageText = (item: MessageItem): string => {
  let text = ""
  for (const part of item.content ?? []) {
    if (part.type === "output_text") text += part.text
    else if (part.type === "refusal") text += part.refusal
  }
  return text
}

/** A reasoning item's text: its summary parts (blank-line separated), else its raw reasoning text. */
export const reasoningText = (item: ReasoningItem): string => {
  const summary = (item.summary ?? []).map((part) => part.text).filter((text) => text !== "")
  if (summary.length > 0) return summary.join("\n\n")
  return (item.content ?? []).map((part) => part.text).join("")
}

/** The encrypted reasoning, to be sent back with the next turn (`ResponsesInput`), as a neutral signature. */
export const reasoningSignature = (item: ReasoningItem): ReasoningSignature | undefined =>
  item.encrypted_content ? new ReasoningSignature({ redacted: item.encrypted_content }, unchecked) : undefined

/** A whole output item's events: what a stream that sent no deltas for it, or a complete response, holds. */
export const itemEvents = (
  item: MessageItem | ReasoningItem,
  out: Array<ChatEvent>,
  options: { readonly text: boolean }
): void => {
  if (item.type === "message") {
    const text = options.text ? messageText(item) : ""
    if (text !== "") out.push(new TextDelta({ text }, unchecked))
    return
  }
  const text = options.text ? reasoningText(item) : ""
  if (text !== "") out.push(new ReasoningDelta({ text }, unchecked))
  const signature = reasoningSignature(item)
  if (signature !== undefined) out.push(signature)
}

/** A whole function call as its three events, under the neutral `index`. */
export const callEvents = (item: FunctionCallItem, index: number, out: Array<ChatEvent>): void => {
  out.push(
    new ToolCallStart({ index, id: item.call_id, name: item.name }, unchecked),
    new ToolCallDelta({ index, arguments: item.arguments || "{}" }, unchecked),
    new ToolCallEnd({ index }, unchecked)
  )
}
