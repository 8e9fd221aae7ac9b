/**
 * The neutral chat events translated back into Anthropic's Messages answers: one `message` object, or the SSE events
 * Anthropic streams (`message_start`, a `ping`, then each content block's `content_block_start`, deltas and
 * `content_block_stop`, then `message_delta` with the stop reason and usage, and `message_stop`). Blocks follow the
 * answer's order: thinking (a signature the upstream gave, as `signature_delta`), text, tool calls (their input as
 * `input_json_delta` pieces). A failure is Anthropic's `error` event, or its error body with the error table's status.
 *
 * Only answers of translated providers are written here (an Anthropic provider's are relayed as they are), so a
 * thinking signature written here is the upstream's own (Gemini's thought signature, OpenAI's encrypted reasoning as
 * redacted thinking); sent back, it is read as Anthropic's, which the translated providers drop.
 */
import { randomUUID } from "node:crypto"
import type { ChatEvent, FinishReason, Usage } from "@switchboard/core/domain/ChatEvent"
import { anthropicBody, type ErrorInfo } from "../ErrorTable"
import type { Answer } from "./Collected"
import type { AnswerWriter, ErrorShape, FrameWriter } from "./EntryPoint"

export type StopReason = "end_turn" | "max_tokens" | "tool_use" | "refusal"

/**
 * Anthropic's stop reason: `tool_use` exactly when the answer holds tool calls (a client's tool loop reads it), the
 * token limit as `max_tokens`, a provider's filter as `refusal`, anything else as a natural end. Which of the
 * request's stop sequences ended it no translated protocol says, so that is `end_turn` too.
 */
export const stopReason = (reason: FinishReason, calledTools: boolean): StopReason =>
  calledTools && (reason === "stop" || reason === "tool_calls" || reason === "other")
    ? "tool_use"
    : reason === "length"
      ? "max_tokens"
      : reason === "content_filter"
        ? "refusal"
        : "end_turn"

/** An Anthropic-style message id. */
export const messageId = () => `msg_${randomUUID().replaceAll("-", "").slice(0, 24)}`

/**
 * Token counts as Anthropic reports them: `input_tokens` only the part neither read from nor written to a cache, the
 * cached parts apart (the neutral `inputTokens` is all of the input).
 */
const tokenCounts = (usage: Usage | undefined) => {
  const read = usage?.cachedInputTokens
  const written = usage?.cacheWriteTokens
  return {
    input_tokens: usage === undefined ? 0 : Math.max(0, usage.inputTokens - (read ?? 0) - (written ?? 0)),
    output_tokens: usage?.outputTokens ?? 0,
    cache_creation_input_tokens: written ?? null,
    cache_read_input_tokens: read ?? null
  }
}

/** A message's whole `usage`, every field Anthropic's schema lists. */
const messageUsage = (usage: Usage | undefined) => ({
  ...tokenCounts(usage),
  cache_creation: null,
  server_tool_use: null,
  service_tier: null
})

/** A tool call's input: its arguments' JSON object, or `{}` when they are empty or not one. */
const toolInput = (args: string): unknown => {
  try {
    const input: unknown = JSON.parse(args)
    return typeof input === "object" && input !== null && !Array.isArray(input) ? input : {}
  } catch {
    return {}
  }
}

/** The content blocks of a whole answer; a text block even when empty, if there is nothing else. */
const contentOf = (answer: Answer) => {
  const blocks: Array<Record<string, unknown>> = []
  if (answer.reasoning !== "")
    blocks.push({ type: "thinking", thinking: answer.reasoning, signature: answer.reasoningSignature ?? "" })
  if (answer.redactedReasoning !== undefined) blocks.push({ type: "redacted_thinking", data: answer.redactedReasoning })
  if (answer.text !== "" || (blocks.length === 0 && answer.toolCalls.length === 0))
    blocks.push({ type: "text", text: answer.text, citations: null })
  for (const call of answer.toolCalls)
    blocks.push({ type: "tool_use", id: call.id, name: call.name, input: toolInput(call.arguments) })
  return blocks
}

/** The whole answer as one `message`. */
export const message = (model: string, answer: Answer) => ({
  id: messageId(),
  type: "message" as const,
  role: "assistant" as const,
  model,
  content: contentOf(answer),
  stop_reason: stopReason(answer.finishReason, answer.toolCalls.length > 0),
  stop_sequence: null,
  usage: messageUsage(answer.usage)
})

