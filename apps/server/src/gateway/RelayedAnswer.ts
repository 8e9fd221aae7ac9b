/**
 * A relayed answer (the core's `Relay`) sent to the gateway's client: the upstream's status, type and bytes as they
 * arrive, nothing parsed. On Node the body is piped straight into the socket's response, the cheapest hop there is;
 * elsewhere (tests calling `app.request`) it becomes a web stream. Either way a client that leaves aborts the
 * upstream request, shutdown ends the answer, and a failure mid-answer (the upstream cut or went silent) ends a stream
 * with OpenAI's error event, or cuts a complete answer short, since its status has gone out already.
 */
import type { ServerResponse } from "node:http"
import { ProviderError } from "@switchboard/core/Errors"
import type { Relayed } from "@switchboard/core/Relay"
import { describe } from "../ErrorTable"
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

/** Writes the answer to Node's response. */
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
    body.unpipe(outgoing)
    body.destroy()
    if (options.stream && !outgoing.destroyed) outgoing.end(errorFrame(describe(failureOf(error, url))))
    else outgoing.destroy()
  }
  const unregister = options.inflight.add({ stop: () => fail(new ShuttingDown()) })
  body.on("error", fail)
  outgoing.once("close", () => {
    unregister()
    // The client left before the end: the upstream request goes too.
    if (!body.readableEnded) body.destroy()
  })
  outgoing.writeHead(options.answer.status, headersOf(options))
  body.pipe(outgoing)
}

/** The answer as a web `Response`, for servers that are not Node's. */
export const relayToWeb = (options: RelayedOptions): Response => {
  const { body, url } = options.answer
  const chunks = body[Symbol.asyncIterator]()
  let unregister = () => {}
  const stream = new ReadableStream<Uint8Array>({
    start: () => {
      unregister = options.inflight.add({ stop: () => body.destroy(new ShuttingDown()) })
    },
    pull: async (controller) => {
      try {
        const next = await chunks.next()
        if (next.done !== true) return controller.enqueue(next.value as Uint8Array)
        unregister()
        controller.close()
      } catch (error) {
        unregister()
        if (!options.stream) return controller.error(error)
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
