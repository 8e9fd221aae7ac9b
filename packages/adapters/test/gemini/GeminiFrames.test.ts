/**
 * The Gemini framer on its own, fed byte pieces chosen to hit its edges: a CRLF split between two reads, comments
 * and other SSE fields, multi-line `data:`, a bare JSON block without a trailing blank line, and an oversized frame.
 */
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Either, Stream } from "effect"
import { decodeFrames, type Frame, FrameTooLarge } from "../../src/gemini/GeminiFrames"

const encoder = new TextEncoder()

const frames = (pieces: ReadonlyArray<string>, maxFrameSize?: number) =>
  decodeFrames(
    Stream.fromIterable(pieces.map((piece) => encoder.encode(piece))),
    maxFrameSize === undefined ? {} : { maxFrameSize }
  ).pipe(Stream.runCollect, Effect.map(Chunk.toReadonlyArray), Effect.either)

const data = (value: string): Frame => ({ _tag: "Data", data: value })

describe("GeminiFrames", () => {
  it.effect("pairs a CR ending one read with the LF starting the next", () =>
    Effect.gen(function* () {
      const result = yield* frames(['data: {"a":1}\r', "\n\r", '\ndata: {"b":2}\r\n\r\n'])
      expect(result).toEqual(Either.right([data('{"a":1}'), data('{"b":2}')]))
    })
  )

  it.effect("skips comments and other fields, joins multi-line data, flushes a last event without a blank line", () =>
    Effect.gen(function* () {
      const result = yield* frames([": keep-alive\n\n", 'event: chunk\nid: 7\ndata: {"a":\ndata: 1}\n\n', "data: last"])
      expect(result).toEqual(Either.right([data('{"a":\n1}'), data("last")]))
    })
  )

  it.effect("keeps a bare multi-line JSON block (no data:) as Raw, even at the very end", () =>
    Effect.gen(function* () {
      const result = yield* frames(['data: {"a":1}\n\n{\n  "error": {\n    "code": 499\n  }\n', "}\n"])
      expect(result).toEqual(
        Either.right([data('{"a":1}'), { _tag: "Raw", text: '{\n  "error": {\n    "code": 499\n  }\n}' }])
      )
    })
  )

  it.effect("fails with FrameTooLarge when a frame outgrows the limit", () =>
    Effect.gen(function* () {
      const result = yield* frames(["data: ", "x".repeat(64), "x".repeat(64)], 100)
      expect(Either.isLeft(result) && result.left instanceof FrameTooLarge).toBe(true)
    })
  )
})
