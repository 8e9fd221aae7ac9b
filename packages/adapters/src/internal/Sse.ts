/**
 * Server-Sent Events decoding for every adapter, on the parser from `@effect/experimental/Sse` (a port of
 * eventsource-parser): LF and CRLF framing, `event:` types, multi-line `data:`. Deliberately not `Sse.makeChannel`,
 * which obeys a server's `retry:` field by sleeping; an upstream must not be able to stall us that way.
 *
 * `SseReader` is the parser as plain state, fed text read by read: adapters run it inside their one decoding step
 * (see `Answer`), so an event costs a function call, not a stream stage. `decodeSse` is the same as a stream.
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

/** 8 MiB: far above any real event, low enough that a runaway one cannot exhaust memory. */
export const defaultMaxEventSize = 8 * 1024 * 1024

export interface SseReader {
  /** The events this piece of text completes (pieces may split anywhere), or `SseTooLarge`. */
  readonly feed: (text: string) => ReadonlyArray<SseEvent> | SseTooLarge
  /** At the end of the body: the events a trailing CR completes. An event never ended by a blank line is dropped. */
  readonly flush: () => ReadonlyArray<SseEvent> | SseTooLarge
}

export const makeSseReader = (options: { readonly maxEventSize?: number } = {}): SseReader => {
  const maxEventSize = options.maxEventSize ?? defaultMaxEventSize
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
  const parse = (text: string) => {
    const error = parser.feed(text)
    const events = pending
    pending = []
    return error === undefined ? events : new SseTooLarge(maxEventSize)
  }
  return {
    feed: (text) => {
      const joined = carry + text
      carry = joined.endsWith("\r") ? "\r" : ""
      return parse(carry === "" ? joined : joined.slice(0, -1))
    },
    flush: () => (carry === "" ? [] : parse(carry))
  }
}

const orFail = (result: ReadonlyArray<SseEvent> | SseTooLarge) =>
  result instanceof SseTooLarge ? Effect.fail(result) : Effect.succeed(result)

export const decodeSse = <E, R>(
  bytes: Stream.Stream<Uint8Array, E, R>,
  options: { readonly maxEventSize?: number } = {}
): Stream.Stream<SseEvent, E | SseTooLarge, R> =>
  Stream.suspend(() => {
    const reader = makeSseReader(options)
    return bytes.pipe(
      Stream.decodeText(),
      Stream.mapConcatEffect((text) => orFail(reader.feed(text))),
      Stream.concat(Stream.suspend(() => Stream.fromIterableEffect(orFail(reader.flush()))))
    )
  })
