/**
 * Anthropic Messages content (the `system` prompt and the `messages` turns, made of blocks) → the core's neutral
 * messages, for providers that are translated: the inverse of the Anthropic adapter's `AnthropicMessages.ts`. Fields
 * that change nothing for a translated provider (`cache_control`, `citations`) are ignored; blocks that only Anthropic
 * can take (server tools and their results, uploaded files, search results) are refused, naming the block, so a client
 * never gets an answer to a different question than it asked. Empty text is never passed on.
 */
import { maxChatMessages } from "@switchboard/core/Chat"
import {
  type AssistantContent,
  type ChatMessage,
  MediaSource,
  type ToolResultPart,
  type UserContent
} from "@switchboard/core/domain/ChatRequest"
import { InvalidInput } from "@switchboard/core/domain/Errors"
import { toInvalidInput } from "@switchboard/core/domain/ProviderInput"
import { Either, Schema } from "effect"

type Result<A> = Either.Either<A, InvalidInput>

/** Decodes `value` with `schema`; a failure names the field under `at`. */
const decodeAt = <A, I>(schema: Schema.Schema<A, I>, value: unknown, at: string): Result<A> =>
  Either.mapLeft(Schema.decodeUnknownEither(schema, { errors: "first", onExcessProperty: "ignore" })(value), (error) =>
    toInvalidInput(error, at)
  )

const Typed = Schema.Struct({ type: Schema.String })
const TextBlock = Schema.Struct({ type: Schema.Literal("text"), text: Schema.String })
const Base64Source = Schema.Struct({ type: Schema.Literal("base64"), media_type: Schema.String, data: Schema.String })
const UrlSource = Schema.Struct({ type: Schema.Literal("url"), url: Schema.String })
const FileSource = Schema.Struct({ type: Schema.Literal("file"), file_id: Schema.String })
const TextSource = Schema.Struct({ type: Schema.Literal("text"), data: Schema.String })
const ContentSource = Schema.Struct({
  type: Schema.Literal("content"),
  content: Schema.Union(Schema.String, Schema.Array(Schema.Unknown))
})
const ImageBlock = Schema.Struct({
  type: Schema.Literal("image"),
  source: Schema.Union(Base64Source, UrlSource, FileSource)
})
const DocumentBlock = Schema.Struct({
  type: Schema.Literal("document"),
  source: Schema.Union(Base64Source, UrlSource, FileSource, TextSource, ContentSource),
  title: Schema.optional(Schema.NullOr(Schema.String))
})
const ToolResultBlock = Schema.Struct({
  type: Schema.Literal("tool_result"),
  tool_use_id: Schema.String,
  content: Schema.optional(Schema.Union(Schema.String, Schema.Array(Schema.Unknown))),
  is_error: Schema.optional(Schema.Boolean)
})
const ToolUseBlock = Schema.Struct({
  type: Schema.Literal("tool_use"),
  id: Schema.String,
  name: Schema.String,
  input: Schema.Record({ key: Schema.String, value: Schema.Unknown })
})
const ThinkingBlock = Schema.Struct({
  type: Schema.Literal("thinking"),
  thinking: Schema.String,
  signature: Schema.String
})
const RedactedThinkingBlock = Schema.Struct({ type: Schema.Literal("redacted_thinking"), data: Schema.String })
const Message = Schema.Struct({
  role: Schema.Literal("user", "assistant"),
  content: Schema.Union(Schema.String, Schema.Array(Schema.Unknown))
})

/** The system prompt: a string, or text blocks. */
export const SystemWire = Schema.Union(Schema.String, Schema.Array(TextBlock))

const onlyAnthropic = (at: string, what: string) =>
  new InvalidInput({ field: at, problem: `is ${what}, which only an Anthropic provider takes` })

const checkMedia = Schema.decodeUnknownEither(MediaSource, { errors: "first" })

/** An image's or document's bytes or URL, held to the core's limits (`MediaSource`: size, base64, an http(s) URL). */
const mediaSource = (
  source: typeof Base64Source.Type | typeof UrlSource.Type | typeof FileSource.Type,
  at: string
): Result<MediaSource> => {
  if (source.type === "file") return Either.left(onlyAnthropic(at, "a file uploaded to Anthropic"))
  const media =
    source.type === "url"
      ? { type: "url", url: source.url }
      : { type: "base64", mediaType: source.media_type, data: source.data }
  return Either.mapLeft(
    checkMedia(media),
    (error) => new InvalidInput({ field: at, problem: `holds a source that ${toInvalidInput(error).problem}` })
  )
}

