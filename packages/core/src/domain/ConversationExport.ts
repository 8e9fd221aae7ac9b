/**
 * A saved conversation as a file to keep or share: Markdown to read (the title, its settings, each message under its
 * role, an answer's model, finish and error), or JSON holding everything the store has (the API's own shape). Every
 * frontend exports through here, so a file from the CLI and one from the dashboard are the same.
 */
import { DateTime, Schema } from "effect"
import type { MessagePart } from "./ChatRequest"
import { type ConversationMessage, ConversationWithMessages } from "./Conversation"
import type { ExportFormat } from "./ConversationInput"

/** The media type of each format, for an HTTP answer. */
export const exportMediaType: Readonly<Record<ExportFormat, string>> = {
  markdown: "text/markdown; charset=utf-8",
  json: "application/json; charset=utf-8"
}

/** The usual file extension of each format. */
export const exportExtension: Readonly<Record<ExportFormat, string>> = { markdown: "md", json: "json" }

const roleHeading = { system: "System", user: "User", assistant: "Assistant", tool: "Tool" } as const

/** A fence longer than any run of backticks in `text`, so quoted code cannot close it. */
const fenced = (text: string, language = ""): string => {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (run) => run[0].length))
  const fence = "`".repeat(longest + 1)
  return `${fence}${language}\n${text}\n${fence}`
}

/** What a part other than text adds to the transcript (the text itself is the message's `content`). */
const partLine = (part: MessagePart): string | undefined => {
  switch (part.type) {
    case "text":
    case "reasoning":
      return undefined
    case "image":
      return part.source.type === "url" ? `_[image: ${part.source.url}]_` : `_[image: ${part.source.mediaType}]_`
    case "file":
      return `_[file${part.filename === undefined ? "" : `: ${part.filename}`}]_`
    case "tool-call":
      return `Tool call \`${part.name}\`:\n\n${fenced(part.arguments, "json")}`
    case "tool-result":
      return `Tool result${part.name === undefined ? "" : ` of \`${part.name}\``}${part.isError ? " (error)" : ""}:\n\n${fenced(part.content)}`
  }
}

/** The italic footer of an answer: which model, how it ended, its token counts. */
const answerFooter = (message: ConversationMessage): string | undefined => {
  const meta = message.meta
  if (meta === undefined) return undefined
  const facts = [
    `${meta.providerId}/${meta.modelId}`,
    ...(meta.finishReason === undefined ? [] : [`finish: ${meta.finishReason}`]),
    ...(meta.usage === undefined ? [] : [`${meta.usage.inputTokens} → ${meta.usage.outputTokens} tokens`]),
    ...(meta.cancelled ? ["cancelled"] : []),
    ...(meta.error === undefined ? [] : [`error: ${meta.error.message}`])
  ]
  return `_${facts.join(" · ").replaceAll("_", "\\_")}_`
}

const messageMarkdown = (message: ConversationMessage): string => {
  const footer = answerFooter(message)
  const body = [
    ...(message.meta?.reasoning === undefined
      ? []
      : [`<details><summary>Thinking</summary>\n\n${message.meta.reasoning}\n\n</details>`]),
    ...(message.content === "" ? [] : [message.content]),
    ...(message.parts ?? []).flatMap((part) => partLine(part) ?? []),
    ...(footer === undefined ? [] : [footer])
  ]
  return [`## ${roleHeading[message.role]}`, ...body].join("\n\n")
}

/** The conversation as Markdown: a heading, its settings, then each message under its role. */
export const toMarkdown = (conversation: ConversationWithMessages): string => {
  const settings = [
    `- Model: ${conversation.providerId}/${conversation.modelId}`,
    `- Started: ${DateTime.formatIso(conversation.createdAt)}`,
    ...(conversation.temperature === undefined ? [] : [`- Temperature: ${conversation.temperature}`]),
    ...(conversation.maxTokens === undefined ? [] : [`- Max tokens: ${conversation.maxTokens}`])
  ]
  const system = conversation.systemPrompt === undefined ? [] : [`## System prompt\n\n${conversation.systemPrompt}`]
  return `${[`# ${conversation.title}`, settings.join("\n"), ...system, ...conversation.messages.map(messageMarkdown)].join("\n\n")}\n`
}

const encodeJson = Schema.encodeSync(ConversationWithMessages)

/** The conversation as JSON: the same object `GET /api/conversations/:id` answers, indented. */
export const toJson = (conversation: ConversationWithMessages): string =>
  `${JSON.stringify(encodeJson(conversation), null, 2)}\n`

/** The conversation in `format`. */
export const exportConversation = (conversation: ConversationWithMessages, format: ExportFormat): string =>
  format === "markdown" ? toMarkdown(conversation) : toJson(conversation)
