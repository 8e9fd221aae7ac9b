/**
 * A Responses request's `input` → the core's neutral messages, for providers that are translated. Items are taken as
 * clients send them back: messages (`input_text`, `input_image`, `input_file` parts; an assistant's `output_text` and
 * `refusal`), `function_call` and `function_call_output`, `reasoning`, and `item_reference`s to items the gateway wrote
 * whole into their ids (`ResponsesIds.ts`). Consecutive assistant items make one assistant message (its reasoning,
 * text and calls, as a provider's turn holds them), and consecutive call outputs one tool message. Empty text is never
 * passed on; items no translated provider can take (built-in tools' calls, uploaded file ids) are refused, naming them.
 */
import { maxChatMessages } from "@switchboard/core/Chat"
import type { AssistantContent, ChatMessage, ToolResultPart, UserContent } from "@switchboard/core/domain/ChatRequest"
import { InvalidInput } from "@switchboard/core/domain/Errors"
import { excerpt } from "@switchboard/core/domain/Excerpt"
import { toInvalidInput } from "@switchboard/core/domain/ProviderInput"
import { Either, type ParseResult, Schema } from "effect"
import { mediaSource } from "./OpenAiMessages"
import { type CarriedItem, carriedItem, openedSignature, type SignedContent } from "./ResponsesIds"

const NullableString = Schema.optional(Schema.NullOr(Schema.String))

const InputText = Schema.Struct({ type: Schema.Literal("input_text"), text: Schema.String })
const OutputText = Schema.Struct({ type: Schema.Literal("output_text"), text: Schema.String })
const Refusal = Schema.Struct({ type: Schema.Literal("refusal"), refusal: Schema.String })
const InputImage = Schema.Struct({
  type: Schema.Literal("input_image"),
  image_url: NullableString,
  file_id: NullableString
})
const InputFile = Schema.Struct({
  type: Schema.Literal("input_file"),
  file_data: NullableString,
  file_url: NullableString,
  file_id: NullableString,
  filename: NullableString
})

const MessageItem = Schema.Struct({
  type: Schema.optional(Schema.Literal("message")),
  role: Schema.Literal("user", "assistant", "system", "developer"),
  content: Schema.Union(
    Schema.String,
    Schema.Array(Schema.Union(InputText, OutputText, Refusal, InputImage, InputFile))
  )
})
const FunctionCallItem = Schema.Struct({
  type: Schema.Literal("function_call"),
  id: NullableString,
  call_id: Schema.String,
  name: Schema.String,
  arguments: Schema.String
})
const FunctionCallOutputItem = Schema.Struct({
  type: Schema.Literal("function_call_output"),
  call_id: Schema.String,
  output: Schema.Union(Schema.String, Schema.Array(Schema.Union(InputText, InputImage, InputFile)))
})
const Texts = Schema.optional(Schema.NullOr(Schema.Array(Schema.Struct({ text: Schema.String }))))
const ReasoningItem = Schema.Struct({
  type: Schema.Literal("reasoning"),
  id: NullableString,
  summary: Texts,
  content: Texts,
  encrypted_content: NullableString
})
const ItemReference = Schema.Struct({
  type: Schema.optional(Schema.NullOr(Schema.Literal("item_reference"))),
  id: Schema.String
})

const decoding = { errors: "first", onExcessProperty: "ignore" } as const

/** Each item type's decoder; an item without `type` is a message when it has a `role`, a reference otherwise. */
const decoders = {
  message: Schema.decodeUnknownEither(MessageItem, decoding),
  function_call: Schema.decodeUnknownEither(FunctionCallItem, decoding),
  function_call_output: Schema.decodeUnknownEither(FunctionCallOutputItem, decoding),
  reasoning: Schema.decodeUnknownEither(ReasoningItem, decoding),
  item_reference: Schema.decodeUnknownEither(ItemReference, decoding)
}

type Item =
  | typeof MessageItem.Type
  | typeof FunctionCallItem.Type
  | typeof FunctionCallOutputItem.Type
  | typeof ReasoningItem.Type
  | typeof ItemReference.Type

const kindOf = (raw: unknown): string | undefined => {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined
  const { type, role, id } = raw as Record<string, unknown>
  if (typeof type === "string") return type
  if (role !== undefined) return "message"
  return id !== undefined ? "item_reference" : undefined
}

const isKind = (kind: string): kind is keyof typeof decoders => Object.hasOwn(decoders, kind)

