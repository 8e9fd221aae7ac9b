/**
 * The answer of `POST /v1/messages/count_tokens` for a provider that has no token count of its own (every type but
 * Anthropic): an estimate, not the provider's tokenizer. Text (the system prompt, text and thinking blocks, tool
 * results, plain-text documents) and JSON (tool calls' input, the tools' definitions) count one token per four
 * characters, the usual rule of thumb for English and code; each image or PDF counts as much as Anthropic charges a
 * full-size image. It is read leniently: what it does not recognise counts nothing, since an estimate refuses nothing.
 */

/** Characters per token: the common rule of thumb for English text and code. */
export const charsPerToken = 4

/** What an image or a PDF counts, whatever its size: Anthropic's figure for an image of about 1.15 megapixels. */
export const mediaTokens = 1600

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** A tally of characters and media items. */
interface Tally {
  chars: number
  media: number
}

const addText = (tally: Tally, value: unknown) => {
  if (typeof value === "string") tally.chars += value.length
}

/** Content: a string, or blocks (of a turn, a tool result, a document given as content). */
const addContent = (tally: Tally, content: unknown) => {
  if (typeof content === "string") return addText(tally, content)
  if (!Array.isArray(content)) return
  for (const block of content) if (isRecord(block)) addBlock(tally, block)
}

const addBlock = (tally: Tally, block: Record<string, unknown>) => {
  switch (block.type) {
    case "text":
      return addText(tally, block.text)
    case "thinking":
      return addText(tally, block.thinking)
    case "tool_use":
      addText(tally, block.name)
      tally.chars += JSON.stringify(block.input ?? {}).length
      return
    case "tool_result":
      return addContent(tally, block.content)
    case "image":
      tally.media++
      return
    case "document": {
      const source = isRecord(block.source) ? block.source : {}
      addText(tally, block.title)
      if (source.type === "text") return addText(tally, source.data)
      if (source.type === "content") return addContent(tally, source.content)
      tally.media++
      return
    }
    default:
      return
  }
}

/** The estimated input tokens of a Messages (or count_tokens) body; at least 1. */
export const estimateTokens = (body: Readonly<Record<string, unknown>>): number => {
  const tally: Tally = { chars: 0, media: 0 }
  addContent(tally, body.system)
  if (Array.isArray(body.messages))
    for (const message of body.messages) if (isRecord(message)) addContent(tally, message.content)
  if (Array.isArray(body.tools)) tally.chars += JSON.stringify(body.tools).length
  return Math.max(1, Math.ceil(tally.chars / charsPerToken) + tally.media * mediaTokens)
}
