/**
 * A relayed answer (the core's `Relay`) sent to the gateway's client: the upstream's status, type and bytes as they
 * arrive, nothing parsed. The gateway's Node lane pipes the body straight into the socket's response, the cheapest hop
 * there is; the app's route makes it a web stream. Either way a client that leaves aborts the
 * upstream request, shutdown ends the answer, and a failure mid-answer (the upstream cut or went silent) ends a stream
 * with OpenAI's error event. A complete answer is read whole before anything is sent, so a failure while reading it
 * still gets its own status.
 */
import type { ServerResponse } from "node:http"
import type { Readable } from "node:stream"
import { ProviderError } from "@switchboard/core/domain/Errors"
import type { Relayed } from "@switchboard/core/Relay"
import { describe, openAiBody } from "../ErrorTable"
import { ShuttingDown } from "../HttpErrors"
import type { Inflight } from "../Inflight"
import { errorFrame } from "./OpenAiResponse"

export interface RelayedOptions {
  readonly answer: Relayed
  /** The client asked for a stream. */
  readonly stream: boolean
  /** Headers of Switchboard's own (its overhead). */
  readonly headers: Readonly<Record<string, string>>
  readonly inflight: Inflight
}

const streamHeaders = {
  "cache-control": "no-cache",
  // Proxies such as nginx buffer responses by default, which would hold every token back.
  "x-accel-buffering": "no"
}

const headersOf = ({ answer, stream, headers }: RelayedOptions) => ({
  ...answer.headers,
  ...(stream ? streamHeaders : {}),
  ...headers
})

/** What the client is told about a failure mid-answer: the upstream's own error, or the cut. */
const failureOf = (error: unknown, url: string): unknown =>
  error instanceof ProviderError || error instanceof ShuttingDown
    ? error
    : new ProviderError({ reason: "Network", url, detail: "The connection was cut mid-answer." })

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

/** An error answer in OpenAI's shape on Node's response, before anything else was written. */
export const writeError = (outgoing: ServerResponse, error: unknown): void => {
  const info = describe(error)
  const text = JSON.stringify(openAiBody(info))
  outgoing.writeHead(info.status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) })
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

/** An error answer in OpenAI's shape, for a complete answer that failed before its status went out. */
const errorJson = (error: unknown, url: string): Response => {
  const info = describe(failureOf(error, url))
  return Response.json(openAiBody(info), { status: info.status })
}

/** The answer as a web `Response`, for servers that are not Node's; a complete answer is read whole first. */
export const relayToWeb = async (options: RelayedOptions): Promise<Response> => {
  const { body, url } = options.answer
  const unregister = options.inflight.add({ stop: () => body.destroy(new ShuttingDown()) })
  if (!options.stream) {
    try {
      const parts: Array<Buffer> = []
      for await (const part of body) parts.push(part as Buffer)
      const whole = Buffer.concat(parts)
      return new Response(whole, {
        status: options.answer.status,
        headers: { ...headersOf(options), "content-length": String(whole.byteLength) }
      })
    } catch (error) {
      return errorJson(error, url)
    } finally {
      unregister()
    }
  }
  const chunks = body[Symbol.asyncIterator]()
  const stream = new ReadableStream<Uint8Array>({
    pull: async (controller) => {
      try {
        const next = await chunks.next()
        if (next.done !== true) return controller.enqueue(next.value as Uint8Array)
        unregister()
        controller.close()
      } catch (error) {
        unregister()
        controller.enqueue(new TextEncoder().encode(errorFrame(describe(failureOf(error, url)))))
        controller.close()
      }
    },
    cancel: () => {
      unregister()
      body.destroy()
    }
  })
  return new Response(stream, { status: options.answer.status, headers: headersOf(options) })
}
