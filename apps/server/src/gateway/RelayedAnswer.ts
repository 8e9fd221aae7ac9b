/**
 * A relayed answer (the core's `Relay`) sent to the gateway's client as a web `Response`: the upstream's status, type
 * and bytes as they arrive, nothing parsed. Shutdown ends the answer, a client that leaves (the stream is cancelled)
 * aborts the upstream request, and a failure mid-answer (the upstream cut or went silent) ends a stream with the
 * client protocol's error event. A complete answer is read whole before anything is sent, so a failure while reading it still gets its
 * own status. The headers and the failure mapping are shared with any writer of relayed answers.
 */
import { ProviderError } from "@switchboard/core/domain/Errors"
import type { Relayed } from "@switchboard/core/Relay"
import { bodyFor, describe, errorHeaders } from "../ErrorTable"
import { ShuttingDown } from "../HttpErrors"
import type { Inflight } from "../Inflight"
import type { ErrorShape } from "./EntryPoint"

export interface RelayedOptions {
  readonly answer: Relayed
  /** The client asked for a stream. */
  readonly stream: boolean
  /** Headers of Switchboard's own (its overhead). */
  readonly headers: Readonly<Record<string, string>>
  readonly inflight: Inflight
  /** How the client's protocol tells of a failure. */
  readonly errors: ErrorShape
}

const streamHeaders = {
  "cache-control": "no-cache",
  // Proxies such as nginx buffer responses by default, which would hold every token back.
  "x-accel-buffering": "no"
}

/** The upstream's headers, a stream's own, then Switchboard's. */
export const headersOf = ({ answer, stream, headers }: RelayedOptions) => ({
  ...answer.headers,
  ...(stream ? streamHeaders : {}),
  ...headers
})

/** What the client is told about a failure mid-answer: the upstream's own error, or the cut. */
export const failureOf = (error: unknown, url: string): unknown =>
  error instanceof ProviderError || error instanceof ShuttingDown
    ? error
    : new ProviderError({ reason: "Network", url, detail: "The connection was cut mid-answer." })

/** An error answer in the client protocol's shape, for a complete answer that failed before its status went out. */
const errorJson = (error: unknown, url: string, errors: ErrorShape): Response => {
  const info = describe(failureOf(error, url))
  return Response.json(bodyFor(errors.style, info), { status: info.status, headers: errorHeaders(info) })
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
      return errorJson(error, url, options.errors)
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
        controller.enqueue(new TextEncoder().encode(options.errors.frame(describe(failureOf(error, url)))))
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
