/**
 * Heavy requests: whatever one client sends or fails to read, every other client is still answered at once. While a
 * chat with the most messages a request may carry is saved, while a chat with far more is refused, and while a large
 * configuration is imported, a probe asks `/healthz` and `/api/providers` every few milliseconds and the slowest answer
 * must stay under a bound. A client that stops reading a `/api/chat` stream from an upstream that never ends must
 * leave the server's memory bounded (backpressure reaches the upstream), as the gateway already did.
 */
import { request } from "node:http"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import * as OpenAiFrames from "@switchboard/testing/OpenAiFrames"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { rssBytes } from "../src/ProcessStats"
import { addProvider, benchToken, type Switchboard } from "../src/Switchboard"
import { sleep } from "../src/Wait"
import { drillEvidence, startDrillServer } from "./support/DrillServer"

const evidence = drillEvidence("heavy-requests")

/**
 * The slowest answer a probe may get while a heavy request runs. Idle, the 10,000-message chat costs the probe 0.1–0.4 s;
 * on a two-core machine at load 13 up to 0.7 s. A frozen event loop takes seconds (4–17 s for that chat before).
 */
const probeBoundMs = 1000
/**
 * The same while a body at the 16 MiB limit is read: one `JSON.parse` of it is the floor (0.4 s idle, up to 2.5 s at
 * load 13); it used to be two minutes.
 */
