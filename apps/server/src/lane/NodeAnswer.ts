/**
 * An answer written on Node's own response, for the lane. A relayed one's body is piped straight into the socket, the
 * cheapest hop there is; a translated one's goes through its reader into the client protocol's frames
 * (`gateway/TranslatedAnswer.ts`). What they promise is the app route's (`gateway/RelayedAnswer.ts`, whose headers
 * and failure mapping they use): a client that leaves aborts the upstream request, shutdown ends the answer, and a
 * failure mid-answer ends a stream with the client protocol's error event. A complete answer is read whole before
 * anything is sent, so a failure while reading it still gets its own status.
 */
import type { ServerResponse } from "node:http"
import type { Readable } from "node:stream"
import type { Relayed } from "@switchboard/core/Relay"
import { Option } from "effect"
import { bodyFor, describe, type ErrorStyle, errorHeaders } from "../ErrorTable"
import { completeEmbeddings } from "../gateway/EmbeddingsAnswer"
import type { EntryPoint, Route } from "../gateway/EntryPoint"
import { failureOf, headersOf, type RelayedOptions } from "../gateway/RelayedAnswer"
import { overhead } from "../gateway/Overhead"
import {
  completeTranslated,
  streamTranslated,
  type TranslatedOptions,
  translatedStreamHeaders
} from "../gateway/TranslatedAnswer"
import { ShuttingDown } from "../HttpErrors"
import type { Inflight } from "../Inflight"

/**
 * Pipes `body` into `outgoing`, with backpressure as `pipe` has it, but the chunks that arrive in one turn of the
 * event loop (several SSE frames read from one packet) leave in one write: the socket is corked at the first and
 * uncorked before the turn ends, so nothing waits longer than it would have.
 */
const forward = (body: Readable, outgoing: ServerResponse) => {
  let corked = false
  const uncork = () => {
    corked = false
    outgoing.uncork()
  }
  body.on("data", (chunk: Buffer) => {
    if (!corked) {
      corked = true
      outgoing.cork()
      process.nextTick(uncork)
    }
    if (!outgoing.write(chunk)) body.pause()
  })
  outgoing.on("drain", () => body.resume())
  body.once("end", () => outgoing.end())
  body.resume()
}

/** An error answer in `style`'s shape on Node's response, before anything else was written; headers as the app's. */
export const writeError = (outgoing: ServerResponse, error: unknown, style: ErrorStyle): void => {
  const info = describe(error)
  const text = JSON.stringify(bodyFor(style, info))
  outgoing.writeHead(info.status, {
    ...errorHeaders(info),
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text)
  })
  outgoing.end(text)
}

/**
 * Writes the answer to Node's response: a stream is piped as it comes; a complete answer is read whole and written
 * once with its length (one write, and a failure while reading it can still be an error status).
 */
export const relayToNode = (outgoing: ServerResponse, options: RelayedOptions): void => {
  const { body, url } = options.answer
  if (outgoing.destroyed) {
    body.destroy()
    return
  }
  let failed = false
  const fail = (error: unknown) => {
    if (failed || outgoing.writableEnded) return
    failed = true
    body.destroy()
    const failure = failureOf(error, url)
    // A complete answer not sent yet: the failure gets its own status, as before any byte.
    if (!outgoing.headersSent) writeError(outgoing, failure, options.errors.style)
    else if (options.stream && !outgoing.destroyed) outgoing.end(options.errors.frame(describe(failure)))
    else outgoing.destroy()
  }
  const unregister = options.inflight.add({ stop: () => fail(new ShuttingDown()) })
  body.on("error", fail)
  outgoing.once("close", () => {
    unregister()
    // The client left before the end: the upstream request goes too.
    if (!body.readableEnded) body.destroy()
  })
  if (options.stream) {
    outgoing.writeHead(options.answer.status, headersOf(options))
    forward(body, outgoing)
    return
  }
  const parts: Array<Buffer> = []
  body.on("data", (part: Buffer) => parts.push(part))
  body.once("end", () => {
    if (failed) return
    const whole = Buffer.concat(parts)
    outgoing.writeHead(options.answer.status, { ...headersOf(options), "content-length": whole.byteLength })
    outgoing.end(whole)
  })
  body.resume()
}

/** A JSON body, written once with its length. */
const writeJson = (outgoing: ServerResponse, json: string, headers: Record<string, string> = {}) => {
  outgoing.writeHead(200, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(json),
    ...headers
  })
  outgoing.end(json)
}

/** The answer on Node's own response, for the gateway's lane. */
export const translatedToNode = (outgoing: ServerResponse, options: TranslatedOptions): void => {
  if (options.stream) {
    outgoing.writeHead(200, translatedStreamHeaders(options))
    streamTranslated(outgoing, options)
    return
  }
  outgoing.once("close", () => {
    if (!options.answer.body.readableEnded) options.answer.body.destroy()
  })
  void completeTranslated(options).then((result) => {
    if (outgoing.destroyed) return
    if (!result.ok) return writeError(outgoing, result.error, options.errors.style)
    writeJson(outgoing, result.json, overhead(options.startedAt, result.upstreamMs))
  })
}

export interface NodeAnswerOptions {
  readonly entry: EntryPoint
  readonly route: Route
  /** What `Relay` opened; `None` only for a route that answers such a provider itself (`Route.otherwise`). */
  readonly relayed: Option.Option<Relayed>
  /** When the request arrived (`performance.now()`), for the overhead header. */
  readonly startedAt: number
  readonly inflight: Inflight
}

/**
 * Writes one routed request's answer to Node's response, whichever way it went: relayed bytes, a translated chat
 * answer, translated embeddings, or the route's own answer. Returns the content type a stream is written with, which
 * the log line records (a complete answer's is JSON).
 */
export const answerToNode = (outgoing: ServerResponse, options: NodeAnswerOptions): string => {
  const { entry, route, startedAt, inflight } = options
  const { errors } = entry
  const { stream } = route
  if (Option.isNone(options.relayed)) {
    writeJson(outgoing, JSON.stringify(route.otherwise!()))
    return "application/json"
  }
  const answer = options.relayed.value
  const { reader, read } = answer
  if (reader !== undefined) {
    // An entry point whose input translates chat says how its answer reads.
    translatedToNode(outgoing, {
      answer: { ...answer, reader },
      stream,
      writer: route.writer!,
      errors,
      startedAt,
      inflight
    })
    return stream ? "text/event-stream" : "application/json"
  }
  if (read !== undefined) {
    outgoing.once("close", () => {
      if (!answer.body.readableEnded) answer.body.destroy()
    })
    void completeEmbeddings({ ...answer, read }, route, inflight).then((result) => {
      if (outgoing.destroyed) return
      if (!result.ok) return writeError(outgoing, result.error, errors.style)
      writeJson(outgoing, result.json, overhead(startedAt, result.upstreamMs))
    })
    return "application/json"
  }
  relayToNode(outgoing, { answer, stream, headers: overhead(startedAt, answer.upstreamMs), inflight, errors })
  return answer.headers["content-type"] ?? "application/json"
}
