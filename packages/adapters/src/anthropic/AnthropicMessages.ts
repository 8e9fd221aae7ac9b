/**
 * The conversation as the Messages body's `system` and `messages`: each neutral part as its content block, tool
 * results as a user turn, and the turns shaped the way Anthropic requires: user and assistant alternating, no empty
 * text block, no empty turn.
 */
import {
  type AssistantContent,
  type ChatMessage,
  type MediaSource,
  signedFor,
  type UserContent
} from "@switchboard/core/domain/ChatRequest"
import { Either, Encoding } from "effect"
import { isObject } from "../internal/FastJson"
import type { ContentBlockParam, MessageParam, SourceParam } from "./AnthropicWire"

/** System messages, wherever they stand, joined (blank-line separated): the top-level `system` is their only place. */
export const systemOf = (messages: ReadonlyArray<ChatMessage>): string | undefined => {
  const system = messages.flatMap((message) => (message.role === "system" ? [message.content] : []))
  return system.length === 0 ? undefined : system.join("\n\n")
}

const mediaSource = (source: MediaSource): SourceParam =>
  source.type === "url" ? source : { type: "base64", media_type: source.mediaType, data: source.data }

/** A plain-text file goes as text, the one document source besides PDFs Anthropic reads; any other as it is. */
const documentSource = (source: MediaSource): SourceParam => {
  if (source.type !== "base64" || source.mediaType !== "text/plain") return mediaSource(source)
  return Either.match(Encoding.decodeBase64String(source.data), {
    onLeft: () => mediaSource(source),
    onRight: (data) => ({ type: "text", media_type: "text/plain", data })
  })
}

const userBlock = (part: UserContent): ContentBlockParam | undefined => {
  switch (part.type) {
    case "text":
      return part.text === "" ? undefined : { type: "text", text: part.text }
    case "image":
      return { type: "image", source: mediaSource(part.source) }
    case "file":
      return {
        type: "document",
        source: documentSource(part.source),
        ...(part.filename === undefined ? {} : { title: part.filename })
      }
  }
}

/** A call's `input` is an object: its arguments' JSON when that is one, `{}` when they are empty or not one. */
const toolInput = (args: string): Readonly<Record<string, unknown>> => {
  try {
    const input: unknown = JSON.parse(args)
    return isObject(input) ? input : {}
  } catch {
    return {}
  }
}

/**
 * Thinking goes back only as Anthropic gave it: signed (`thinking`) or encrypted (`redacted_thinking`). Unsigned
 * reasoning (cut short), or reasoning another protocol signed, would be refused, so it is dropped.
 */
const assistantBlock = (part: AssistantContent): ContentBlockParam | undefined => {
  switch (part.type) {
    case "text":
      return part.text === "" ? undefined : { type: "text", text: part.text }
    case "reasoning":
      if (!signedFor(part, "anthropic")) return undefined
      if (part.redacted !== undefined) return { type: "redacted_thinking", data: part.redacted }
      return part.signature === undefined
        ? undefined
        : { type: "thinking", thinking: part.text, signature: part.signature }
    case "tool-call":
      return { type: "tool_use", id: part.id, name: part.name, input: toolInput(part.arguments) }
  }
}

const blocksOf = (message: Exclude<ChatMessage, { role: "system" }>): Array<ContentBlockParam> => {
  const blocks: Array<ContentBlockParam> = []
  const add = (block: ContentBlockParam | undefined) => {
    if (block !== undefined) blocks.push(block)
  }
  if (message.role === "user") for (const part of message.content) add(userBlock(part))
  else if (message.role === "assistant") for (const part of message.content) add(assistantBlock(part))
  else
    for (const part of message.content)
      add({
        type: "tool_result",
        tool_use_id: part.callId,
        ...(part.content === "" ? {} : { content: part.content }),
        ...(part.isError === true ? { is_error: true } : {})
      })
  return blocks
}

/**
 * The turns: tool results are the user's (Anthropic's tool results are user content), a message left without blocks
 * is dropped, and consecutive messages of one role merge into one turn, since Anthropic requires the roles to
 * alternate. A turn of one text block is sent as its text.
 */
export const messagesOf = (messages: ReadonlyArray<ChatMessage>): Array<MessageParam> => {
  const turns: Array<{ role: "user" | "assistant"; blocks: Array<ContentBlockParam> }> = []
  for (const message of messages) {
    if (message.role === "system") continue
    const blocks = blocksOf(message)
    if (blocks.length === 0) continue
    const role = message.role === "assistant" ? "assistant" : "user"
    const last = turns.at(-1)
    if (last?.role === role) last.blocks.push(...blocks)
    else turns.push({ role, blocks })
  }
  return turns.map(({ role, blocks }) => {
    const only = blocks.length === 1 ? blocks[0] : undefined
    return { role, content: only?.type === "text" ? only.text : blocks }
  })
}
