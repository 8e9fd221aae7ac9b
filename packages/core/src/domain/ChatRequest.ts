/**
 * What a frontend asks a model, in no provider's dialect: messages made of parts (text, images, files, reasoning, tool
 * calls and their results) and the generation options every protocol has a word for. Adapters translate it to their
 * wire request; the gateway's entry points translate their clients' requests to it. Modelled on the Vercel AI SDK's
 * `LanguageModelV2` prompt and `@effect/ai`'s `Prompt`, as plain data (`type`-tagged structs): requests are built per
 * call on the gateway's path, where class instances cost.
 */
import { Schema } from "effect"

export const Role = Schema.Literal("system", "user", "assistant", "tool")
export type Role = typeof Role.Type

/**
 * The largest image or file a message may carry, decoded: Anthropic's own limit per image. Conversations store what
 * they are sent, so this also bounds what one stored message can hold.
 */
export const maxMediaBytes = 5 * 1024 * 1024

const maxMediaBase64 = Math.ceil(maxMediaBytes / 3) * 4

/** Where an image's or file's bytes are: an http(s) URL the provider fetches, or the bytes themselves, base64. */
export const MediaSource = Schema.Union(
  Schema.Struct({
    type: Schema.Literal("url"),
    url: Schema.String.pipe(
      Schema.filter((url) => /^https?:\/\//i.test(url) || "must be an http:// or https:// URL (send data as base64)"),
      Schema.filter((url) => url.length <= 8192 || "must be at most 8192 characters")
    )
  }),
  Schema.Struct({
    type: Schema.Literal("base64"),
    mediaType: Schema.String.pipe(
      Schema.filter((type) => /^[\w.+-]+\/[\w.+-]+$/.test(type) || "must be a media type such as image/png")
    ),
    data: Schema.String.pipe(
      Schema.filter((data) => data.length <= maxMediaBase64 || `must be at most ${maxMediaBytes / 2 ** 20} MiB`),
      Schema.filter((data) => /^[A-Za-z0-9+/]*={0,2}$/.test(data) || "must be base64")
    )
  })
)
export type MediaSource = typeof MediaSource.Type

export const TextPart = Schema.Struct({ type: Schema.Literal("text"), text: Schema.String })
export type TextPart = typeof TextPart.Type

export const ImagePart = Schema.Struct({ type: Schema.Literal("image"), source: MediaSource })
export type ImagePart = typeof ImagePart.Type

/** A document (a PDF, usually) for the protocols that take one. */
export const FilePart = Schema.Struct({
  type: Schema.Literal("file"),
  source: MediaSource,
  filename: Schema.optional(Schema.String)
})
export type FilePart = typeof FilePart.Type

/**
 * Which protocol signed a part (`anthropic`, `gemini`): a signature only means something to the protocol that made
 * it, so a conversation that moves to another provider type drops it there instead of being refused.
 */
const signedBy = Schema.optional(Schema.String)

/**
 * The model's thinking, sent back as it came so a provider that signs it (Anthropic's thinking blocks, Gemini's
 * thought signatures) accepts the conversation's next turn. `redacted` holds Anthropic's encrypted thinking, which
 * has no text.
 */
export const ReasoningPart = Schema.Struct({
  type: Schema.Literal("reasoning"),
  text: Schema.String,
  signature: Schema.optional(Schema.String),
  redacted: Schema.optional(Schema.String),
  signedBy
})
export type ReasoningPart = typeof ReasoningPart.Type

/** A call the model made; `arguments` is the JSON text of the arguments, as the model wrote it. */
export const ToolCallPart = Schema.Struct({
  type: Schema.Literal("tool-call"),
  id: Schema.String,
  name: Schema.String,
  arguments: Schema.String,
  /** Gemini's thought signature on a function call, sent back with it. */
  signature: Schema.optional(Schema.String),
  signedBy
})
export type ToolCallPart = typeof ToolCallPart.Type

/** The result of one call, for the call `callId` names; `name` is the tool's (Gemini needs it, others ignore it). */
export const ToolResultPart = Schema.Struct({
  type: Schema.Literal("tool-result"),
  callId: Schema.String,
  name: Schema.optional(Schema.String),
  /** The result as text; JSON results are their JSON text. */
  content: Schema.String,
  isError: Schema.optional(Schema.Boolean)
})
export type ToolResultPart = typeof ToolResultPart.Type

export const SystemMessage = Schema.Struct({ role: Schema.Literal("system"), content: Schema.String })
export const UserMessage = Schema.Struct({
  role: Schema.Literal("user"),
  content: Schema.Array(Schema.Union(TextPart, ImagePart, FilePart))
})
export const AssistantMessage = Schema.Struct({
  role: Schema.Literal("assistant"),
  content: Schema.Array(Schema.Union(TextPart, ReasoningPart, ToolCallPart))
})
export const ToolMessage = Schema.Struct({ role: Schema.Literal("tool"), content: Schema.Array(ToolResultPart) })

export const ChatMessage = Schema.Union(SystemMessage, UserMessage, AssistantMessage, ToolMessage)
export type ChatMessage = typeof ChatMessage.Type
/** Any part of any message: what a stored message keeps when it is more than text. */
export const MessagePart = Schema.Union(TextPart, ImagePart, FilePart, ReasoningPart, ToolCallPart, ToolResultPart)
export type MessagePart = typeof MessagePart.Type
export type UserContent = (typeof UserMessage.Type)["content"][number]
export type AssistantContent = (typeof AssistantMessage.Type)["content"][number]

/** A tool the model may call: its parameters are a JSON Schema object. */
export const ToolDefinition = Schema.Struct({
  name: Schema.String,
  description: Schema.optional(Schema.String),
  parameters: Schema.Record({ key: Schema.String, value: Schema.Unknown })
})
export type ToolDefinition = typeof ToolDefinition.Type

/** Whether the model may, must not, must, or must call one named tool. */
export const ToolChoice = Schema.Union(
  Schema.Literal("auto", "none", "required"),
  Schema.Struct({ type: Schema.Literal("tool"), name: Schema.String })
)
export type ToolChoice = typeof ToolChoice.Type

/** Plain text, any JSON object, or JSON that follows `schema`. */
export const ResponseFormat = Schema.Union(
  Schema.Struct({ type: Schema.Literal("text") }),
  Schema.Struct({ type: Schema.Literal("json") }),
  Schema.Struct({
    type: Schema.Literal("json_schema"),
    name: Schema.String,
    description: Schema.optional(Schema.String),
    schema: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
    strict: Schema.optional(Schema.Boolean)
  })
)
export type ResponseFormat = typeof ResponseFormat.Type

/** How hard a reasoning model thinks: OpenAI's effort, or a token budget (Anthropic's thinking, Gemini's). */
export const Reasoning = Schema.Struct({
  effort: Schema.optional(Schema.Literal("minimal", "low", "medium", "high")),
  budgetTokens: Schema.optional(Schema.Int.pipe(Schema.nonNegative()))
})
export type Reasoning = typeof Reasoning.Type

/** The generation options, every one optional: shared by `ChatRequest` and the inputs that become one. */
export const generationOptions = {
  /** Upper bound on output tokens; Anthropic requires one, so its adapter falls back to a default. */
  maxTokens: Schema.optional(Schema.Int.pipe(Schema.positive())),
  /** OpenAI's 0–2 range; adapters whose protocol takes less clamp it. */
  temperature: Schema.optional(Schema.Number.pipe(Schema.between(0, 2))),
  topP: Schema.optional(Schema.Number.pipe(Schema.between(0, 1))),
  topK: Schema.optional(Schema.Int.pipe(Schema.positive())),
  stop: Schema.optional(Schema.Array(Schema.String)),
  seed: Schema.optional(Schema.Int),
  presencePenalty: Schema.optional(Schema.Number.pipe(Schema.between(-2, 2))),
  frequencyPenalty: Schema.optional(Schema.Number.pipe(Schema.between(-2, 2))),
  responseFormat: Schema.optional(ResponseFormat),
  tools: Schema.optional(Schema.Array(ToolDefinition)),
  toolChoice: Schema.optional(ToolChoice),
  parallelToolCalls: Schema.optional(Schema.Boolean),
  reasoning: Schema.optional(Reasoning),
  /** Fields for the protocol's wire body, merged into its top level as given (the gateway's unknown fields). */
  providerOptions: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
}

export class ChatRequest extends Schema.Class<ChatRequest>("ChatRequest")({
  model: Schema.String,
  messages: Schema.NonEmptyArray(ChatMessage),
  ...generationOptions
}) {}

/** The options of a request, without its model and messages. */
export type GenerationOptions = Omit<ChatRequest, "model" | "messages">

/** A message of plain text. */
export const textMessage = (role: "system" | "user" | "assistant", text: string): ChatMessage =>
  role === "system" ? { role, content: text } : { role, content: [{ type: "text", text }] }

/** The text of a message, its text parts joined: what a transcript shows and a title is made from. */
export const textOf = (message: ChatMessage): string => {
  if (typeof message.content === "string") return message.content
  let text = ""
  for (const part of message.content) if (part.type === "text") text += part.text
  return text
}

/** Whether a message holds anything but text: such a message is stored with its parts. */
export const hasParts = (message: ChatMessage): boolean =>
  typeof message.content !== "string" && message.content.some((part) => part.type !== "text")

/** The message `role` had with these stored parts (or, without parts, this text). */
export const messageFrom = (role: Role, text: string, parts: ReadonlyArray<MessagePart> | undefined): ChatMessage =>
  role === "system"
    ? { role, content: text }
    : parts === undefined
      ? role === "tool"
        ? { role, content: [] }
        : { role, content: [{ type: "text", text }] }
      : // The store wrote these parts from a message of this role.
        ({ role, content: parts } as ChatMessage)

/** Whether a part's signature is for `protocol`: signed by it, or with no word on who signed it. */
export const signedFor = (part: { readonly signedBy?: string | undefined }, protocol: string): boolean =>
  part.signedBy === undefined || part.signedBy === protocol