/** One SSE event, named as its `type`. */
const event = (type: string, data: string) => `event: ${type}\ndata: ${data}\n\n`

/** The last event of a stream that failed after it had started: Anthropic's error body as an `error` event. */
export const errorFrame = (info: ErrorInfo) => event("error", JSON.stringify(anthropicBody(info)))

/** How Messages clients are told of failures. */
export const messagesErrors: ErrorShape = { style: "anthropic", frame: errorFrame }

/**
 * Writes the events of one streamed answer. One block is open at a time, as Anthropic streams them: a delta of another
 * kind closes it and opens the next. A tool call's pieces go to its own block, which is the open one in every protocol
 * that streams calls one after another.
 */
export const eventWriter = (model: string): FrameWriter => {
  let started = false
  /** The open block's kind and index; `undefined` when none is open. */
  let open: "text" | "thinking" | "tool_use" | undefined
  let index = -1
  /** Each tool call's block index, by the call's index. */
  const toolBlocks = new Map<number, number>()

  const head = () => {
    if (started) return ""
    started = true
    const start = {
      type: "message_start",
      message: {
        id: messageId(),
        type: "message",
        role: "assistant",
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: messageUsage(undefined)
      }
    }
    return event("message_start", JSON.stringify(start)) + event("ping", '{"type":"ping"}')
  }
  const close = () => {
    if (open === undefined) return ""
    open = undefined
    return event("content_block_stop", `{"type":"content_block_stop","index":${index}}`)
  }
  const startBlock = (kind: NonNullable<typeof open>, block: object) => {
    const closed = close()
    index++
    open = kind
    const data = `{"type":"content_block_start","index":${index},"content_block":${JSON.stringify(block)}}`
    return closed + event("content_block_start", data)
  }
  const delta = (at: number, body: object) =>
    event("content_block_delta", `{"type":"content_block_delta","index":${at},"delta":${JSON.stringify(body)}}`)

  const write = (item: ChatEvent): string => {
    switch (item._tag) {
      case "TextDelta":
        return (
          (open === "text" ? "" : startBlock("text", { type: "text", text: "", citations: null })) +
          delta(index, { type: "text_delta", text: item.text })
        )
      case "ReasoningDelta":
        return (
          (open === "thinking" ? "" : startBlock("thinking", { type: "thinking", thinking: "", signature: "" })) +
          delta(index, { type: "thinking_delta", thinking: item.text })
        )
      case "ReasoningSignature": {
        let out = ""
        // A signature closes the thinking it follows; one with no thinking open has nothing to sign here.
        if (item.signature !== undefined && open === "thinking")
          out += delta(index, { type: "signature_delta", signature: item.signature })
        if (item.redacted !== undefined)
          out += startBlock("thinking", { type: "redacted_thinking", data: item.redacted }) + close()
        return out
      }
      case "ToolCallStart": {
        const out = startBlock("tool_use", { type: "tool_use", id: item.id, name: item.name, input: {} })
        toolBlocks.set(item.index, index)
        return out
      }
      case "ToolCallDelta": {
        const at = toolBlocks.get(item.index)
        return at === undefined || item.arguments === ""
          ? ""
          : delta(at, { type: "input_json_delta", partial_json: item.arguments })
      }
      case "ToolCallEnd":
        return open === "tool_use" && toolBlocks.get(item.index) === index ? close() : ""
      default:
        return ""
    }
  }

  return {
    events: (events) => {
      let text = head()
      for (const item of events) text += write(item)
      return text
    },
    finish: (answer) => {
      const data = {
        type: "message_delta",
        delta: { stop_reason: stopReason(answer.finishReason, answer.toolCalls.length > 0), stop_sequence: null },
        usage: { ...tokenCounts(answer.usage), server_tool_use: null }
      }
      return (
        head() +
        close() +
        event("message_delta", JSON.stringify(data)) +
        event("message_stop", '{"type":"message_stop"}')
      )
    },
    error: errorFrame
  }
}

/** A translated answer for a Messages client, which wrote `model`. */
export const messagesWriter = (model: string): AnswerWriter => ({
  frames: () => eventWriter(model),
  complete: (answer) => message(model, answer)
})
