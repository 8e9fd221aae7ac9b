/**
 * The conversation as Gemini's turns: system messages → `systemInstruction`, the rest → `contents` of `user` and
 * `model` turns. Gemini wants turns that alternate and parts that say something, so consecutive turns of one role are
 * merged (a tool result and the user's next words become one user turn) and empty text is left out. Tool results are
 * user turns of `functionResponse` parts, named after the function, since Gemini matches results to calls by name.
 */
import { type ChatMessage, type MediaSource, signedFor } from "@switchboard/core/domain/ChatRequest"
import { quotedId } from "@switchboard/core/domain/Excerpt"
import { isObject } from "../internal/FastJson"
import { Refusal } from "./GeminiRefusal"
import type { Content, RequestPart } from "./GeminiWire"

/** Media types by a URL's extension: the image and document types Gemini reads from a URL. */
const mediaTypes: Readonly<Record<string, string>> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  heic: "image/heic",
  heif: "image/heif",
  pdf: "application/pdf"
}

const mediaTypeOf = (url: string): string | undefined => {
  const extension = /\.([a-z0-9]+)$/i.exec(url.replace(/[?#].*$/, ""))?.[1]
  return extension === undefined ? undefined : mediaTypes[extension.toLowerCase()]
}

/**
 * Bytes → `inlineData`; a URL → `fileData`, with the media type its extension names. Without one (a Files API URI,
 * `…/v1beta/files/abc`, has none) no `mimeType` is sent: Gemini knows its own files' types, and a guess would be
 * wrong as often as right.
 */
const mediaPart = (source: MediaSource): RequestPart => {
  if (source.type === "base64") return { inlineData: { mimeType: source.mediaType, data: source.data } }
  const mimeType = mediaTypeOf(source.url)
  return { fileData: { ...(mimeType === undefined ? {} : { mimeType }), fileUri: source.url } }
}

/** `text` as a JSON object, if it is one. */
const jsonObject = (text: string): Record<string, unknown> | undefined => {
  try {
    const value: unknown = JSON.parse(text)
    return isObject(value) ? value : undefined
  } catch {
    return undefined
  }
}

/**
 * A model turn's parts. Unsigned reasoning (another provider's, or a summary) is not sent: Gemini reads its own
 * thinking back only through signatures.
 */
const modelParts = (content: Extract<ChatMessage, { role: "assistant" }>["content"]): Array<RequestPart> =>
  content.flatMap((part): Array<RequestPart> => {
    switch (part.type) {
      case "text":
        return part.text === "" ? [] : [{ text: part.text }]
      case "reasoning":
        return part.signature === undefined || !signedFor(part, "gemini")
          ? []
          : [{ text: part.text, thought: true, thoughtSignature: part.signature }]
      default: // a tool call
        return [
          {
            // Arguments that are not a JSON object (none, or broken) are sent as no arguments: Gemini takes objects.
            functionCall: { name: part.name, args: jsonObject(part.arguments) ?? {} },
            // Another protocol's signature means nothing here (and Gemini would refuse it).
            ...(part.signature === undefined || !signedFor(part, "gemini") ? {} : { thoughtSignature: part.signature })
          }
        ]
    }
  })

export interface Conversation {
  readonly contents: ReadonlyArray<Content>
  readonly systemInstruction?: { readonly parts: ReadonlyArray<{ readonly text: string }> }
}

/** `messages` as Gemini's turns, or a `Refusal` when a tool result has no name or nothing is left to send. */
export const toConversation = (messages: ReadonlyArray<ChatMessage>): Conversation | Refusal => {
  const system: Array<{ text: string }> = []
  const contents: Array<Content> = []
  // Function names by call id, from the calls seen so far, for results that do not name theirs.
  const names = new Map<string, string>()
  const add = (role: Content["role"], parts: ReadonlyArray<RequestPart>) => {
    if (parts.length === 0) return
    const last = contents.at(-1)
    if (last?.role === role) contents[contents.length - 1] = { role, parts: [...last.parts, ...parts] }
    else contents.push({ role, parts })
  }
  for (const [index, message] of messages.entries()) {
    switch (message.role) {
      case "system":
        if (message.content !== "") system.push({ text: message.content })
        break
      case "user":
        add(
          "user",
          message.content.flatMap((part) =>
            part.type === "text" ? (part.text === "" ? [] : [{ text: part.text }]) : [mediaPart(part.source)]
          )
        )
        break
      case "assistant":
        for (const part of message.content) if (part.type === "tool-call") names.set(part.id, part.name)
        add("model", modelParts(message.content))
        break
      case "tool": {
        const parts: Array<RequestPart> = []
        for (const [at, result] of message.content.entries()) {
          const name = result.name ?? names.get(result.callId)
          if (name === undefined)
            return new Refusal(
              `messages[${index}].content[${at}]: the result of call "${quotedId(result.callId)}" names no function ` +
                "and no earlier tool call has that id; Gemini needs the function's name (set the part's name)."
            )
          const json = jsonObject(result.content)
          const response =
            result.isError === true ? { error: json ?? result.content } : (json ?? { content: result.content })
          parts.push({ functionResponse: { name, response } })
        }
        add("user", parts)
        break
      }
    }
  }
  if (contents.length === 0)
    return new Refusal(
      "messages: nothing to send to Gemini: no user, assistant or tool message has content, and system messages " +
        "alone (Gemini's systemInstruction) are not a request."
    )
  return { contents, ...(system.length === 0 ? {} : { systemInstruction: { parts: system } }) }
}
