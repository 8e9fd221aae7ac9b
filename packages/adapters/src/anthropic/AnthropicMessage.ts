/**
 * A whole `message` body → neutral events, for a server or proxy that answered `stream: true` with plain JSON (Prism
 * does): the same events, in the same order, as the stream of that message would give.
 */
import {
  type ChatEvent,
  ReasoningDelta,
  ReasoningSignature,
  ResponseMetadata,
  TextDelta,
  ToolCallDelta,
  ToolCallEnd,
  ToolCallStart
} from "@switchboard/core/domain/ChatEvent"
import type { ProviderError } from "@switchboard/core/domain/Errors"
import { Either, ParseResult, Schema } from "effect"
import { type CallContext, invalidOutput } from "../internal/Http"
import { type Counts, finish, inputJson, noteUsage, streamError, usageOf } from "./AnthropicEvents"
import { jsonToolOf } from "./AnthropicJsonTool"
import { ErrorBody, type Message, MessageJson } from "./AnthropicWire"
import { unchecked } from "../internal/Unchecked"

/** The events of `message`; `jsonTool` names the tool whose call is the answer's JSON text, if the request had one. */
export const fromMessage = (message: Message, jsonTool?: string): ReadonlyArray<ChatEvent> => {
  const events: Array<ChatEvent> = []
  if (message.id != null || message.model != null)
    events.push(
      new ResponseMetadata(
        {
          ...(message.id == null ? {} : { id: message.id }),
          ...(message.model == null ? {} : { model: message.model })
        },
        unchecked
      )
    )
  let toolCalls = 0
  let answeredJson = false
  for (const block of message.content) {
    switch (block.type) {
      case "text":
        if (block.text !== "") events.push(new TextDelta({ text: block.text }, unchecked))
        break
      case "thinking":
        if (block.thinking !== "") events.push(new ReasoningDelta({ text: block.thinking }, unchecked))
        if (block.signature != null && block.signature !== "")
          events.push(new ReasoningSignature({ signature: block.signature }, unchecked))
        break
      case "redacted_thinking":
        events.push(new ReasoningSignature({ redacted: block.data }, unchecked))
        break
      case "tool_use": {
        if (block.name === jsonTool) {
          answeredJson = true
          events.push(new TextDelta({ text: inputJson(block.input) }, unchecked))
          break
        }
        const index = toolCalls++
        events.push(
          new ToolCallStart({ index, id: block.id, name: block.name }, unchecked),
          new ToolCallDelta({ index, arguments: inputJson(block.input) }, unchecked),
          new ToolCallEnd({ index }, unchecked)
        )
        break
      }
    }
  }
  const counts: Counts = {}
  noteUsage(counts, message.usage)
  const usage = usageOf(counts)
  if (usage !== undefined) events.push(usage)
  if (message.stop_reason != null) events.push(finish(message.stop_reason, answeredJson && toolCalls === 0))
  return events
}

const decodeMessage = Schema.decodeEither(MessageJson)
const decodeErrorBody = Schema.decodeUnknownEither(Schema.parseJson(ErrorBody))

/** A whole JSON body of a 2xx answer: a `message`, or an error envelope some proxies send with a 200. */
export const fromJson = (
  ctx: CallContext,
  status: number,
  body: string,
  out: Array<ChatEvent>
): ProviderError | undefined =>
  Either.match(decodeMessage(body), {
    onRight: (message) => {
      out.push(...fromMessage(message, jsonToolOf(ctx)))
      return undefined
    },
    onLeft: (error) =>
      Either.match(decodeErrorBody(body), {
        onRight: (envelope) => streamError(ctx, envelope.error),
        onLeft: () =>
          invalidOutput(ctx, `unreadable message body: ${ParseResult.TreeFormatter.formatErrorSync(error)}`, status)
      })
  })