const fullBodyBoundMs = 4000
/** `maxChatMessages` in packages/core/src/Chat.ts. */
const maxChatMessages = 10_000
/** `maxImportProviders` in packages/core/src/Providers.ts. */
const maxImportProviders = 500
/** `maxImportBytes` in apps/server/src/routes/config.ts. */
const maxImportBytes = 2 * 1024 * 1024
/** `maxAnswerChars` in packages/core/src/Chat.ts. */
const maxAnswerChars = 1024 * 1024
/** What the server's memory may grow by while a client reads nothing of an endless answer (it grew 1 GB in 7 s). */
const rssGrowthBoundBytes = 64 * 1024 * 1024
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`

let upstream: FakeUpstream.FakeUpstream
let server: Switchboard
let providerId: string
/** Bytes the endless answers have written so far: it stops growing when backpressure reaches the upstream. */
let endlessBytes = 0

/** A short streamed answer, or (model `endless-model`) one that never ends, written as fast as the client reads. */
const answer: FakeUpstream.Handler = (received, res) => {
  const model = (received.body as { model?: string } | undefined)?.model ?? "fast-model"
  res.writeHead(200, { "content-type": "text/event-stream" })
  if (model !== "endless-model") {
    for (const frame of OpenAiFrames.frames({ model, pieces: ["ok"], promptTokens: 1 })) res.write(frame)
    return void res.end()
  }
  const frame = OpenAiFrames.chunk(model, { content: "x".repeat(4096) })
  const pump = () => {
    while (!res.destroyed && res.write(frame)) endlessBytes += frame.length
    if (!res.destroyed) res.once("drain", pump)
  }
  pump()
}

beforeAll(async () => {
  upstream = await FakeUpstream.start({ record: false })
  upstream.route("POST", "/v1/chat/completions", answer)
  server = await startDrillServer(evidence)
  providerId = await addProvider(server, {
    name: "Heavy",
    baseUrl: `${upstream.url}/v1`,
    apiKeys: [evidence.key("sk-heavy-5c1e9a7b3d2f")],
    models: ["fast-model", "endless-model"]
  })
})
afterAll(async () => {
  await server?.stop()
  await upstream?.close()
})

/** Runs `heavy` while probing `path` back to back; returns its result and the slowest probe's time. */
const probed = async <A>(path: string, heavy: () => Promise<A>) => {
  let running = true
  let slowest = 0
  const probe = async () => {
    while (running) {
      const started = performance.now()
      const answered = await server.call("GET", path)
      expect(answered.status).toBe(200)
      slowest = Math.max(slowest, performance.now() - started)
      await sleep(10)
    }
  }
  const probing = probe()
  await sleep(50)
  try {
    return { result: await heavy(), slowestMs: () => slowest }
  } finally {
    running = false
    await probing
  }
}

/**
 * The status of a POST whose body the server may refuse before reading it all: it answers 413 and closes the
 * connection, so the upload may fail (EPIPE) before the client has parsed that answer; that counts as the refusal.
 */
const statusOfPost = (path: string, body: string) =>
  new Promise<number | "closed by the server">((resolve, reject) => {
    const req = request({
      host: "127.0.0.1",
      port: server.port,
      method: "POST",
      path,
      headers: {
        authorization: `Bearer ${benchToken}`,
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body)
      }
    })
    req.on("response", (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on("error", (error: NodeJS.ErrnoException) =>
      error.code === "EPIPE" || error.code === "ECONNRESET" ? resolve("closed by the server") : reject(error)
    )
    req.end(body)
  })

const messages = (count: number) => Array.from({ length: count }, (_, i) => ({ role: "user", content: `m${i}` }))

describe("heavy requests", () => {
  it("warms up: a chat of 1,000 messages", async () => {
    // A server that has answered before; a cold JIT makes the first long chat slow for reasons of its own.
    for (let i = 0; i < 3; i++) {
      const warm = await server.call("POST", "/api/chat", {
        provider: providerId,
        model: "fast-model",
        messages: messages(1_000)
      })
      expect(warm.status).toBe(200)
    }
  })

  it(`a chat with ${maxChatMessages.toLocaleString("en")} messages is saved while /healthz answers within ${probeBoundMs} ms`, async () => {
    // Encoded before the probe starts: the drill's own JSON.stringify would otherwise hold up the probe.
    const body = JSON.stringify({ provider: providerId, model: "fast-model", messages: messages(maxChatMessages) })
    const { result, slowestMs } = await probed("/healthz", () => server.call("POST", "/api/chat", body))
    expect(result.status).toBe(200)
    expect(result.text).toContain("event: done")
    const conversationId = /"conversationId":"([^"]+)"/.exec(result.text)?.[1]
    const stored = await server.call("GET", `/api/conversations/${conversationId}`)
    expect((stored.json as { messages: Array<unknown> }).messages).toHaveLength(maxChatMessages + 1)
    console.log(`${maxChatMessages} messages: slowest /healthz ${Math.round(slowestMs())} ms`)
    expect(slowestMs()).toBeLessThan(probeBoundMs)
  })

  it(`a chat with 400,000 messages (14 MB) is refused by count, naming messages, and others wait < ${fullBodyBoundMs} ms`, async () => {
    const body = JSON.stringify({ provider: providerId, model: "fast-model", messages: messages(400_000) })
    const { result, slowestMs } = await probed("/api/providers", () => server.call("POST", "/api/chat", body))
    expect(result.status).toBe(400)
    expect(result.json).toMatchObject({ error: { field: "messages" } })
    console.log(`400,000 messages: refused; slowest /api/providers ${Math.round(slowestMs())} ms`)
    expect(slowestMs()).toBeLessThan(fullBodyBoundMs)
  })

  it("a client that stops reading an endless /api/chat answer leaves the server's memory bounded", async () => {
    const before = rssBytes(server.pid)
    const payload = JSON.stringify({
      provider: providerId,
      model: "endless-model",
      messages: [{ role: "user", content: "never stop" }]
    })
    const req = request({
      host: "127.0.0.1",
      port: server.port,
      method: "POST",
      path: "/api/chat",
      headers: {
        authorization: `Bearer ${benchToken}`,
        "content-type": "application/json",
        "content-length": Buffer.byteLength(payload)
      }
    })
    req.on("error", () => {})
    // Reads until the first delta, then nothing more: the response stays open and unread.
    await new Promise<void>((resolve) => {
      req.on("response", (res) => {
        res.once("data", () => {
          res.pause()
          resolve()
        })
      })
      req.end(payload)
    })
    let peak = 0
    const sampleFor = async (ms: number) => {
      for (const end = performance.now() + ms; performance.now() < end; await sleep(100))
        peak = Math.max(peak, rssBytes(server.pid))
    }
    await sampleFor(2000)
    const written = endlessBytes
    await sampleFor(2000)
    req.destroy()
    console.log(
      `unread endless answer: RSS ${mib(before)} before, peak ${mib(peak)}; upstream wrote ${mib(written)}, then ${endlessBytes - written} bytes more`
    )
    // The upstream is held back, not read to the end of memory.
    expect(endlessBytes - written).toBeLessThan(1024 * 1024)
    expect(peak - before).toBeLessThan(rssGrowthBoundBytes)
    expect((await server.call("GET", "/healthz")).status).toBe(200)
  })

  it("an endless answer read to its end stops at the answer limit as length, saved cut", async () => {
    const answered = await server.call("POST", "/api/chat", {
      provider: providerId,
      model: "endless-model",
      messages: [{ role: "user", content: "never stop" }]
    })
    expect(answered.status).toBe(200)
    expect(answered.text).toContain('"finishReason":"length"')
    const conversationId = /"conversationId":"([^"]+)"/.exec(answered.text)?.[1]
    const stored = (await server.call("GET", `/api/conversations/${conversationId}`)).json as {
      messages: Array<{ content: string; meta?: { cut?: boolean; finishReason?: string } }>
    }
    const answer = stored.messages.at(-1)
    expect(answer?.content.length).toBe(maxAnswerChars)
    expect(answer?.meta).toMatchObject({ cut: true, finishReason: "length" })
  })

  it(`an import beyond the limits (2,800 providers × 40 models) is refused while others wait < ${probeBoundMs} ms`, async () => {
    const exported = (await server.call("GET", "/api/export")).json as { providers: Array<Record<string, unknown>> }
    const [template] = exported.providers
    const models = Array.from({ length: 40 }, (_, i) => ({ id: `model-${i}-with-a-longer-name` }))
    const documentOf = (count: number, withModels: boolean) =>
      JSON.stringify({
        ...exported,
        providers: Array.from({ length: count }, (_, i) => ({
          ...template,
          id: `imported-${i}`,
          name: `Imported ${i}`,
          ...(withModels ? { models } : {})
        }))
      })
    // Too large a body: refused as it arrives (413), before any of it is parsed.
    const large = documentOf(2_800, true)
    const bySize = await probed("/api/providers", () => statusOfPost("/api/import", large))
    expect([413, "closed by the server"]).toContain(bySize.result)
    // Small enough a body, too many providers: refused by count (400 naming providers) before any is decoded.
    const many = documentOf(maxImportProviders + 1, false)
    const byCount = await probed("/api/providers", () => server.call("POST", "/api/import", many))
    expect(byCount.result.status).toBe(400)
    expect(byCount.result.json).toMatchObject({ error: { field: "providers" } })
    console.log(
      `import refused: ${mib(large.length)} by size, slowest probe ${Math.round(bySize.slowestMs())} ms; ${maxImportProviders + 1} providers by count, slowest probe ${Math.round(byCount.slowestMs())} ms`
    )
    expect(bySize.slowestMs()).toBeLessThan(probeBoundMs)
    expect(byCount.slowestMs()).toBeLessThan(probeBoundMs)
    expect((await server.call("GET", "/api/providers")).json).toHaveLength(1)
  })

  it(`an import at the limits (${maxImportProviders} providers, just under 2 MiB) is saved while others wait < ${probeBoundMs} ms`, async () => {
    const exported = (await server.call("GET", "/api/export")).json as { providers: Array<Record<string, unknown>> }
    const [template] = exported.providers
    const models = Array.from({ length: 24 }, (_, i) => ({
      id: `vendor/model-${i}-with-a-longer-name`,
      name: `Model ${i} with a longer name`,
      group: "vendor",
      overrides: { vision: true }
    }))
    const document = JSON.stringify({
      ...exported,
      providers: [
        template,
        ...Array.from({ length: maxImportProviders - 1 }, (_, i) => ({
          ...template,
          id: `imported-${i}`,
          name: `Imported ${i}`,
          models
        }))
      ]
    })
    expect(document.length).toBeGreaterThan(1.5 * 2 ** 20)
    expect(document.length).toBeLessThan(maxImportBytes)
    const accepted = await probed("/healthz", () => server.call("POST", "/api/import", document))
    console.log(
      `import of ${maxImportProviders} providers (${mib(document.length)}) saved in one request; slowest probe ${Math.round(accepted.slowestMs())} ms`
    )
    expect(accepted.result.status).toBe(200)
    expect((await server.call("GET", "/api/providers")).json).toHaveLength(maxImportProviders)
    expect(accepted.slowestMs()).toBeLessThan(probeBoundMs)
  })
})
