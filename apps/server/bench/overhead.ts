/**
 * The gateway's added latency: the same OpenAI-style chat request sent straight to a fast local upstream and through
 * Switchboard's `/v1/chat/completions` (the real server on 127.0.0.1 with the embedded SQLite core), sequentially and
 * interleaved so both see the same machine state. Prints p50/p95 of each path, of the difference, and of the
 * `x-switchboard-overhead-ms` header, for complete answers and for streams (total and time to first chunk).
 *
 *   npx tsx apps/server/bench/overhead.ts [requests=500]
 */
import * as Adapters from "@switchboard/adapters/Adapters"
import { NodeHttpClient } from "@effect/platform-node"
import * as Embedded from "@switchboard/core/Embedded"
import { Layer, ManagedRuntime } from "effect"
import * as Http from "node:http"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { makeApp } from "../src/App"
import { makeInflight } from "../src/Inflight"
import { silentLog } from "../src/Log"
import { gatewayLane } from "../src/lane/GatewayLane"
import { serve } from "../src/Server"
import * as FakeProvider from "@switchboard/testing/FakeProvider"

const requests = Number(process.argv[2] ?? 500)
const warmup = 100
const token = "bench-token-0123456789abcdef"
const agent = new Http.Agent({ keepAlive: true, maxSockets: 1 })

interface Timing {
  readonly totalMs: number
  readonly firstChunkMs: number
  readonly overheadHeader: number | undefined
}

/** One POST over a kept-alive connection, reading the whole body; times the first body byte and the end. */
const post = (url: string, body: string, headers: Record<string, string>): Promise<Timing> =>
  new Promise((resolve, reject) => {
    const started = performance.now()
    const req = Http.request(
      url,
      { method: "POST", agent, headers: { "content-type": "application/json", ...headers } },
      (res) => {
        let first = 0
        res.on("data", () => {
          if (first === 0) first = performance.now()
        })
        res.on("end", () => {
          if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode} from ${url}`))
          const header = res.headers["x-switchboard-overhead-ms"]
          resolve({
            totalMs: performance.now() - started,
            firstChunkMs: first - started,
            overheadHeader: header === undefined ? undefined : Number(header)
          })
        })
      }
    )
    req.on("error", reject)
    req.end(body)
  })

const percentile = (values: ReadonlyArray<number>, p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}
const fmt = (values: ReadonlyArray<number>) =>
  `p50 ${percentile(values, 50).toFixed(3).padStart(7)} ms   p95 ${percentile(values, 95).toFixed(3).padStart(7)} ms`

const main = async () => {
  const upstream = await FakeProvider.start({ protocol: "openai", models: ["gpt2"] })
  upstream.behave({ kind: "answer", pieces: ["Hello", " from", " a", " fast", " upstream"] })
  const dataDir = mkdtempSync(join(tmpdir(), "switchboard-bench-"))
  const runtime = ManagedRuntime.make(
    Embedded.layerAt(dataDir, Adapters.layer.pipe(Layer.provide(NodeHttpClient.layerUndici)))
  )
  const inflight = makeInflight()
  const app = makeApp({ runtime, token, log: silentLog, inflight, webRoot: dataDir })
  const server = await serve({
    fetch: app.fetch,
    lane: await gatewayLane({ runtime, token, log: silentLog, inflight }),
    host: "127.0.0.1",
    port: 0,
    inflight,
    graceMs: 1000,
    dispose: () => runtime.dispose()
  })
  const auth = { authorization: `Bearer ${token}` }
  const created = await app.request("/api/providers", {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ name: "Fast", type: "openai", baseUrl: upstream.url, models: ["gpt2"] })
  })
  if (created.status !== 201) throw new Error(`could not add the provider: ${await created.text()}`)

  const message = [{ role: "user", content: "Say hello" }]
  const direct = (stream: boolean) =>
    post(`${upstream.url}/v1/chat/completions`, JSON.stringify({ model: "gpt2", messages: message, stream }), {})
  const gateway = (stream: boolean) =>
    post(`${server.url}/v1/chat/completions`, JSON.stringify({ model: "fast/gpt2", messages: message, stream }), auth)

  console.log(
    `node ${process.version}, ${requests} sequential requests per path after ${warmup} warm-up, interleaved\n`
  )
  for (const stream of [false, true]) {
    for (let i = 0; i < warmup; i++) {
      await direct(stream)
      await gateway(stream)
    }
    const d: Array<Timing> = []
    const g: Array<Timing> = []
    for (let i = 0; i < requests; i++) {
      // Alternate which goes first, so neither always meets the warmer state.
      if (i % 2 === 0) {
        d.push(await direct(stream))
        g.push(await gateway(stream))
      } else {
        g.push(await gateway(stream))
        d.push(await direct(stream))
      }
    }
    const added = g.map((x, i) => x.totalMs - d[i]!.totalMs)
    console.log(stream ? "streaming (stream: true)" : "complete answer (stream: false)")
    console.log(`  direct to upstream     ${fmt(d.map((x) => x.totalMs))}`)
    console.log(`  through the gateway    ${fmt(g.map((x) => x.totalMs))}`)
    console.log(`  added (paired)         ${fmt(added)}`)
    console.log(`  overhead header        ${fmt(g.map((x) => x.overheadHeader ?? Number.NaN))}`)
    if (stream) {
      console.log(`  first chunk, direct    ${fmt(d.map((x) => x.firstChunkMs))}`)
      console.log(`  first chunk, gateway   ${fmt(g.map((x) => x.firstChunkMs))}`)
    }
    console.log("")
  }
  agent.destroy()
  await server.shutdown()
  await upstream.close()
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
