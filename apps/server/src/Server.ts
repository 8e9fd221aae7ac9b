/**
 * Puts an app on a socket and takes it down gracefully: stop accepting, let open streams finish for a grace period,
 * end the rest with a final "shutting down" event, close the connections, then dispose the runtime (which closes the
 * store). A `lane` may answer some requests before the app does (the gateway's, `lane/GatewayLane.ts`). `main.ts` uses
 * it, and so do the tests that drive a real server.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { getRequestListener } from "@hono/node-server"
import type { Inflight } from "./Inflight"

/** What Node's server calls with each request. */
export type NodeListener = (incoming: IncomingMessage, outgoing: ServerResponse) => void

export interface Listening {
  /** `http://host:port` as a client would write it. */
  readonly url: string
  readonly port: number
  /** Idempotent; resolves once everything is closed and disposed. */
  readonly shutdown: () => Promise<void>
}

export interface ServeOptions {
  readonly fetch: (request: Request) => Response | Promise<Response>
  /** Requests Node answers before the app (`lane/GatewayLane.ts`); it hands the rest to the app's listener. */
  readonly lane?: (app: NodeListener) => NodeListener
  readonly host: string
  readonly port: number
  readonly inflight: Inflight
  readonly graceMs: number
  /** Runs last (the runtime's `dispose`). */
  readonly dispose: () => Promise<void>
}

const urlHost = (host: string) => (host.includes(":") ? `[${host}]` : host)

export const serve = (options: ServeOptions): Promise<Listening> =>
  new Promise((resolve, reject) => {
    const app = getRequestListener(options.fetch)
    const server = createServer(options.lane === undefined ? app : options.lane(app))
    server.once("error", reject)
    server.listen(options.port, options.host, () => {
      server.off("error", reject)
      const { port } = server.address() as AddressInfo
      let closing: Promise<void> | undefined
      const shutdown = () => {
        closing ??= (async () => {
          const closed = new Promise<void>((done) => server.close(() => done()))
          const left = await options.inflight.drained(options.graceMs)
          if (left > 0) {
            options.inflight.stopAll()
            await options.inflight.drained(2000)
          }
          // Streams have written their last frame; idle keep-alive sockets can go, busy ones get a moment to flush.
          server.closeIdleConnections()
          const forced = setTimeout(() => server.closeAllConnections(), 1000)
          await closed
          clearTimeout(forced)
          await options.dispose()
        })()
        return closing
      }
      resolve({ url: `http://${urlHost(options.host)}:${port}`, port, shutdown })
    })
  })
