/**
 * A translated provider's answer written in the client's protocol without a fiber: the upstream's bytes go through the
 * provider protocol's `AnswerReader` (neutral events) and out through the entry point's `AnswerWriter` as frames, or
 * into one complete body, a read at a time, in plain calls. An Effect stream per answer and an effect per event cost
 * the translated route five times the relay's CPU; this is the relay's shape with a translation in the middle.
 *
 * The client's pace holds the upstream back (the body pauses while the client's buffer is full), a client that leaves
 * aborts the upstream request, and an answer is held to `maxAnswerChars` like the REST chat's. Once the reader says the
 * answer is complete the client is answered at once, and the rest of the upstream body is read and dropped, which
 * hands its connection back to the pool.
 */
import { PassThrough, Readable, type Writable } from "node:stream"
import type { ChatEvent } from "@switchboard/core/domain/ChatEvent"
import type { ProviderError } from "@switchboard/core/domain/Errors"
import type { AnswerReader } from "@switchboard/core/ProviderAdapter"
import type { Relayed } from "@switchboard/core/Relay"
import { bodyFor, describe, errorHeaders } from "../ErrorTable"
import { ShuttingDown } from "../HttpErrors"
import type { Inflight } from "../Inflight"
import { Collected } from "./Collected"
import type { AnswerWriter, ErrorShape } from "./EntryPoint"
import { overhead } from "./Overhead"
import { failureOf } from "./RelayedAnswer"

/** How a translated answer ended: complete (with its last answer), or with the failure that cut it. */
export type Ending =
  | { readonly _tag: "Complete"; readonly answer: Collected }
  | { readonly _tag: "Failed"; readonly answer: Collected; readonly error: unknown }

interface ReadOptions {
  /** Each read's events, once added to the answer; returns false to pause the upstream until `onPause`'s resume. */
  readonly onEvents?: (events: ReadonlyArray<ChatEvent>) => boolean
  readonly onPause?: (resume: () => void) => void
}

/**
 * What of a body is read and dropped once its answer is complete, so that its connection goes back to the pool (a
 * server ends the body right after `message_stop`); an upstream that goes on past this is cut off.
 */
export const maxDrainBytes = 64 * 1024

/** Reads `opened`'s body through its reader to the end; resolves with how it ended, never rejects. */
export const readTranslated = (opened: Pick<Relayed, "body">, reader: AnswerReader, options: ReadOptions = {}) =>
  new Promise<Ending>((resolve) => {
    const { body } = opened
    const decoder = new TextDecoder()
    const answer = new Collected()
    let ended = false
    const end = (ending: Ending) => {
      if (ended) return
      ended = true
      body.removeAllListeners("data")
      body.on("error", () => {})
      // A complete answer's rest is read and dropped, a little of it; a failed or cut one's connection is closed.
      if (ending._tag === "Complete" && !ending.answer.cut) {
        let dropped = 0
        body.on("data", (bytes: Uint8Array) => {
          dropped += bytes.length
          if (dropped > maxDrainBytes) body.destroy()
        })
        body.resume()
      } else body.destroy()
      resolve(ending)
    }
    const take = (events: Array<ChatEvent>, error: ProviderError | undefined, closing: boolean) => {
      let taken = 0
      for (const event of events) {
        if (answer.finished || !answer.take(event)) break
        taken++
      }
      const shown = taken === events.length ? events : events.slice(0, taken)
      const goOn = options.onEvents === undefined || shown.length === 0 || options.onEvents(shown)
      if (error !== undefined) return end({ _tag: "Failed", answer, error })
      if (answer.finished || closing) return end({ _tag: "Complete", answer })
      if (!goOn) {
        body.pause()
        options.onPause?.(() => body.resume())
      }
    }
    body.on("data", (bytes: Uint8Array) => {
      const events: Array<ChatEvent> = []
      const error = reader.push(decoder.decode(bytes, { stream: true }), events)
      if (error === undefined && reader.complete()) return take(events, reader.end(events), true)
      take(events, error, false)
    })
    body.on("end", () => {
      const events: Array<ChatEvent> = []
      take(events, reader.push(decoder.decode(), events) ?? reader.end(events), true)
    })
    body.on("error", (error) => end({ _tag: "Failed", answer, error }))
    body.resume()
  })

export interface TranslatedOptions {
  /** A translated answer: `Relay`'s, with its reader. */
  readonly answer: Relayed & { readonly reader: AnswerReader }
  /** The client asked for a stream. */
  readonly stream: boolean
  /** How the client's protocol writes the answer, and its failures. */
  readonly writer: AnswerWriter
  readonly errors: ErrorShape
  /** When the request arrived (`performance.now()`), for the overhead header. */
  readonly startedAt: number
  readonly inflight: Inflight
}

/** A translated stream's headers. */
export const translatedStreamHeaders = (options: TranslatedOptions) => ({
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  // Proxies such as nginx buffer responses by default, which would hold every token back.
  "x-accel-buffering": "no",
  // A stream's share of the upstream is its wait for the answer's headers.
  ...overhead(options.startedAt, options.answer.upstreamMs)
})

/**
 * Streams the answer into `sink` as the client protocol's frames; the sink ends with the protocol's end, or with its
 * error event after a failure. A sink that closes early (the client left) aborts the upstream request.
 */
export const streamTranslated = (sink: Writable, options: TranslatedOptions): void => {
  const { body, reader, url } = options.answer
  const frames = options.writer.frames()
  const unregister = options.inflight.add({ stop: () => body.destroy(new ShuttingDown()) })
  sink.once("close", () => {
    unregister()
    if (!body.readableEnded) body.destroy()
  })
  void readTranslated(options.answer, reader, {
    onEvents: (events) => {
      const text = frames.events(events)
      return text === "" || sink.write(text)
    },
    onPause: (resume) => sink.once("drain", resume)
  }).then((ending) => {
    unregister()
    if (sink.writableEnded || sink.destroyed) return
    sink.end(
      ending._tag === "Complete" ? frames.finish(ending.answer) : frames.error(describe(failureOf(ending.error, url)))
    )
  })
}

/**
 * Reads the whole answer into the client protocol's complete body, or the failure that cut it. The overhead header counts the
 * whole read as the upstream's share, as the relay's complete answers do.
 */
export const completeTranslated = async (options: TranslatedOptions) => {
  const { body, reader, url } = options.answer
  const unregister = options.inflight.add({ stop: () => body.destroy(new ShuttingDown()) })
  const readFrom = performance.now()
  const ending = await readTranslated(options.answer, reader)
  unregister()
  const upstreamMs = options.answer.upstreamMs + performance.now() - readFrom
  return ending._tag === "Complete"
    ? { ok: true as const, json: JSON.stringify(options.writer.complete(ending.answer)), upstreamMs }
    : { ok: false as const, error: failureOf(ending.error, url) }
}

/** The answer as a web `Response`, for the app's route. */
export const translatedToWeb = async (options: TranslatedOptions): Promise<Response> => {
  if (options.stream) {
    const sink = new PassThrough()
    streamTranslated(sink, options)
    return new Response(Readable.toWeb(sink) as ReadableStream<Uint8Array>, {
      status: 200,
      headers: translatedStreamHeaders(options)
    })
  }
  const result = await completeTranslated(options)
  if (!result.ok) {
    const info = describe(result.error)
    return Response.json(bodyFor(options.errors.style, info), { status: info.status, headers: errorHeaders(info) })
  }
  return new Response(result.json, {
    status: 200,
    headers: { "content-type": "application/json", ...overhead(options.startedAt, result.upstreamMs) }
  })
}
