/**
 * The neutral chat events written back as a Responses answer: one `response` object (`ResponsesAnswer.ts`), or the
 * spec's server-sent events, each named and numbered (`sequence_number`): `response.created`, `response.in_progress`;
 * per output item `response.output_item.added`, its content's events (`response.content_part.*` and
 * `response.output_text.*` for the message, `response.reasoning_summary_*` for reasoning,
 * `response.function_call_arguments.*` for a call) and `response.output_item.done`; then `response.completed`, or
 * `response.incomplete` when the answer was cut. A failure mid-answer ends the stream with an `error` event.
 *
 * Text and reasoning go out as they come. A function call is written whole when it ends (its arguments in one delta),
 * so that its id can carry it (`ResponsesIds.ts`): a client that refers back to the call is then answered without
 * anything stored.
 */
import type { ChatEvent } from "@switchboard/core/domain/ChatEvent"
import { type ErrorInfo, openAiBody } from "../ErrorTable"
import type { Answer } from "./Collected"
import type { AnswerWriter, ErrorShape, FrameWriter } from "./EntryPoint"
import {
  type Call,
  callItem,
  completeResponse,
  endingOf,
  type ItemStatus,
  messageItem,
  type OutputItem,
  outputText,
  type ResponseHead,
  reasoningItem,
  responseObject,
  signedOf,
  summaryText
} from "./ResponsesAnswer"
import { carryingId, plainId, responseId } from "./ResponsesIds"
import type { Translation } from "./ResponsesRequest"

