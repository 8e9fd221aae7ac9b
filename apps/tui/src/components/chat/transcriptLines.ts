/**
 * The conversation as screen lines, wrapped to the terminal's width, so the chat can show exactly the last lines
 * that fit (and scroll by lines) instead of letting a long answer push the composer off an 80×24 screen.
 */
import { formatCost } from "@switchboard/core/domain/CostText"
import type { Streaming } from "../../state/ChatState"
import type { Footer, Shown } from "../../state/Shown"
import { wrap } from "../../text/wrap"

export type Tone = "label" | "selected" | "text" | "reasoning" | "meta" | "error" | "warning"

export interface Line {
  readonly text: string
  readonly tone: Tone
}

const seconds = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`)

/** Tokens in and out, the cost where prices are known, time to first token, speed and total time, as one line. */
export const footerText = (footer: Footer): string => {
  const parts: Array<string> = []
  if (footer.inputTokens !== undefined) parts.push(`in ${footer.inputTokens}`)
  if (footer.outputTokens !== undefined) parts.push(`out ${footer.outputTokens} tokens`)
  if (footer.cost !== undefined) parts.push(formatCost(footer.cost))
  const timing = footer.timing
  if (timing !== undefined) {
    if (timing.firstTokenMs !== null) parts.push(`first token ${seconds(timing.firstTokenMs)}`)
    if (timing.tokensPerSecond !== null)
      parts.push(`${timing.tokensEstimated ? "~" : ""}${timing.tokensPerSecond.toFixed(1)} tok/s`)
    parts.push(`total ${seconds(timing.totalMs)}`)
  }
  if (footer.finishReason !== undefined && footer.finishReason !== "stop") parts.push(`finish: ${footer.finishReason}`)
  return parts.join(" · ")
}

const block = (lines: Array<Line>, text: string, tone: Tone, width: number, indent = "  ") => {
  for (const line of wrap(text, width - indent.length)) lines.push({ text: indent + line, tone })
}

/** The lines of `messages` and the answer streaming in; the `selected` message's label stands out. */
export const transcriptLines = (
  messages: ReadonlyArray<Shown>,
  streaming: Streaming | undefined,
  width: number,
  selected?: number
): ReadonlyArray<Line> => {
  const lines: Array<Line> = []
  for (const [index, message] of messages.entries()) {
    if (lines.length > 0) lines.push({ text: "", tone: "text" })
    const label = message.role === "user" ? "you" : (message.by ?? message.role)
    lines.push(index === selected ? { text: `▶ ${label}`, tone: "selected" } : { text: label, tone: "label" })
    for (const part of message.attachments) lines.push({ text: `  [image: ${part}]`, tone: "meta" })
    if (message.reasoning !== "") block(lines, message.reasoning, "reasoning", width)
    if (message.content !== "") block(lines, message.content, "text", width)
    if (message.cancelled)
      lines.push({
        text:
          message.content === "" && message.reasoning === ""
            ? "  ■ stopped before any answer arrived"
            : "  ■ stopped; the partial answer is kept",
        tone: "warning"
      })
    if (message.error !== undefined) block(lines, `✗ ${message.error.message}`, "error", width)
    if (message.footer !== undefined) block(lines, footerText(message.footer), "meta", width)
  }
  if (streaming !== undefined) {
    if (lines.length > 0) lines.push({ text: "", tone: "text" })
    lines.push({ text: streaming.by, tone: "label" })
    if (streaming.reasoning !== "") block(lines, streaming.reasoning, "reasoning", width)
    if (streaming.text !== "") block(lines, `${streaming.text}▌`, "text", width)
    else lines.push({ text: "  waiting for the first token…", tone: "meta" })
  }
  return lines
}
