/**
 * The app on a real socket (127.0.0.1, port 0), as `main.ts` runs it but on the in-memory core: for the tests that
 * need real connections — the official OpenAI SDK, clients that disconnect mid-stream, graceful shutdown — and for
 * the gateway's Node lane (`appRequests` lists the requests it left to the app).
 */
import { ManagedRuntime } from "effect"
import { makeApp } from "../../src/App"
import { makeInflight } from "../../src/Inflight"
import { gatewayLane } from "../../src/lane/GatewayLane"
import { jsonLog } from "../../src/Log"
import { serve } from "../../src/Server"
import { coreLayer, emptyWebRoot, testToken } from "./TestApp"

export interface RealServerOptions {
  readonly graceMs?: number
  /** Without the gateway's Node lane: relayed requests reach the app's route (default: with it, as in `main.ts`). */
  readonly lane?: boolean
}

export const startRealServer = async (options: RealServerOptions = {}) => {
  const logs: Array<string> = []
  const runtime = ManagedRuntime.make(coreLayer())
  const inflight = makeInflight()
  const appLog = jsonLog((line) => logs.push(line))
  const app = makeApp({
    runtime,
    token: testToken,
    log: appLog,
    inflight,
    webRoot: emptyWebRoot()
  })
  const lane = await gatewayLane({ runtime, token: testToken, log: appLog, inflight })
  const appRequests: Array<string> = []
  const server = await serve({
    fetch: app.fetch,
    // As main.ts runs it, with a note of each request the lane left to the app.
    lane: (app) =>
      options.lane === false
        ? app
        : lane((incoming, outgoing) => {
            appRequests.push(`${incoming.method} ${incoming.url}`)
            app(incoming, outgoing)
          }),
    host: "127.0.0.1",
    port: 0,
    inflight,
    graceMs: options.graceMs ?? 1000,
    dispose: () => runtime.dispose()
  })
  /** A JSON call with the token. */
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${testToken}`,
        ...(body === undefined ? {} : { "content-type": "application/json" })
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    const text = await res.text()
    return { status: res.status, text, body: text === "" ? undefined : JSON.parse(text) }
  }
  return { ...server, logs, inflight, api, token: testToken, appRequests }
}

export type RealServer = Awaited<ReturnType<typeof startRealServer>>
