/**
 * Starts the server: reads the environment, opens the embedded core on the data directory (one `ManagedRuntime` for
 * the whole process), resolves the token, listens, and on SIGINT/SIGTERM shuts down gracefully. A configuration it
 * cannot run with (a non-loopback host without a token, a bad port) stops it with one line saying what to change.
 */
import { NodeHttpClient } from "@effect/platform-node"
import * as Adapters from "@switchboard/adapters/Adapters"
import { DataDir } from "@switchboard/core/DataDir"
import * as Embedded from "@switchboard/core/Embedded"
import { Layer, ManagedRuntime } from "effect"
import { makeApp } from "./App"
import { allowedOrigins, ConfigProblem, loadConfig } from "./Config"
import { makeInflight } from "./Inflight"
import { gatewayLane } from "./lane/GatewayLane"
import { jsonLog } from "./Log"
import { serve } from "./Server"
import { resolveToken } from "./Token"

const main = async () => {
  const config = loadConfig(process.env)
  const log = jsonLog()
  // undici: interrupting a chat aborts its upstream request on it, and it keeps connections alive. No tracer: the
  // server exports no traces, and recording spans nobody reads was a measurable share of a gateway request.
  const runtime = ManagedRuntime.make(
    Embedded.layer(Adapters.layer.pipe(Layer.provide(NodeHttpClient.layerUndici))).pipe(
      Layer.provide(Layer.setTracerEnabled(false))
    )
  )
  // Opening the store now (the data dir comes from it) makes a broken data directory stop the start, not a request.
  const { path: dataDir } = await runtime.runPromise(DataDir)
  const token = await resolveToken(config.token, dataDir)
  const inflight = makeInflight()
  const app = makeApp({
    runtime,
    token: token.value,
    log,
    inflight,
    webRoot: config.webRoot,
    allowedOrigins: allowedOrigins(config, config.port)
  })
  const server = await serve({
    fetch: app.fetch,
    lane: await gatewayLane({ runtime, token: token.value, log, inflight }),
    host: config.host,
    port: config.port,
    inflight,
    graceMs: config.shutdownGraceMs,
    dispose: () => runtime.dispose()
  })
  log("info", "listening", { url: server.url, dataDir })
  const tokenLine =
    token.source === "env" ? "token: from SWITCHBOARD_TOKEN" : `token: ${token.value}  (kept in ${token.path})`
  process.stderr.write(`\nSwitchboard is running at ${server.url}\n${tokenLine}\nAPI docs: ${server.url}/docs\n\n`)

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    log("info", "shutting down", { signal, openStreams: inflight.size() })
    server.shutdown().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.on("SIGINT", () => stop("SIGINT"))
  process.on("SIGTERM", () => stop("SIGTERM"))
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigProblem ? error.message : `Switchboard could not start: ${describeStartError(error)}`
  process.stderr.write(`${message}\n`)
  process.exit(1)
})

/** A start-up failure in words; only the message (a store error says which directory and what to check). */
function describeStartError(error: unknown): string {
  if (error instanceof Error && "code" in error && error.code === "EADDRINUSE")
    return "the port is already in use; set SWITCHBOARD_PORT to another port."
  return error instanceof Error ? error.message : String(error)
}
