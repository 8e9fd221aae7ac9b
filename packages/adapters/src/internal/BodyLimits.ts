/**
 * How much of an upstream's body Switchboard will hold, and the readers that keep to it. An upstream is not trusted to
 * send a body of sane size: a 3 GB error body read whole aborted V8, and 300 MB ones left ~0.9 GB behind. An error
 * body is only wanted for its message, so only a prefix is read and the rest is dropped with the connection; a model
 * list or a whole JSON answer past its limit is refused as too large. A 2xx stream is never read here: its events are
 * bounded one by one (`Sse.ts`).
 */
import type { HttpClientError, HttpClientResponse } from "@effect/platform"
import { Effect, Either, Stream } from "effect"
import type { Readable } from "node:stream"

/** Bytes of a non-2xx body read for its message (the message shown is cut to 2,000 characters anyway). */
export const maxErrorBodyBytes = 8 * 1024

/** Bytes of one model-list page: the largest real list (OpenRouter's, ~350 models with metadata) is about 1 MiB. */
export const maxModelListBytes = 16 * 1024 * 1024

/** Bytes of a chat answer sent whole as JSON (a server that ignored the stream flag). */
export const maxJsonAnswerBytes = 32 * 1024 * 1024

/**
 * Bytes of a translated embeddings answer: Gemini's largest batch (100 texts of 3,072 dimensions) is about 7 MiB of
 * JSON, so this leaves room for longer vectors without holding a runaway body.
 */
export const maxEmbeddingsBytes = 32 * 1024 * 1024

const text = (parts: ReadonlyArray<Uint8Array>, size: number, maxBytes: number): string => {
  const bytes = Buffer.concat(parts, size)
  return new TextDecoder().decode(bytes.subarray(0, maxBytes))
}

/** What came of a body read up to a limit: the text of its first `maxBytes`, whether that was all, and any cut. */
interface Collected {
  readonly text: string
  readonly whole: boolean
  readonly cut: HttpClientError.ResponseError | undefined
}

/** Reads `response`'s body until its end or until more than `maxBytes` came; stopping aborts the rest of the request. */
const collect = (response: HttpClientResponse.HttpClientResponse, maxBytes: number): Effect.Effect<Collected> =>
  Effect.suspend(() => {
    const parts: Array<Uint8Array> = []
    let size = 0
    const read = Stream.runForEachWhile(response.stream, (bytes) =>
      Effect.sync(() => {
        parts.push(bytes)
        size += bytes.length
        return size <= maxBytes
      })
    )
    return Effect.map(Effect.either(read), (result) => ({
      text: text(parts, size, maxBytes),
      whole: size <= maxBytes,
      cut: Either.isLeft(result) ? result.left : undefined
    }))
  })

/** The first `maxBytes` of `response`'s body as text, never failing: a body cut or unreadable is what came before. */
export const readPrefix = (
  response: HttpClientResponse.HttpClientResponse,
  maxBytes: number = maxErrorBodyBytes
): Effect.Effect<string> => Effect.map(collect(response, maxBytes), ({ text }) => text)

/** `response`'s whole body as text when it is at most `maxBytes`, else `undefined`; fails when it was cut mid-body. */
export const readUpTo = (
  response: HttpClientResponse.HttpClientResponse,
  maxBytes: number
): Effect.Effect<string | undefined, HttpClientError.ResponseError> =>
  Effect.flatMap(collect(response, maxBytes), ({ text, whole, cut }) =>
    cut === undefined ? Effect.succeed(whole ? text : undefined) : Effect.fail(cut)
  )

/**
 * The first `maxBytes` of a Node body as text, never rejecting: a body that errors (cut, or destroyed by a silence
 * watchdog) is what came before. The body is destroyed once the prefix is in, which drops the rest with the
 * connection.
 */
export const readNodePrefix = (body: Readable, maxBytes: number = maxErrorBodyBytes): Promise<string> =>
  new Promise((resolve) => {
    const parts: Array<Uint8Array> = []
    let size = 0
    const done = () => {
      body.off("data", onData)
      resolve(text(parts, size, maxBytes))
    }
    const onData = (bytes: Uint8Array) => {
      parts.push(bytes)
      size += bytes.length
      if (size < maxBytes) return
      done()
      body.destroy()
    }
    body.on("data", onData)
    body.once("end", done)
    body.once("error", done)
    body.once("close", done)
    body.resume()
  })

/** A body closed before its end without saying why (destroyed with no error). */
export class BodyClosed extends Error {
  constructor() {
    super("the body was closed before its end")
  }
}

/**
 * A Node body's whole text when it is at most `maxBytes`, else `undefined` (the rest dropped with the connection);
 * rejects with the body's error when it ends in one (cut, destroyed by a silence watchdog or by its consumer), or with
 * `BodyClosed`.
 */
export const readNodeUpTo = (body: Readable, maxBytes: number): Promise<string | undefined> =>
  new Promise((resolve, reject) => {
    const parts: Array<Uint8Array> = []
    let size = 0
    body.on("data", (bytes: Uint8Array) => {
      size += bytes.length
      if (size <= maxBytes) return void parts.push(bytes)
      body.destroy()
      resolve(undefined)
    })
    body.once("end", () => resolve(text(parts, size, maxBytes)))
    body.once("error", reject)
    // Destroyed without an error (by the reader above, or a consumer that left): nothing more comes.
    body.once("close", () => reject(new BodyClosed()))
    body.resume()
  })
