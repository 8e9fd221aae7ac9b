/**
 * Server-Sent Events decoding for every adapter, as the HTML spec defines it: LF, CRLF and lone-CR line ends (a CRLF
 * split across two reads counts once), `event:` types, multi-line `data:`, comments, a leading BOM, and a size limit.
 * `id:` and `retry:` are ignored: Switchboard never reconnects, and an upstream must not be able to stall it with
 * `retry:`.
 *
 * `SseReader` is the parser as plain state, fed text read by read: adapters run it inside their one decoding step
 * (see `Answer`), so an event costs a few string searches, not a stream stage. It finds line ends with `indexOf`
 * rather than walking the text character by character (as `@effect/experimental/Sse` does, which took a visible share
 * of a fast request). `decodeSse` is the same as a stream.
 */
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
  /**
   * The events this piece of text completes (pieces may split anywhere), or `SseTooLarge`. At the end of the body
   * there is nothing to flush: a line without its end, or an event without its blank line, was cut and is dropped.
   */
  readonly feed: (text: string) => ReadonlyArray<SseEvent> | SseTooLarge
}

export const makeSseReader = (options: { readonly maxEventSize?: number } = {}): SseReader => {
  const maxEventSize = options.maxEventSize ?? defaultMaxEventSize
  /** The start of a line whose end has not arrived yet. */
  let partial = ""
  let started = false
  /** The last read ended with a CR: a LF starting the next read belongs to it. */
  let afterCr = false
  let data = ""
  let hasData = false
  let type = ""

  const line = (text: string, out: Array<SseEvent>) => {
    if (text === "") {
      if (hasData) out.push({ event: type === "" ? "message" : type, data })
      data = ""
      hasData = false
      type = ""
      return
    }
    const colon = text.indexOf(":")
    if (colon === 0) return
    const field = colon < 0 ? text : text.slice(0, colon)
    const value = colon < 0 ? "" : text.slice(text.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1)
    if (field === "data") {
      data = hasData ? `${data}\n${value}` : value
      hasData = true
    } else if (field === "event") type = value
  }

  return {
    feed: (chunk) => {
      let text = partial + chunk
      if (!started && text !== "") {
        started = true
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
      }
      const out: Array<SseEvent> = []
      let at = afterCr && text.charCodeAt(0) === 10 ? 1 : 0
      afterCr = false
      let lf = text.indexOf("\n", at)
      let cr = text.indexOf("\r", at)
      while (lf >= 0 || cr >= 0) {
        const end = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf
        line(text.slice(at, end), out)
        at = end + 1
        if (end === cr) {
          if (at === text.length) afterCr = true
          else if (text.charCodeAt(at) === 10) at++
        }
        if (lf >= 0 && lf < at) lf = text.indexOf("\n", at)
        if (cr >= 0 && cr < at) cr = text.indexOf("\r", at)
      }
      partial = at === 0 ? text : text.slice(at)
      return partial.length + data.length > maxEventSize ? new SseTooLarge(maxEventSize) : out
    }
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
      Stream.mapConcatEffect((text) => orFail(reader.feed(text)))
    )
  })
