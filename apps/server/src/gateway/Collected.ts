/**
 * What has arrived of a translated answer, gathered in place as the events come, for whichever protocol writes it.
 */
import { maxAnswerChars } from "@switchboard/core/Chat"
import type { ChatEvent, FinishReason, Usage } from "@switchboard/core/domain/ChatEvent"

export interface ToolCallAnswer {
  readonly id: string
  readonly name: string
  readonly arguments: string
  /** Gemini's thought signature on the call, for the protocols that send it back. */
  readonly signature?: string | undefined
}

/** A whole answer, as a complete body is written from it. */
export interface Answer {
  readonly text: string
  readonly reasoning: string
  /** What closes the reasoning so it can be sent back (Anthropic's signature or redacted thinking). */
  readonly reasoningSignature?: string | undefined
  readonly redactedReasoning?: string | undefined
  readonly toolCalls: ReadonlyArray<ToolCallAnswer>
  readonly finishReason: FinishReason
  readonly usage: Usage | undefined
}

/**
 * What has arrived of a translated answer, gathered in place: one answer per request, read by one reader, so nothing
 * else sees it change (a new object per event was a share of a translated stream's CPU).
 */
export class Collected implements Answer {
  text = ""
  reasoning = ""
  reasoningSignature: string | undefined = undefined
  redactedReasoning: string | undefined = undefined
  toolCalls: Array<{ id: string; name: string; arguments: string; signature?: string | undefined }> = []
  finishReason: Answer["finishReason"] = "stop"
  usage: Answer["usage"] = undefined
  /** The characters held (text, reasoning and tool arguments), against `maxAnswerChars`. */
  chars = 0
  /** `Finish` arrived (or the answer was cut): nothing after it counts. */
  finished = false
  /** Ended at `maxAnswerChars`, not by the model. */
  cut = false

  /** Adds `event`; one that would take the answer past `maxAnswerChars` ends it instead, as `length`, and is refused. */
  take(event: ChatEvent): boolean {
    const grows =
      event._tag === "TextDelta" || event._tag === "ReasoningDelta"
        ? event.text.length
        : event._tag === "ToolCallDelta"
          ? event.arguments.length
          : 0
    if (this.chars + grows > maxAnswerChars) {
      this.finishReason = "length"
      this.finished = true
      this.cut = true
      return false
    }
    this.chars += grows
    switch (event._tag) {
      case "TextDelta":
        this.text += event.text
        break
      case "ReasoningDelta":
        this.reasoning += event.text
        break
      case "ReasoningSignature":
        this.reasoningSignature = event.signature ?? this.reasoningSignature
        this.redactedReasoning = event.redacted ?? this.redactedReasoning
        break
      case "ToolCallStart":
        this.toolCalls.push({ id: event.id, name: event.name, arguments: "", signature: event.signature })
        break
      case "ToolCallDelta": {
        const call = this.toolCalls[event.index]
        if (call !== undefined) call.arguments += event.arguments
        break
      }
      case "Usage":
        this.usage = event
        break
      case "Finish":
        this.finishReason = event.reason
        this.finished = true
        break
      default:
        break
    }
    return true
  }
}
