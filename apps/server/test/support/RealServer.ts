/**
 * The app on a real socket (127.0.0.1, port 0), as `main.ts` runs it but on the in-memory core: for the tests that
 * need real connections — the official OpenAI SDK, clients that disconnect mid-stream, graceful shutdown.
 */
import { ManagedRuntime } from "effect"
import { makeApp } from "../../src/App"
import { makeInflight } from "../../src/Inflight"
import { jsonLog } from "../../src/Log"
import { serve } from "../../src/Server"
import { coreLayer, emptyWebRoot, testToken } from "./TestApp"

export const startRealServer = async (options: { readonly graceMs?: number } = {}) => {
  const logs: Array<string> = []
  const runtime = ManagedRuntime.make(coreLayer())
  const inflight = makeInflight()
  const app = makeApp({
    runtime,
    token: testToken,
    log: jsonLog((line) => logs.push(line)),
    inflight,
    webRoot: emptyWebRoot()
  })
  const server = await serve({
    fetch: app.fetch,
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
  return { ...server, logs, inflight, api, token: testToken }
}

export type RealServer = Awaited<ReturnType<typeof startRealServer>>
