/**
 * Server-Sent Events decoding for every adapter, on the parser from `@effect/experimental/Sse` (a port of
 * eventsource-parser): LF and CRLF framing, `event:` types, multi-line `data:`. Deliberately not `Sse.makeChannel`,
 * which obeys a server's `retry:` field by sleeping; an upstream must not be able to stall us that way.
 */
import * as Sse from "@effect/experimental/Sse"
import { Effect, Stream } from "effect"

export interface SseEvent {
  /** The `event:` field; `"message"` when the server sent none. */
  readonly event: string
  readonly data: string
}

/** Raised when one event exceeds the size limit: a broken or hostile upstream, never a real answer. */
export class SseTooLarge {
  readonly _tag = "SseTooLarge"
  constructor(readonly maxEventSize: number) {}
}

export const decodeSse = <E, R>(
  bytes: Stream.Stream<Uint8Array, E, R>,
  options: { readonly maxEventSize?: number } = {}
): Stream.Stream<SseEvent, E | SseTooLarge, R> =>
  Stream.suspend(() => {
    const maxEventSize = options.maxEventSize ?? 8 * 1024 * 1024
    let pending: Array<SseEvent> = []
    // A CRLF split across two reads must not count as two line ends (the parser would see an empty line and end the
    // event early, losing its `event:` type): a trailing CR waits for the next read.
    let carry = ""
    const parser = Sse.makeParser(
      (event) => {
        if (event._tag === "Event") pending.push({ event: event.event, data: event.data })
      },
      { maxEventSize }
    )
    const feed = (text: string) => {
      const error = parser.feed(text)
      const events = pending
      pending = []
      return error === undefined ? Effect.succeed(events) : Effect.fail(new SseTooLarge(maxEventSize))
    }
    return bytes.pipe(
      Stream.decodeText(),
      Stream.mapConcatEffect((text) => {
        const joined = carry + text
        carry = joined.endsWith("\r") ? "\r" : ""
        return feed(carry === "" ? joined : joined.slice(0, -1))
      }),
      Stream.concat(Stream.suspend(() => (carry === "" ? Stream.empty : Stream.fromIterableEffect(feed(carry)))))
    )
  })