const decodeItem = (raw: unknown, at: string): Either.Either<Item, InvalidInput> => {
  const kind = kindOf(raw)
  if (kind === undefined)
    return Either.left(
      new InvalidInput({ field: at, problem: "must be an input item: a message with a role, or an item with a type" })
    )
  if (!isKind(kind))
    return Either.left(
      new InvalidInput({
        field: `${at}.type`,
        problem: `is ${excerpt(kind)}, which no translated provider takes: send messages, function calls and their outputs, or reasoning`
      })
    )
  return Either.mapLeft(decoders[kind](raw) as Either.Either<Item, ParseResult.ParseError>, (error) =>
    toInvalidInput(error, at)
  )
}

/** What a reference resolves to: the item its id carries, as the client would have sent it (with that id). */
const referenced = (item: CarriedItem, id: string): Item => {
  switch (item.type) {
    case "message":
      return { role: "assistant", content: item.text }
    case "function_call":
      return { type: "function_call", id, call_id: item.call_id, name: item.name, arguments: item.arguments }
    case "reasoning":
      return { type: "reasoning", id, content: [{ text: item.text }] }
  }
}

/** A signature as a neutral part holds it. */
const signedPart = (signed: SignedContent | undefined) =>
  signed === undefined
    ? {}
    : {
        ...(signed.signature === undefined ? {} : { signature: signed.signature }),
        ...(signed.signedBy === undefined ? {} : { signedBy: signed.signedBy })
      }

const notText = (field: string, what: string) => new InvalidInput({ field, problem: `is ${what}` })

const userContent = (
  content: (typeof MessageItem.Type)["content"],
  at: string
): Either.Either<ReadonlyArray<UserContent>, InvalidInput> => {
  if (typeof content === "string") return Either.right(content === "" ? [] : [{ type: "text", text: content }])
  const parts: Array<UserContent> = []
  for (const [j, part] of content.entries()) {
    const field = `${at}.content[${j}]`
    switch (part.type) {
      case "input_text":
      case "output_text":
        if (part.text !== "") parts.push({ type: "text", text: part.text })
        break
      case "refusal":
        return Either.left(notText(field, "a refusal, which only an assistant's message holds"))
      case "input_image": {
        if (part.image_url == null)
          return Either.left(
            new InvalidInput({ field: `${field}.image_url`, problem: "must be set: uploaded file ids are OpenAI's" })
          )
        const source = mediaSource(part.image_url, `${field}.image_url`)
        if (Either.isLeft(source)) return Either.left(source.left)
        parts.push({ type: "image", source: source.right })
        break
      }
      case "input_file": {
        const url = part.file_data ?? part.file_url
        if (url == null)
          return Either.left(
            new InvalidInput({
              field: `${field}.file_data`,
              problem: "must be set (or file_url): uploaded file ids are OpenAI's"
            })
          )
        const source = mediaSource(url, `${field}.${part.file_data == null ? "file_url" : "file_data"}`)
        if (Either.isLeft(source)) return Either.left(source.left)
        parts.push({
          type: "file",
          source: source.right,
          ...(part.filename == null ? {} : { filename: part.filename })
        })
        break
      }
    }
  }
  return Either.right(parts)
}

/** The text of a system or assistant message; any other part is refused. */
const textOf = (content: (typeof MessageItem.Type)["content"], at: string): Either.Either<string, InvalidInput> => {
  if (typeof content === "string") return Either.right(content)
  let text = ""
  for (const [j, part] of content.entries()) {
    if (part.type === "input_text" || part.type === "output_text") text += part.text
    else if (part.type === "refusal") text += part.refusal
    else return Either.left(notText(`${at}.content[${j}]`, "not text, and this message holds only text"))
  }
  return Either.right(text)
}

const outputText = (
  output: (typeof FunctionCallOutputItem.Type)["output"],
  at: string
): Either.Either<string, InvalidInput> => {
  if (typeof output === "string") return Either.right(output)
  let text = ""
  for (const [j, part] of output.entries()) {
    if (part.type === "input_text") text += part.text
    else return Either.left(notText(`${at}.output[${j}]`, "not text, and a translated tool result is text"))
  }
  return Either.right(text)
}

/** The reasoning parts of a reasoning item: its text, and its signature or redacted thinking when it carries one. */
const reasoningParts = (item: typeof ReasoningItem.Type): ReadonlyArray<AssistantContent> => {
  const text =
    item.content != null && item.content.length > 0
      ? item.content.map((part) => part.text).join("")
      : (item.summary ?? []).map((part) => part.text).join("\n\n")
  const carried = item.id == null ? undefined : carriedItem(item.id)
  const signed =
    (item.encrypted_content == null ? undefined : openedSignature(item.encrypted_content)) ??
    (carried?.type === "reasoning" ? carried : undefined)
  const parts: Array<AssistantContent> = []
  if (text !== "" || signed?.signature !== undefined) parts.push({ type: "reasoning", text, ...signedPart(signed) })
  if (signed?.redacted !== undefined)
    parts.push({
      type: "reasoning",
      text: "",
      redacted: signed.redacted,
      ...(signed.signedBy === undefined ? {} : { signedBy: signed.signedBy })
    })
  return parts
}

