/**
 * Chat Completions messages → the core's neutral messages, for providers that are translated. Assistant messages are
 * taken as OpenAI returns them (`content: null` beside `tool_calls`, `refusal`, `annotations`, and the
 * `reasoning_content` this gateway adds), so a conversation can move from an OpenAI model to Claude or Gemini midway.
 * Empty text is never passed on: several providers refuse an empty text block. Fields a message may carry that
 * change nothing (`name`, `annotations`, …) are ignored; parts no translated provider can take are refused, naming
 * them.
 */
import { maxChatMessages } from "@switchboard/core/Chat"
import {
  type AssistantContent,
  type ChatMessage,
  MediaSource,
  type UserContent
} from "@switchboard/core/domain/ChatRequest"
import { InvalidInput } from "@switchboard/core/domain/Errors"
import { toInvalidInput } from "@switchboard/core/domain/ProviderInput"
import { Either, Schema } from "effect"

const TextPart = Schema.Struct({ type: Schema.Literal("text"), text: Schema.String })
const RefusalPart = Schema.Struct({ type: Schema.Literal("refusal"), refusal: Schema.String })
const ImageUrlPart = Schema.Struct({
  type: Schema.Literal("image_url"),
  image_url: Schema.Struct({ url: Schema.String, detail: Schema.optional(Schema.String) })
})
const FilePart = Schema.Struct({
  type: Schema.Literal("file"),
  file: Schema.Struct({
    file_data: Schema.optional(Schema.String),
    file_id: Schema.optional(Schema.String),
    filename: Schema.optional(Schema.String)
  })
})
const AudioPart = Schema.Struct({ type: Schema.Literal("input_audio"), input_audio: Schema.Unknown })

const Text = Schema.Union(Schema.String, Schema.Array(TextPart))

const ToolCall = Schema.Struct({
  id: Schema.String,
  type: Schema.Literal("function"),
  function: Schema.Struct({ name: Schema.String, arguments: Schema.String })
})

const SystemMessage = Schema.Struct({
  /** `developer` is OpenAI's newer name for `system`. */
  role: Schema.Literal("system", "developer"),
  content: Text
})
const UserMessage = Schema.Struct({
  role: Schema.Literal("user"),
  content: Schema.Union(Schema.String, Schema.Array(Schema.Union(TextPart, ImageUrlPart, FilePart, AudioPart)))
})
const AssistantMessage = Schema.Struct({
  role: Schema.Literal("assistant"),
  content: Schema.optional(
    Schema.NullOr(Schema.Union(Schema.String, Schema.Array(Schema.Union(TextPart, RefusalPart))))
  ),
  reasoning_content: Schema.optional(Schema.NullOr(Schema.String)),
  tool_calls: Schema.optional(Schema.NullOr(Schema.Array(ToolCall))),
  function_call: Schema.optional(Schema.Null),
  audio: Schema.optional(Schema.Null)
})
const ToolMessage = Schema.Struct({ role: Schema.Literal("tool"), tool_call_id: Schema.String, content: Text })

const Message = Schema.Union(SystemMessage, UserMessage, AssistantMessage, ToolMessage)
type Message = typeof Message.Type

const decodeMessage = Schema.decodeUnknownEither(Message, { errors: "first", onExcessProperty: "ignore" })

const joined = (content: typeof Text.Type): string =>
  typeof content === "string" ? content : content.map((part) => part.text).join("")

const dataUrl = /^data:([\w.+-]+\/[\w.+-]+)(?:;[\w-]+=[^;,]*)*;base64,(.*)$/s

const checkMedia = Schema.decodeUnknownEither(MediaSource, { errors: "first" })

/**
 * An `image_url` or `file_data` URL as a media source: `data:` URLs become the bytes, others stay URLs; either is held
 * to the core's limits (`MediaSource`: the size of the bytes, an http(s) URL).
 */
export const mediaSource = (url: string, field: string): Either.Either<MediaSource, InvalidInput> => {
  if (!url.startsWith("data:"))
    return Either.mapLeft(
      checkMedia({ type: "url", url }),
      () => new InvalidInput({ field, problem: "must be an http(s) URL of at most 8192 characters, or a data URL" })
    )
  const match = dataUrl.exec(url)
  if (match === null)
    return Either.left(new InvalidInput({ field, problem: "must be a base64 data URL (data:<media type>;base64,…)" }))
  return Either.mapLeft(
    checkMedia({ type: "base64", mediaType: match[1], data: match[2] }),
    (error) => new InvalidInput({ field, problem: `holds data that ${toInvalidInput(error).problem}` })
  )
}