/** One named SSE event. */
const frame = (type: string, data: object, sequence: number) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data, sequence_number: sequence })}\n\n`

/**
 * The `error` event: the spec's fields, and OpenAI's error object beside them, which is what the official SDKs read
 * (the `openai` SDK throws its `APIError` from it, the Vercel AI SDK its stream error).
 */
const errorEvent = (info: ErrorInfo, sequence: number) => {
  const { error } = openAiBody(info)
  return frame("error", { code: error.code, message: error.message, param: error.param, error }, sequence)
}

/**
 * How Responses clients are told of failures. A relayed stream that is cut was numbered by the upstream, whose count
 * the relay does not read: its `error` event says 0.
 */
export const responsesErrors: ErrorShape = { style: "openai", frame: (info) => errorEvent(info, 0) }

/** The message or reasoning item being written. */
interface OpenItem {
  readonly kind: "message" | "reasoning"
  readonly index: number
  readonly id: string
  text: string
  signature?: string | undefined
  redacted?: string | undefined
}

interface PendingCall extends Call {
  arguments: string
  readonly signature: string | undefined
}

/** The events of one streamed answer, numbered from 0; what it wrote makes the final `response`. */
class EventWriter implements FrameWriter {
  private sequence = 0
  private started = false
  private readonly output: Array<OutputItem> = []
  private open: OpenItem | undefined
  /** Calls begun and not written yet, by their neutral index. */
  private readonly calls: Array<PendingCall | undefined> = []

  constructor(
    private readonly head: ResponseHead,
    private readonly signedBy: string | undefined
  ) {}

  private event(type: string, data: object) {
    return frame(type, data, this.sequence++)
  }

  private start() {
    if (this.started) return ""
    this.started = true
    const response = responseObject(this.head, { status: "in_progress" })
    return this.event("response.created", { response }) + this.event("response.in_progress", { response })
  }

  private openItem(kind: OpenItem["kind"]) {
    const item: OpenItem = { kind, index: this.output.length, id: plainId(kind), text: "" }
    this.open = item
    const added = kind === "message" ? messageItem(item.id, "", "in_progress") : reasoningItem(item.id, "", undefined)
    let text = this.event("response.output_item.added", { output_index: item.index, item: added })
    if (kind === "message")
      text += this.event("response.content_part.added", {
        item_id: item.id,
        output_index: item.index,
        content_index: 0,
        part: outputText("")
      })
    return text
  }

  private text(delta: string) {
    let text = this.open?.kind === "message" ? "" : this.close("completed") + this.openItem("message")
    const item = this.open!
    item.text += delta
    text += this.event("response.output_text.delta", {
      item_id: item.id,
      output_index: item.index,
      content_index: 0,
      delta,
      logprobs: []
    })
    return text
  }

  private reasoning(delta: string) {
    let text = this.open?.kind === "reasoning" ? "" : this.close("completed") + this.openItem("reasoning")
    const item = this.open!
    const at = { item_id: item.id, output_index: item.index, summary_index: 0 }
    if (item.text === "") text += this.event("response.reasoning_summary_part.added", { ...at, part: summaryText("") })
    item.text += delta
    return text + this.event("response.reasoning_summary_text.delta", { ...at, delta })
  }

  private signature(signature: string | undefined, redacted: string | undefined) {
    const text = this.open?.kind === "reasoning" ? "" : this.close("completed") + this.openItem("reasoning")
    const item = this.open!
    item.signature = signature ?? item.signature
    item.redacted = redacted ?? item.redacted
    return text
  }

  /** Ends the open item, if any, with `status` (a message cut by the token limit is `incomplete`). */
  private close(status: ItemStatus) {
    const item = this.open
    if (item === undefined) return ""
    this.open = undefined
    const at = { item_id: item.id, output_index: item.index }
    let text = ""
    let done: OutputItem
    if (item.kind === "message") {
      text +=
        this.event("response.output_text.done", { ...at, content_index: 0, text: item.text, logprobs: [] }) +
        this.event("response.content_part.done", { ...at, content_index: 0, part: outputText(item.text) })
      done = messageItem(item.id, item.text, status)
    } else {
      if (item.text !== "")
        text +=
          this.event("response.reasoning_summary_text.done", { ...at, summary_index: 0, text: item.text }) +
          this.event("response.reasoning_summary_part.done", { ...at, summary_index: 0, part: summaryText(item.text) })
      done = reasoningItem(item.id, item.text, signedOf(item.signature, item.redacted, this.signedBy))
    }
    this.output.push(done)
    return text + this.event("response.output_item.done", { output_index: item.index, item: done })
  }

  /** Writes the call begun at `index`, whole, with an id that carries it. */
  private call(index: number) {
    const call = this.calls[index]
    if (call === undefined) return ""
    this.calls[index] = undefined
    const output_index = this.output.length
    const signed = signedOf(call.signature, undefined, this.signedBy)
    const id = carryingId({
      type: "function_call",
      call_id: call.callId,
      name: call.name,
      arguments: call.arguments,
      ...signed
    })
    const done = callItem(id, call, "completed")
    this.output.push(done)
    const at = { item_id: id, output_index }
    return (
      this.event("response.output_item.added", {
        output_index,
        item: callItem(id, { ...call, arguments: "" }, "in_progress")
      }) +
      (call.arguments === ""
        ? ""
        : this.event("response.function_call_arguments.delta", { ...at, delta: call.arguments })) +
      this.event("response.function_call_arguments.done", { ...at, name: call.name, arguments: call.arguments }) +
      this.event("response.output_item.done", { output_index, item: done })
    )
  }

  events(events: ReadonlyArray<ChatEvent>) {
    let text = this.start()
    for (const event of events) {
      switch (event._tag) {
        case "TextDelta":
          text += this.text(event.text)
          break
        case "ReasoningDelta":
          text += this.reasoning(event.text)
          break
        case "ReasoningSignature":
          text += this.signature(event.signature, event.redacted)
          break
        case "ToolCallStart":
          text += this.close("completed")
          this.calls[event.index] = { callId: event.id, name: event.name, arguments: "", signature: event.signature }
          break
        case "ToolCallDelta": {
          const call = this.calls[event.index]
          if (call !== undefined) call.arguments += event.arguments
          break
        }
        case "ToolCallEnd":
          text += this.call(event.index)
          break
        default:
          break
      }
    }
    return text
  }

  finish(answer: Answer) {
    const ending = endingOf(answer.finishReason)
    let text = this.start() + this.close(ending.status === "completed" ? "completed" : "incomplete")
    for (const [index] of this.calls.entries()) text += this.call(index)
    const response = responseObject(this.head, { ending, output: this.output, usage: answer.usage })
    return text + this.event(ending.status === "completed" ? "response.completed" : "response.incomplete", { response })
  }

  error(info: ErrorInfo) {
    return errorEvent(info, this.sequence++)
  }
}

/**
 * A translated answer for a Responses client, which wrote `model`; `translation` holds what the request's translation
 * learnt, set before any answer is written.
 */
export const responsesWriter = (model: string, translation: Translation): AnswerWriter => {
  const head = (): ResponseHead => ({
    id: responseId(),
    createdAt: Math.floor(Date.now() / 1000),
    model,
    request: translation.request
  })
  return {
    frames: () => new EventWriter(head(), translation.signedBy),
    complete: (answer) => completeResponse(head(), answer, translation.signedBy)
  }
}