/** Gathers the messages; consecutive assistant items and consecutive call outputs join into one message each. */
class Conversation {
  readonly messages: Array<ChatMessage> = []
  private assistant: Array<AssistantContent> = []
  private results: Array<ToolResultPart> = []
  /** Each call's tool name by its call id: Gemini names the tool a result is for. */
  private readonly names = new Map<string, string>()

  private flush() {
    if (this.assistant.length > 0) this.messages.push({ role: "assistant", content: this.assistant })
    if (this.results.length > 0) this.messages.push({ role: "tool", content: this.results })
    this.assistant = []
    this.results = []
  }

  assistantParts(parts: ReadonlyArray<AssistantContent>) {
    if (this.results.length > 0) this.flush()
    this.assistant.push(...parts)
  }

  call(item: typeof FunctionCallItem.Type) {
    this.names.set(item.call_id, item.name)
    const carried = item.id == null ? undefined : carriedItem(item.id)
    this.assistantParts([
      {
        type: "tool-call",
        id: item.call_id,
        name: item.name,
        arguments: item.arguments,
        ...signedPart(carried?.type === "function_call" ? carried : undefined)
      }
    ])
  }

  result(callId: string, content: string) {
    if (this.assistant.length > 0) this.flush()
    const name = this.names.get(callId)
    this.results.push({ type: "tool-result", callId, content, ...(name === undefined ? {} : { name }) })
  }

  message(message: ChatMessage) {
    this.flush()
    this.messages.push(message)
  }

  end(): ReadonlyArray<ChatMessage> {
    this.flush()
    return this.messages
  }
}

const unresolved = (at: string) =>
  new InvalidInput({
    field: at,
    problem:
      "refers to an item by id, and nothing is stored here: send the item itself (with the Vercel AI SDK, " +
      "providerOptions: { openai: { store: false } })"
  })

/** Adds one decoded item at `at` to `conversation`. */
const take = (conversation: Conversation, item: Item, at: string): Either.Either<void, InvalidInput> => {
  if ("role" in item) {
    switch (item.role) {
      case "system":
      case "developer":
        return Either.map(textOf(item.content, at), (text) => {
          if (text !== "") conversation.message({ role: "system", content: text })
        })
      case "user":
        return Either.map(userContent(item.content, at), (content) => {
          if (content.length > 0) conversation.message({ role: "user", content })
        })
      case "assistant":
        return Either.map(textOf(item.content, at), (text) => {
          if (text !== "") conversation.assistantParts([{ type: "text", text }])
        })
    }
  }
  switch (item.type) {
    case "function_call":
      return Either.right(conversation.call(item))
    case "function_call_output":
      return Either.map(outputText(item.output, at), (text) => conversation.result(item.call_id, text))
    case "reasoning":
      return Either.right(conversation.assistantParts(reasoningParts(item)))
    default: {
      const carried = carriedItem(item.id)
      return carried === undefined ? Either.left(unresolved(at)) : take(conversation, referenced(carried, item.id), at)
    }
  }
}

/**
 * The neutral messages of a request's `instructions` and `input`, empty ones left out. A request that would leave
 * nothing but system messages is refused here, naming `input`, rather than by the provider.
 */
export const neutralMessages = (
  instructions: string | null | undefined,
  input: string | ReadonlyArray<unknown>
): Either.Either<readonly [ChatMessage, ...Array<ChatMessage>], InvalidInput> => {
  const items = typeof input === "string" ? [{ role: "user", content: input }] : input
  if (items.length > maxChatMessages)
    return Either.left(
      new InvalidInput({
        field: "input",
        problem: `has more than ${maxChatMessages.toLocaleString("en")} items; send at most that many in one request`
      })
    )
  const conversation = new Conversation()
  if (instructions != null && instructions !== "") conversation.message({ role: "system", content: instructions })
  for (const [i, raw] of items.entries()) {
    const at = `input[${i}]`
    const taken = Either.flatMap(decodeItem(raw, at), (item) => take(conversation, item, at))
    if (Either.isLeft(taken)) return Either.left(taken.left)
  }
  const [first, ...rest] = conversation.end()
  if (first === undefined || rest.concat(first).every((message) => message.role === "system"))
    return Either.left(
      new InvalidInput({ field: "input", problem: "must hold at least one user, assistant or tool message" })
    )
  return Either.right([first, ...rest])
}