const userContent = (
  content: (typeof UserMessage.Type)["content"],
  at: string
): Either.Either<ReadonlyArray<UserContent>, InvalidInput> => {
  if (typeof content === "string") return Either.right(content === "" ? [] : [{ type: "text", text: content }])
  const parts: Array<UserContent> = []
  for (const [j, part] of content.entries()) {
    const field = `${at}.content[${j}]`
    switch (part.type) {
      case "text":
        if (part.text !== "") parts.push(part)
        break
      case "image_url": {
        const source = mediaSource(part.image_url.url, `${field}.image_url.url`)
        if (Either.isLeft(source)) return Either.left(source.left)
        parts.push({ type: "image", source: source.right })
        break
      }
      case "file": {
        if (part.file.file_data === undefined)
          return Either.left(
            new InvalidInput({
              field: `${field}.file`,
              problem: "must carry file_data: uploaded file ids are OpenAI's"
            })
          )
        const source = mediaSource(part.file.file_data, `${field}.file.file_data`)
        if (Either.isLeft(source)) return Either.left(source.left)
        parts.push({
          type: "file",
          source: source.right,
          ...(part.file.filename === undefined ? {} : { filename: part.file.filename })
        })
        break
      }
      case "input_audio":
        return Either.left(new InvalidInput({ field, problem: "is audio, which no translated provider takes here" }))
    }
  }
  return Either.right(parts)
}

const assistantContent = (message: typeof AssistantMessage.Type): ReadonlyArray<AssistantContent> => {
  const parts: Array<AssistantContent> = []
  if (message.reasoning_content != null && message.reasoning_content !== "")
    parts.push({ type: "reasoning", text: message.reasoning_content })
  const content = message.content
  const text =
    content == null
      ? ""
      : typeof content === "string"
        ? content
        : content.map((part) => (part.type === "text" ? part.text : "")).join("")
  if (text !== "") parts.push({ type: "text", text })
  for (const call of message.tool_calls ?? [])
    parts.push({ type: "tool-call", id: call.id, name: call.function.name, arguments: call.function.arguments })
  return parts
}

const neutral = (message: Message, at: string): Either.Either<ChatMessage | undefined, InvalidInput> => {
  switch (message.role) {
    case "system":
    case "developer": {
      const text = joined(message.content)
      return Either.right(text === "" ? undefined : { role: "system", content: text })
    }
    case "user":
      return Either.map(userContent(message.content, at), (content) =>
        content.length === 0 ? undefined : { role: "user", content }
      )
    case "assistant": {
      const content = assistantContent(message)
      return Either.right(content.length === 0 ? undefined : { role: "assistant", content })
    }
    case "tool":
      return Either.right({
        role: "tool",
        content: [{ type: "tool-result", callId: message.tool_call_id, content: joined(message.content) }]
      })
  }
}

/**
 * The neutral messages of a request's `messages`, empty ones left out. A request that would leave nothing but system
 * messages is refused here, naming `messages`, rather than by the provider.
 */
export const neutralMessages = (
  messages: ReadonlyArray<unknown>
): Either.Either<readonly [ChatMessage, ...Array<ChatMessage>], InvalidInput> => {
  if (messages.length > maxChatMessages)
    return Either.left(
      new InvalidInput({
        field: "messages",
        problem: `has more than ${maxChatMessages.toLocaleString("en")} messages; send at most that many in one request`
      })
    )
  const out: Array<ChatMessage> = []
  for (const [i, raw] of messages.entries()) {
    const decoded = decodeMessage(raw)
    if (Either.isLeft(decoded)) return Either.left(toInvalidInput(decoded.left, `messages[${i}]`))
    const message = neutral(decoded.right, `messages[${i}]`)
    if (Either.isLeft(message)) return Either.left(message.left)
    if (message.right !== undefined) out.push(message.right)
  }
  const [first, ...rest] = out
  if (first === undefined || out.every((message) => message.role === "system"))
    return Either.left(
      new InvalidInput({ field: "messages", problem: "must hold at least one user, assistant or tool message" })
    )
  return Either.right([first, ...rest])
}
