/**
 * The gateway's hot path on Node, in front of the app: an authorized `POST` to one of the gateway's entry points
 * (`gateway/entries.ts`: `/v1/chat/completions`, …) is answered here, on Node's own request and response, through
 * `Relay.openNow`, relayed or translated. No Hono context, no web `Request`, no fiber when the first attempt goes
 * well: measured, that took about a fifth off a relayed request's CPU (docs/benchmarks.md, finding 1), and four fifths
 * off a translated one's. Every other request goes to the app untouched, and so does every request this lane cannot
 * finish as it is (a bad body, a browser's cross-origin call): the app's route reads the same body again
 * (`readNodeJson` keeps what it read of a request) and answers exactly as if the lane did not exist, errors included.
 *
 * What the app's route promises holds here too: the token check, one request log line, the overhead header, the
 * error table's statuses and the entry's error shape, a client that leaves aborting the upstream request, and shutdown
 * ending the wait with a 503. The server knows only `gatewayLane`, which wraps the app's Node listener; everything
 * else in this folder is the lane's own, and what it shares with the app (the token check, body limits, the error
 * table, the entry points, the request log line) it imports from there.
 */
import type { IncomingMessage } from "node:http"
import { Relay } from "@switchboard/core/Relay"
import { Either, Exit, type ManagedRuntime, Option } from "effect"
import type { AppServices } from "../AppServices"
import { tokenCheck } from "../Auth"
import { largeMaxBytes, type Parsed, readNodeJson } from "../Body"
import type { EntryPoint } from "../gateway/EntryPoint"
import { entryByPath, unanswered } from "../gateway/entries"
import { ShuttingDown } from "../HttpErrors"
import type { Inflight } from "../Inflight"
import type { Log } from "../Log"
import { logRequest } from "../RequestLog"
import { exitFailure } from "../Runner"
import type { NodeListener } from "../Server"
import { answerToNode, writeError } from "./NodeAnswer"

export interface LaneOptions {
  readonly runtime: ManagedRuntime.ManagedRuntime<AppServices, unknown>
  readonly token: string
  readonly log: Log
  readonly inflight: Inflight
}

/** Wraps the app's listener (`app`) with the lane. */
export const gatewayLane = async (options: LaneOptions): Promise<(app: NodeListener) => NodeListener> => {
  const { log, inflight } = options
  const relay = await options.runtime.runPromise(Relay)
  const refusal = tokenCheck(options.token)

  /**
   * The entry point a request is claimed for: an entry's path, the token, and no `Origin` (a browser's call is the
   * app's, for its CORS answer).
   */
  const claimed = (incoming: IncomingMessage): EntryPoint | undefined => {
    if (incoming.method !== "POST" || incoming.headers.origin !== undefined) return undefined
    // The path without its query: Anthropic's SDKs call their beta API as `/v1/messages?beta=true`.
    const url = incoming.url ?? ""
    const query = url.indexOf("?")
    const entry = entryByPath.get(query === -1 ? url : url.slice(0, query))
    if (entry === undefined) return undefined
    const apiKey = incoming.headers["x-api-key"]
    const refused = refusal(incoming.headers.authorization, typeof apiKey === "string" ? apiKey : undefined)
    return refused === undefined ? entry : undefined
  }

  return (app) => (incoming, outgoing) => {
    const entry = claimed(incoming)
    if (entry === undefined) return app(incoming, outgoing)
    const path = `/v1${entry.path}`
    const startedAt = performance.now()
    /** The log line, with the type of the answer written (a stream's tells the log it was one). */
    const record = (contentType?: string) =>
      logRequest(log, {
        method: "POST",
        path,
        // A client that left before any answer: nginx's 499, as the app's route logs it.
        status: outgoing.headersSent ? outgoing.statusCode : 499,
        startedAt,
        contentType
      })
    const toApp = () => app(incoming, outgoing)

    const header = (name: string) => {
      const value = incoming.headers[name]
      return Array.isArray(value) ? value[0] : value
    }
    const answer = (parsed: Parsed) => {
      const routed = "value" in parsed ? entry.route(parsed.value, header) : undefined
      if (routed === undefined || Either.isLeft(routed)) return toApp()
      const route = routed.right

      // Until the upstream answered: shutdown ends the wait with a 503, a client that leaves aborts it.
      const abort = new AbortController()
      let stopping = false
      const unregister = inflight.add({
        stop: () => {
          stopping = true
          abort.abort()
        }
      })
      const gone = () => abort.abort()
      outgoing.once("close", gone)

      void relay.openNow(route.input, abort.signal).then((opened) => {
        unregister()
        outgoing.off("close", gone)
        const refusal = Exit.isSuccess(opened) && Option.isNone(opened.value) ? unanswered(route) : undefined
        const exit = refusal === undefined ? opened : Exit.fail(refusal)
        if (Exit.isSuccess(exit)) {
          const written = answerToNode(outgoing, { entry, route, relayed: exit.value, startedAt, inflight })
          // A stream's log line is written at its headers, a complete answer's once it was sent (or the client left).
          const logged = () => record(written)
          if (outgoing.headersSent || outgoing.destroyed) logged()
          else outgoing.once("close", logged)
          return
        }
        const error = stopping ? new ShuttingDown() : exitFailure(exit.cause, log, { method: "POST", path })
        if (error !== undefined && !outgoing.destroyed) writeError(outgoing, error, entry.errors.style)
        record()
      })
    }

    // A request whose body could not be read (its connection broke) has no one to answer.
    readNodeJson(incoming, { maxBytes: largeMaxBytes }).then(answer, () => {
      outgoing.destroy()
      record()
    })
  }
}
