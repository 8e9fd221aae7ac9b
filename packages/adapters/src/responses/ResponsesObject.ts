/**
 * A whole `response` body → neutral events: what `openAnswer` with `stream: false` asks for, and what a server that
 * ignored `stream: true` answers. The same events, in the same order, as the stream of that response would give.
 */
import type { ChatEvent } from "@switchboard/core/domain/ChatEvent"
import type { ProviderError } from "@switchboard/core/domain/Errors"
import { Either, ParseResult, Schema } from "effect"
import { type CallContext, invalidOutput } from "../internal/Http"
import { callEvents, failureOf, finishOf, itemEvents, metadataOf, usageOf } from "./ResponsesEvents"
import { type WireResponse, WireResponseJson } from "./ResponsesWire"

/** The events of a complete response; a failed one (or one carrying an `error`) is that error. */
export const fromResponse = (
  response: WireResponse,
  ctx: CallContext,
  out: Array<ChatEvent>
): ProviderError | undefined => {
  if (response.status === "failed" || response.error != null) return failureOf(response, ctx)
  const metadata = metadataOf(response)
  if (metadata !== undefined) out.push(metadata)
  let calls = 0
  for (const item of response.output ?? []) {
    if (item.type === "function_call") callEvents(item, calls++, out)
    else if (item.type !== "ignored") itemEvents(item, out, { text: true })
  }
  const usage = usageOf(response.usage)
  if (usage !== undefined) out.push(usage)
  out.push(finishOf(response, calls > 0))
  return undefined
}

const decodeResponse = Schema.decodeEither(WireResponseJson)

/** A whole JSON body of a 2xx answer: a `response`, or an error envelope some proxies send with a 200. */
export const fromJson = (
  ctx: CallContext,
  status: number,
  body: string,
  out: Array<ChatEvent>
): ProviderError | undefined =>
  Either.match(decodeResponse(body), {
    onLeft: (error) =>
      invalidOutput(ctx, `unreadable response body: ${ParseResult.TreeFormatter.formatErrorSync(error)}`, status),
    onRight: (response) =>
      response.output == null && response.status == null && response.error == null
        ? invalidOutput(ctx, `the answer is not a Responses response: ${body.slice(0, 200)}`, status)
        : fromResponse(response, ctx, out)
  })
