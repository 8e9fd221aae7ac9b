/**
 * SSE decoding as every protocol frames it: LF (OpenAI, Anthropic), CRLF (Gemini), events split across reads at any
 * byte, `event:` types, multi-line `data:`, comments, and a size limit against runaway events.
 */
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import { decodeSse, SseTooLarge } from "../../src/internal/Sse"

const bytes = (text: string, size: number) => {
  const all = new TextEncoder().encode(text)
  const pieces: Array<Uint8Array> = []
  for (let offset = 0; offset < all.length; offset += size) pieces.push(all.subarray(offset, offset + size))
  return Stream.fromIterable(pieces)
}

const decode = (text: string, size = 1 << 20) =>
  Stream.runCollect(decodeSse(bytes(text, size))).pipe(Effect.map(Chunk.toReadonlyArray))

describe("decodeSse", () => {
  const body = 'event: message_start\ndata: {"a":1}\n\n: a comment\n\ndata: line one\ndata: line two\n\ndata: ü€\n\n'
  const expected = [
    { event: "message_start", data: '{"a":1}' },
    { event: "message", data: "line one\nline two" },
    { event: "message", data: "ü€" }
  ]

  for (const size of [1, 2, 3, 7, 1 << 20]) {
    it.effect(`LF framing in ${size}-byte reads`, () =>
      Effect.gen(function* () {
        expect(yield* decode(body, size)).toEqual(expected)
      })
    )
    it.effect(`CRLF framing in ${size}-byte reads`, () =>
      Effect.gen(function* () {
        expect(yield* decode(body.replaceAll("\n", "\r\n"), size)).toEqual(expected)
      })
    )
  }

  it.effect("lone CR line ends still end an event, also when the last byte of the body is a CR", () =>
    Effect.gen(function* () {
      expect(yield* decode("data: a\r\rdata: b\r\r", 1)).toEqual([
        { event: "message", data: "a" },
        { event: "message", data: "b" }
      ])
    })
  )

  it.effect("a leading BOM is dropped; id and retry fields are ignored", () =>
    Effect.gen(function* () {
      expect(yield* decode("\uFEFFid: 7\nretry: 1\ndata: x\n\n", 1)).toEqual([{ event: "message", data: "x" }])
    })
  )

  it.effect("an empty data field still makes an event; a blank line alone does not", () =>
    Effect.gen(function* () {
      expect(yield* decode("\n\ndata\n\nevent: ping\n\ndata:\ndata:\n\n")).toEqual([
        { event: "message", data: "" },
        { event: "message", data: "\n" }
      ])
    })
  )

  it.effect("an event the body ends before its blank line is dropped, as the spec says", () =>
    Effect.gen(function* () {
      expect(yield* decode("data: whole\n\ndata: cut", 4)).toEqual([{ event: "message", data: "whole" }])
    })
  )

  it.effect("an event larger than the limit fails with SseTooLarge", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        Stream.runDrain(decodeSse(bytes(`data: ${"x".repeat(5000)}\n\n`, 512), { maxEventSize: 1024 }))
      )
      expect(error).toBeInstanceOf(SseTooLarge)
    })
  )
})