/** A document: a PDF (bytes or URL) as a file; plain text, or a document given as content blocks, as their parts. */
const documentParts = (block: typeof DocumentBlock.Type, at: string): Result<ReadonlyArray<UserContent>> => {
  const { source } = block
  const title = block.title ?? undefined
  switch (source.type) {
    case "text": {
      const text = title === undefined ? source.data : `${title}\n\n${source.data}`
      return Either.right(text === "" ? [] : [{ type: "text", text }])
    }
    case "content":
      return typeof source.content === "string"
        ? Either.right(source.content === "" ? [] : [{ type: "text", text: source.content }])
        : mediaParts(source.content, `${at}.source.content`)
    default:
      return Either.map(mediaSource(source, `${at}.source`), (media) => [
        { type: "file", source: media, ...(title === undefined ? {} : { filename: title }) }
      ])
  }
}

/** One block of a user turn, or of a tool result, that is not a tool result: text, an image or a document. */
const userParts = (raw: unknown, at: string): Result<ReadonlyArray<UserContent>> =>
  Either.flatMap(decodeAt(Typed, raw, at), ({ type }) => {
    switch (type) {
      case "text":
        return Either.map(decodeAt(TextBlock, raw, at), (block) => (block.text === "" ? [] : [block]))
      case "image":
        return Either.flatMap(decodeAt(ImageBlock, raw, at), (block) =>
          Either.map(mediaSource(block.source, `${at}.source`), (source) => [{ type: "image" as const, source }])
        )
      case "document":
        return Either.flatMap(decodeAt(DocumentBlock, raw, at), (block) => documentParts(block, at))
      case "search_result":
        return Either.left(onlyAnthropic(at, "a search result block"))
      default:
        return Either.left(new InvalidInput({ field: `${at}.type`, problem: `is not a block a user turn holds here` }))
    }
  })

/** Text, image and document blocks as user parts. */
const mediaParts = (blocks: ReadonlyArray<unknown>, at: string): Result<ReadonlyArray<UserContent>> => {
  const parts: Array<UserContent> = []
  for (const [i, raw] of blocks.entries()) {
    const decoded = userParts(raw, `${at}[${i}]`)
    if (Either.isLeft(decoded)) return Either.left(decoded.left)
    parts.push(...decoded.right)
  }
  return Either.right(parts)
}

/**
 * A tool result: its text as the result, its images and documents apart (no translated protocol takes them in a tool
 * result), to follow in a user turn.
 */
const toolResult = (
  block: typeof ToolResultBlock.Type,
  at: string
): Result<{ readonly result: ToolResultPart; readonly media: ReadonlyArray<UserContent> }> => {
  const content = block.content ?? ""
  const parts = typeof content === "string" ? Either.right([]) : mediaParts(content, `${at}.content`)
  return Either.map(parts, (all) => {
    const text =
      typeof content === "string"
        ? content
        : all.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("\n")
    return {
      result: {
        type: "tool-result",
        callId: block.tool_use_id,
        content: text,
        ...(block.is_error === true ? { isError: true } : {})
      },
      media: all.filter((part) => part.type !== "text")
    }
  })
}

/**
 * A user turn: its tool results first, as a tool message (the calls' answers must follow the assistant turn that made
 * them), then everything else in order, as a user message, the tool results' images and documents leading.
 */
const userTurn = (blocks: ReadonlyArray<unknown>, at: string): Result<ReadonlyArray<ChatMessage>> => {
  const results: Array<ToolResultPart> = []
  const media: Array<UserContent> = []
  const parts: Array<UserContent> = []
  for (const [i, raw] of blocks.entries()) {
    const field = `${at}.content[${i}]`
    const typed = decodeAt(Typed, raw, field)
    if (Either.isLeft(typed)) return Either.left(typed.left)
    if (typed.right.type === "tool_result") {
      const result = Either.flatMap(decodeAt(ToolResultBlock, raw, field), (block) => toolResult(block, field))
      if (Either.isLeft(result)) return Either.left(result.left)
      results.push(result.right.result)
      media.push(...result.right.media)
      continue
    }
    const decoded = userParts(raw, field)
    if (Either.isLeft(decoded)) return Either.left(decoded.left)
    parts.push(...decoded.right)
  }
  const content = [...media, ...parts]
  return Either.right([
    ...(results.length === 0 ? [] : [{ role: "tool" as const, content: results }]),
    ...(content.length === 0 ? [] : [{ role: "user" as const, content }])
  ])
}

