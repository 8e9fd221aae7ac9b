/**
 * Neutral messages → the Responses body's `instructions` and `input` items. Decisions, each for a reason:
 * - System messages, wherever they stand, are joined (blank-line separated) into `instructions`, the API's place for
 *   them (as Anthropic's `system`).
 * - A user message of text only is one content string; with images or files it is a list of `input_text`,
 *   `input_image` (a URL or a `data:` URL, `detail: auto`) and `input_file` (its bytes as `file_data`, or its
 *   `file_url`: unlike Chat Completions, the Responses API fetches a file by URL itself).
 * - An assistant message's text goes as an assistant message with string content, the form the spec's
 *   `EasyInputMessage` takes (an `output_text` list is the spec's output message, which needs the id and status of a
 *   stored item). Its tool calls are `function_call` items under their `call_id`, each tool result a
 *   `function_call_output` item.
 * - Reasoning goes back only as this protocol gave it: encrypted (`reasoning.encrypted_content`, a `redacted` part
 *   signed by `openai-responses`), as a `reasoning` item without an id, since with `store: false` no id names a
 *   stored item. Reasoning text alone cannot be sent back and is dropped, as Chat Completions drops it.
 * - `isError` has no field: the result's text already says what went wrong, so it is sent unchanged.
 */
import type {
  AssistantContent,
  ChatMessage,
  FilePart,
  MediaSource,
  UserContent
} from "@switchboard/core/domain/ChatRequest"

/** The protocol name a reasoning part's `signedBy` carries when this protocol produced it (the provider type). */
export const protocol = "openai-responses"

export type InputItem = Readonly<Record<string, unknown>>

const dataUrl = (source: Extract<MediaSource, { type: "base64" }>) => `data:${source.mediaType};base64,${source.data}`

/** A nameless file is named after its media type: OpenAI reads the name's extension to tell the file's kind. */
const fileName = (part: FilePart, mediaType: string) =>
  part.filename ?? `document.${mediaType.split("/")[1]?.split("+")[0] ?? "bin"}`

const userPart = (part: UserContent): InputItem => {
  switch (part.type) {
    case "text":
      return { type: "input_text", text: part.text }
    case "image":
      return {
        type: "input_image",
        image_url: part.source.type === "url" ? part.source.url : dataUrl(part.source),
        detail: "auto"
      }
    case "file":
      return part.source.type === "url"
        ? {
            type: "input_file",
            file_url: part.source.url,
            ...(part.filename === undefined ? {} : { filename: part.filename })
          }
        : { type: "input_file", filename: fileName(part, part.source.mediaType), file_data: dataUrl(part.source) }
  }
}

/**
 * The encrypted reasoning this protocol gave, as the item that sends it back; nothing for any other reasoning. Only a
 * part that says it is this protocol's goes back: OpenAI refuses encrypted content it did not make, and the core marks
 * every part it stores with the protocol that made it.
 */
const reasoningItem = (part: Extract<AssistantContent, { type: "reasoning" }>): InputItem | undefined =>
  part.redacted !== undefined && part.signedBy === protocol
    ? { type: "reasoning", summary: [], encrypted_content: part.redacted }
    : undefined

/** One assistant message's items, in the order the model produced them: reasoning, text, calls. */
const assistantItems = (content: ReadonlyArray<AssistantContent>, out: Array<InputItem>) => {
  let text = ""
  const rest: Array<InputItem> = []
  for (const part of content) {
    if (part.type === "text") text += part.text
    else if (part.type === "tool-call")
      rest.push({ type: "function_call", call_id: part.id, name: part.name, arguments: part.arguments })
    else {
      const item = reasoningItem(part)
      if (item !== undefined) out.push(item)
    }
  }
  if (text !== "") out.push({ role: "assistant", content: text })
  out.push(...rest)
}

const items = (message: Exclude<ChatMessage, { role: "system" }>, out: Array<InputItem>) => {
  switch (message.role) {
    case "user":
      out.push({
        role: "user",
        content: message.content.every((part) => part.type === "text")
          ? message.content.map((part) => part.text).join("")
          : message.content.map(userPart)
      })
      return
    case "assistant":
      assistantItems(message.content, out)
      return
    case "tool":
      for (const result of message.content)
        out.push({ type: "function_call_output", call_id: result.callId, output: result.content })
      return
  }
}

/** The conversation as `instructions` (when there are system messages) and `input`. */
export const inputOf = (
  messages: ReadonlyArray<ChatMessage>
): { readonly instructions: string | undefined; readonly input: ReadonlyArray<InputItem> } => {
  const system: Array<string> = []
  const input: Array<InputItem> = []
  for (const message of messages) {
    if (message.role === "system") system.push(message.content)
    else items(message, input)
  }
  return { instructions: system.length === 0 ? undefined : system.join("\n\n"), input }
}
