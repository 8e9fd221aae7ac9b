/**
 * Neutral messages → Chat Completions `messages`. Decisions, each for a reason:
 * - A user message of text only is one content string, which every OpenAI-compatible server reads; a content array
 *   (needed for images and files) is sent only when there is one, since some small servers still reject arrays.
 * - Images and files given as bytes travel as `data:` URLs, the one form OpenAI takes inline.
 * - A file given by URL cannot be sent: Chat Completions takes a file only as its bytes (`file_data`) or an id from
 *   OpenAI's Files API. Sending the URL as text would let the model answer about a document it never saw, so the
 *   request fails before sending and says so (the Vercel AI SDK refuses it too).
 * - Reasoning parts are not sent: Chat Completions has no field for earlier thinking (OpenAI keeps it server-side),
 *   and DeepSeek answers a `reasoning_content` in the input with 400.
 * - An assistant message's text parts are joined; its content is `null` when it only called tools (what OpenAI
 *   itself returns), and a message left with neither (only reasoning) is dropped, since OpenAI rejects an empty one.
 * - Each tool result is its own `tool` message. `isError` has no field here, and the result's text already says what
 *   went wrong, so it is sent unchanged rather than rewritten with a prefix the tool never wrote.
 */
import type { ChatMessage, FilePart, MediaSource, UserContent } from "@switchboard/core/domain/ChatRequest"

/** What a message held that Chat Completions cannot carry; the request is refused with this. */
export class Unsendable {
  constructor(readonly detail: string) {}
}

const dataUrl = (source: Extract<MediaSource, { type: "base64" }>) => `data:${source.mediaType};base64,${source.data}`

/**
 * A name for a file sent without one. OpenAI documents `filename` as optional, but the Vercel AI SDK always sends
 * one (`part-N.pdf`) and a name costs nothing, so a nameless file is named after its media type.
 */
const fileName = (part: FilePart, mediaType: string) =>
  part.filename ?? `document.${mediaType.split("/")[1]?.split("+")[0] ?? "bin"}`

const userPart = (part: UserContent): Record<string, unknown> | Unsendable => {
  switch (part.type) {
    case "text":
      return { type: "text", text: part.text }
    case "image":
      return {
        type: "image_url",
        image_url: { url: part.source.type === "url" ? part.source.url : dataUrl(part.source) }
      }
    case "file":
      return part.source.type === "url"
        ? new Unsendable(
            `Chat Completions takes a file only as its data, not by URL (${part.filename ?? "a file"}): attach the file itself`
          )
        : {
            type: "file",
            file: { filename: fileName(part, part.source.mediaType), file_data: dataUrl(part.source) }
          }
  }
}

/** The wire messages of one neutral message: none, one, or (tool results) one per result. */
const wireMessages = (message: ChatMessage, out: Array<Record<string, unknown>>): Unsendable | undefined => {
  switch (message.role) {
    case "system":
      out.push({ role: "system", content: message.content })
      return undefined
    case "user": {
      if (message.content.every((part) => part.type === "text")) {
        out.push({ role: "user", content: message.content.map((part) => part.text).join("") })
        return undefined
      }
      const content: Array<Record<string, unknown>> = []
      for (const part of message.content) {
        const wire = userPart(part)
        if (wire instanceof Unsendable) return wire
        content.push(wire)
      }
      out.push({ role: "user", content })
      return undefined
    }
    case "assistant": {
      let text = ""
      const calls: Array<Record<string, unknown>> = []
      for (const part of message.content) {
        if (part.type === "text") text += part.text
        else if (part.type === "tool-call")
          calls.push({ id: part.id, type: "function", function: { name: part.name, arguments: part.arguments } })
      }
      if (text === "" && calls.length === 0) return undefined
      out.push({
        role: "assistant",
        content: text === "" ? null : text,
        ...(calls.length === 0 ? {} : { tool_calls: calls })
      })
      return undefined
    }
    case "tool":
      for (const result of message.content)
        out.push({ role: "tool", tool_call_id: result.callId, content: result.content })
      return undefined
  }
}

/** The Chat Completions `messages` of a conversation, or what in it cannot be sent. */
export const chatMessages = (
  messages: ReadonlyArray<ChatMessage>
): ReadonlyArray<Record<string, unknown>> | Unsendable => {
  const out: Array<Record<string, unknown>> = []
  for (const message of messages) {
    const refused = wireMessages(message, out)
    if (refused !== undefined) return refused
  }
  return out
}