/** One block of an assistant turn. Its thinking was signed by Anthropic, the one protocol that signs thinking blocks. */
const assistantPart = (raw: unknown, at: string): Result<AssistantContent | undefined> =>
  Either.flatMap(decodeAt(Typed, raw, at), ({ type }): Result<AssistantContent | undefined> => {
    switch (type) {
      case "text":
        return Either.map(decodeAt(TextBlock, raw, at), (block) => (block.text === "" ? undefined : block))
      case "thinking":
        return Either.map(decodeAt(ThinkingBlock, raw, at), (block) => ({
          type: "reasoning",
          text: block.thinking,
          ...(block.signature === "" ? {} : { signature: block.signature }),
          signedBy: "anthropic"
        }))
      case "redacted_thinking":
        return Either.map(decodeAt(RedactedThinkingBlock, raw, at), (block) => ({
          type: "reasoning",
          text: "",
          redacted: block.data,
          signedBy: "anthropic"
        }))
      case "tool_use":
        return Either.map(decodeAt(ToolUseBlock, raw, at), (block) => ({
          type: "tool-call",
          id: block.id,
          name: block.name,
          arguments: JSON.stringify(block.input)
        }))
      default:
        return Either.left(
          type === "server_tool_use" || type.endsWith("_tool_result")
            ? onlyAnthropic(at, "an Anthropic server tool's block")
            : new InvalidInput({ field: `${at}.type`, problem: "is not a block an assistant turn holds here" })
        )
    }
  })

const assistantTurn = (blocks: ReadonlyArray<unknown>, at: string): Result<ReadonlyArray<ChatMessage>> => {
  const content: Array<AssistantContent> = []
  for (const [i, raw] of blocks.entries()) {
    const part = assistantPart(raw, `${at}.content[${i}]`)
    if (Either.isLeft(part)) return Either.left(part.left)
    if (part.right !== undefined) content.push(part.right)
  }
  return Either.right(content.length === 0 ? [] : [{ role: "assistant", content }])
}

const turn = (raw: unknown, at: string): Result<ReadonlyArray<ChatMessage>> =>
  Either.flatMap(decodeAt(Message, raw, at), ({ role, content }) => {
    if (typeof content === "string")
      return Either.right(content === "" ? [] : [{ role, content: [{ type: "text", text: content }] }])
    return role === "user" ? userTurn(content, at) : assistantTurn(content, at)
  })

/** The system prompt as one system message: its text blocks joined as paragraphs. */
const systemMessage = (system: typeof SystemWire.Type | undefined): ReadonlyArray<ChatMessage> => {
  const text =
    system === undefined
      ? ""
      : typeof system === "string"
        ? system
        : system
            .map((block) => block.text)
            .filter((part) => part !== "")
            .join("\n\n")
  return text === "" ? [] : [{ role: "system", content: text }]
}

/**
 * The neutral messages of a request's `system` and `messages`, empty ones left out. A request that would leave no
 * user, assistant or tool message is refused here, naming `messages`, rather than by the provider.
 */
export const neutralMessages = (
  system: typeof SystemWire.Type | undefined,
  messages: ReadonlyArray<unknown>
): Result<readonly [ChatMessage, ...Array<ChatMessage>]> => {
  if (messages.length > maxChatMessages)
    return Either.left(
      new InvalidInput({
        field: "messages",
        problem: `has more than ${maxChatMessages.toLocaleString("en")} messages; send at most that many in one request`
      })
    )
  const out: Array<ChatMessage> = [...systemMessage(system)]
  for (const [i, raw] of messages.entries()) {
    const turned = turn(raw, `messages[${i}]`)
    if (Either.isLeft(turned)) return Either.left(turned.left)
    out.push(...turned.right)
  }
  const [first, ...rest] = out
  if (first === undefined || out.every((message) => message.role === "system"))
    return Either.left(new InvalidInput({ field: "messages", problem: "must hold at least one non-empty turn" }))
  return Either.right([first, ...rest])
}
