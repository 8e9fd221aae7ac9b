/**
 * Memory of each gateway, idle and holding 500 open streams. The upstream holds every stream after its first chunk
 * (`hold`), so all 500 are open at once through the gateway; the figure is the gateway process's resident memory
 * (`VmRSS`) once the upstream counts all 500 as held. Fresh processes for this step, so no earlier load inflates
 * "idle".
 */
import { Agent, request } from "node:http"
import { chatBody } from "./Exchange"
import { spawnHelper } from "./Helper"
import { rssBytes } from "./ProcessStats"
import { addProvider, benchToken, startSwitchboard } from "./Switchboard"
import type { Target, TargetName } from "./Targets"
import { startUpstream } from "./Upstream"
import { freePort, sleep, waitFor } from "./Wait"

export interface MemoryResult {
  readonly target: TargetName
  readonly idleBytes: number
  readonly streamsBytes: number
  readonly streams: number
}

/** Opens `count` streams to `target` and resolves with a function that closes them all. */
const openStreams = (target: Target, count: number) => {
  const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY })
  const body = chatBody(target, true)
  const requests = Array.from({ length: count }, () => {
    const req = request({
      agent,
      host: "127.0.0.1",
      port: target.port,
      method: "POST",
      path: target.path,
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...target.headers }
    })
    req.on("response", (res) => res.resume())
    req.on("error", () => {})
    req.end(body)
    return req
  })
  return () => {
    for (const req of requests) req.destroy()
    agent.destroy()
  }
}

export const measureMemory = async (streams: number): Promise<ReadonlyArray<MemoryResult>> => {
  const upstream = await startUpstream({ hold: true, chunks: 4 })
  const results: Array<MemoryResult> = []
  const measure = async (target: Target) => {
    await sleep(1000)
    const idleBytes = rssBytes(target.pid)
    const close = openStreams(target, streams)
    try {
      await waitFor(() => upstream.stats().holding === streams, {
        timeoutMs: 60_000,
        what: `${streams} streams open through ${target.name}`
      })
      await sleep(500)
      results.push({ target: target.name, idleBytes, streamsBytes: rssBytes(target.pid), streams })
    } finally {
      close()
      // Not every gateway passes a client's cancel on to the upstream (Portkey keeps them open), so let them finish.
      upstream.release()
      await waitFor(() => upstream.stats().holding === 0, { timeoutMs: 30_000, what: "the held streams to close" })
    }
  }
  try {
    const chatPath = "/v1/chat/completions"
    const auth = { authorization: "Bearer sk-bench-memory" }

    const bare = await spawnHelper("bare-proxy", [String(upstream.port)])
    try {
      await measure({
        name: "bare proxy",
        port: bare.ready.port as number,
        path: chatPath,
        protocol: "openai",
        headers: auth,
        model: "bench/fast-model",
        pid: bare.pid
      })
    } finally {
      await bare.stop()
    }

    const switchboard = await startSwitchboard()
    try {
      const id = await addProvider(switchboard, {
        name: "Memory",
        baseUrl: upstream.baseUrl,
        apiKeys: ["sk-bench-memory"]
      })
      await measure({
        name: "switchboard",
        port: switchboard.port,
        path: chatPath,
        protocol: "openai",
        headers: { authorization: `Bearer ${benchToken}` },
        model: `${id}/fast-model`,
        pid: switchboard.pid
      })
    } finally {
      await switchboard.stop()
    }

    const portkeyPort = await freePort()
    const portkey = await spawnHelper("portkey", ["--headless", `--port=${portkeyPort}`], {
      ready: (output) => (output.includes("Ready for connections") ? {} : undefined)
    })
    try {
      await measure({
        name: "portkey",
        port: portkeyPort,
        path: chatPath,
        protocol: "openai",
        headers: {
          ...auth,
          "x-portkey-provider": "openai",
          "x-portkey-custom-host": `http://127.0.0.1:${upstream.port}/v1`
        },
        model: "fast-model",
        pid: portkey.pid
      })
    } finally {
      await portkey.stop()
    }
  } finally {
    await upstream.close()
  }
  return results
}
