/**
 * An answer written on Node's own response, for the lane. A relayed one's body is piped straight into the socket, the
 * cheapest hop there is; a translated one's goes through its reader into Chat Completions frames
 * (`gateway/TranslatedAnswer.ts`). What they promise is the app route's (`gateway/RelayedAnswer.ts`, whose headers
 * and failure mapping they use): a client that leaves aborts the upstream request, shutdown ends the answer, and a
 * failure mid-answer ends a stream with OpenAI's error event. A complete answer is read whole before anything is sent,
 * so a failure while reading it still gets its own status.
 */
import type { ServerResponse } from "node:http"
import type { Readable } from "node:stream"
import { describe, errorHeaders, openAiBody } from "../ErrorTable"
import { failureOf, headersOf, type RelayedOptions } from "../gateway/RelayedAnswer"
import { errorFrame } from "../gateway/OpenAiResponse"
import { overhead } from "../gateway/Overhead"
import {
  completeTranslated,
  streamTranslated,
  type TranslatedOptions,
  translatedStreamHeaders
} from "../gateway/TranslatedAnswer"
import { ShuttingDown } from "../HttpErrors"

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

/** An error answer in OpenAI's shape on Node's response, before anything else was written; headers as the app's. */
export const writeError = (outgoing: ServerResponse, error: unknown): void => {
  const info = describe(error)
  const text = JSON.stringify(openAiBody(info))
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
    if (!outgoing.headersSent) writeError(outgoing, failure)
    else if (options.stream && !outgoing.destroyed) outgoing.end(errorFrame(describe(failure)))
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
    if (!result.ok) return writeError(outgoing, result.error)
    outgoing.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(result.json),
      ...overhead(options.startedAt, result.upstreamMs)
    })
    outgoing.end(result.json)
  })
}
