/**
 * Splits a Gemini `alt=sse` body into frames: the `data:` of each event (CRLF or LF framing), and any block of text
 * that is not SSE at all. The shared SSE parser (`internal/Sse`) follows the SSE spec and silently drops lines that
 * are not fields; Gemini, though, can end a started stream with a bare JSON error object (no `data:` prefix, spread
 * over several lines). Dropping it would turn a failed answer into a seemingly complete one, so this framer keeps
 * such blocks as `Raw` for the translator to read.
 */
import { Effect, Stream } from "effect"

export type Frame =
  | { readonly _tag: "Data"; readonly data: string }
  /** A block of lines that are not SSE fields (a bare JSON object, an HTML page, …). */
  | { readonly _tag: "Raw"; readonly text: string }

/** Raised when a frame grows past the size limit: a broken or hostile upstream, never a real answer. */
export class FrameTooLarge {
  readonly _tag = "FrameTooLarge"
  constructor(readonly maxFrameSize: number) {}
}

const sseField = /^(?:data|event|id|retry)(?::|$)|^:/

const toFrame = (block: string): ReadonlyArray<Frame> => {
  const lines = block.split("\n").filter((line) => line.trim() !== "")
  if (lines.length === 0) return []
  if (!lines.every((line) => sseField.test(line))) return [{ _tag: "Raw", text: lines.join("\n") }]
  const data = lines.filter((line) => line.startsWith("data")).map((line) => line.slice(5).replace(/^ /, ""))
  return data.length === 0 ? [] : [{ _tag: "Data", data: data.join("\n") }]
}

export interface FrameReader {
  /** The frames this piece of text completes (pieces may split anywhere), or `FrameTooLarge`. */
  readonly feed: (text: string) => ReadonlyArray<Frame> | FrameTooLarge
  /** At the end of the body: whatever is left, as frames. */
  readonly flush: () => ReadonlyArray<Frame>
}

/** The framer as plain state, fed text read by read (the adapter runs it inside its one decoding step). */
export const makeFrameReader = (options: { readonly maxFrameSize?: number } = {}): FrameReader => {
  const maxFrameSize = options.maxFrameSize ?? 8 * 1024 * 1024
  let buffer = ""
  // CRLF is folded on the whole buffer, so a "\r" ending one read and the "\n" starting the next still pair up.
  const take = (final: boolean): ReadonlyArray<Frame> => {
    const blocks = buffer.replace(/\r\n/g, "\n").split("\n\n")
    buffer = final ? "" : (blocks.pop() ?? "")
    return blocks.flatMap(toFrame)
  }
  return {
    feed: (text) => {
      buffer += text
      const frames = take(false)
      return buffer.length > maxFrameSize ? new FrameTooLarge(maxFrameSize) : frames
    },
    flush: () => take(true)
  }
}

export const decodeFrames = <E, R>(
  bytes: Stream.Stream<Uint8Array, E, R>,
  options: { readonly maxFrameSize?: number } = {}
): Stream.Stream<Frame, E | FrameTooLarge, R> =>
  Stream.suspend(() => {
    const reader = makeFrameReader(options)
    return bytes.pipe(
      Stream.decodeText(),
      Stream.mapConcatEffect((text) => {
        const frames = reader.feed(text)
        return frames instanceof FrameTooLarge ? Effect.fail(frames) : Effect.succeed(frames)
      }),
      Stream.concat(Stream.suspend(() => Stream.fromIterable(reader.flush())))
    )
  })
