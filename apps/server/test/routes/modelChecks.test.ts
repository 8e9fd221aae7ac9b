/**
 * The check of every model × key over REST, against a real OpenAI-compatible upstream on 127.0.0.1 that accepts two
 * of three keys and does not know two of twenty models: the SSE stream, what is stored, the bulk removals, and
 * cancelling by closing the connection.
 */
import * as FakeProvider from "@switchboard/testing/FakeProvider"
import * as OpenAiFrames from "@switchboard/testing/OpenAiFrames"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { type RealServer, startRealServer } from "../support/RealServer"
import { type Json, parseSse, testToken } from "../support/TestApp"

const keys = ["sk-first-0123456789", "sk-refused-0123456789", "sk-third-0123456789"]
const models = Array.from({ length: 20 }, (_, i) => `model-${String(i + 1).padStart(2, "0")}`)
const unknown = new Set(["model-07", "model-13"])
/** How long each probe's answer takes upstream. */
const delayMs = 60

let server: RealServer
let upstream: FakeProvider.FakeProvider

const behaviour = (chat: FakeProvider.ChatCall): FakeProvider.Behaviour =>
  unknown.has(chat.model)
    ? { kind: "status", status: 404, body: OpenAiFrames.error(`The model ${chat.model} does not exist`) }
    : { kind: "slow", pieces: ["Hi", "!"], delayMs }

beforeAll(async () => {
  upstream = await FakeProvider.start({ protocol: "openai", models, key: [keys[0]!, keys[2]!], behaviour })
  server = await startRealServer({ graceMs: 100 })
})

afterAll(async () => {
  await server.shutdown()
  await upstream.close()
})

beforeEach(() => {
  upstream.reset()
  upstream.clearRequests()
})

let made = 0
const addProvider = async () => {
  const added = await server.api("POST", "/api/providers", {
    name: `Checked ${++made}`,
    type: "openai",
    baseUrl: upstream.url,
    apiKeys: keys,
    models
  })
  expect(added.status).toBe(201)
  return added.body as { id: string; apiKeys: Array<{ id: string; masked: string }> }
}

const check = (id: string, body: unknown, signal?: AbortSignal) =>
  fetch(`${server.url}/api/providers/${id}/models-check`, {
    method: "POST",
    headers: { authorization: `Bearer ${testToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
    ...(signal === undefined ? {} : { signal })
  })

describe("POST /api/providers/:id/models-check", () => {
  it("reports exactly the refused key and the unknown models, concurrently, and keeps the results", async () => {
    const provider = await addProvider()
    const res = await check(provider.id, { concurrency: 16 })
    expect(res.status).toBe(200)
    expect(res.headers.get("content-type")).toContain("text/event-stream")
    const frames = parseSse(await res.text())
    expect(frames[0]).toMatchObject({ event: "start", data: { total: 60, concurrency: 16 } })
    const progress = frames.filter((f) => f.event === "progress").map((f) => f.data)
    expect(progress.map((p: Json) => p.done)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1))
    const failed = progress.map((p: Json) => p.check).filter((c: Json) => !c.result.ok)
    const refused = provider.apiKeys[1]!
    expect(failed.filter((c: Json) => c.result.reason === "Authentication")).toHaveLength(20)
    expect(failed.every((c: Json) => (c.result.reason === "Authentication") === (c.result.keyId === refused.id))).toBe(
      true
    )
    const notFound = failed.filter((c: Json) => c.result.reason === "NotFound")
    expect(notFound.map((c: Json) => c.modelId).sort()).toEqual(["model-07", "model-07", "model-13", "model-13"])
    expect(notFound.every((c: Json) => c.result.status === 404 && c.result.url.startsWith(upstream.url))).toBe(true)
    const done = frames.at(-1)!
    expect(done).toMatchObject({ event: "done", data: { total: 60, passed: 36, failed: 24 } })
    // Sixteen at a time: the whole check takes a fraction of its probes' summed time (a quarter allows for a busy machine).
    const summed = progress.reduce((sum: number, p: Json) => sum + p.check.result.latencyMs, 0)
    expect(summed).toBeGreaterThan(60 * delayMs)
    expect(done.data.elapsedMs).toBeLessThan(summed / 4)
    // One probe per model × key, nothing listed first.
    expect(upstream.chats()).toHaveLength(60)
    expect(upstream.requests().filter((r) => r.path === "/v1/models")).toHaveLength(0)

    const last = await server.api("GET", `/api/providers/${provider.id}/models-check`)
    expect(last.status).toBe(200)
    expect(last.body.checks).toHaveLength(60)
    expect(last.body.failures).toEqual({ models: ["model-07", "model-13"], keys: [refused.id] })
    expect(last.text).not.toContain(keys[0])
    expect(last.text).not.toContain(keys[1])
  })

  it("removes the failed models, then the key refused everywhere", async () => {
    const provider = await addProvider()
    await (await check(provider.id, { concurrency: 16 })).text()
    const models = await server.api("POST", `/api/providers/${provider.id}/models-check/remove-failed`, {
      what: "models"
    })
    expect(models.status).toBe(200)
    expect(models.body.removed).toEqual(["model-07", "model-13"])
    expect(models.body.provider.models).toHaveLength(18)
    const keysRemoved = await server.api("POST", `/api/providers/${provider.id}/models-check/remove-failed`, {
      what: "keys"
    })
    expect(keysRemoved.body.removed).toEqual([provider.apiKeys[1]!.id])
    expect(keysRemoved.body.provider.apiKeys.map((k: Json) => k.id)).toEqual([
      provider.apiKeys[0]!.id,
      provider.apiKeys[2]!.id
    ])
    const bad = await server.api("POST", `/api/providers/${provider.id}/models-check/remove-failed`, { what: "all" })
    expect(bad.status).toBe(400)
    expect(bad.body.error.field).toBe("what")
  })

  it("answers bad input and an unknown provider as plain JSON errors", async () => {
    const provider = await addProvider()
    const tooMany = await check(provider.id, { concurrency: 1000 })
    expect(tooMany.status).toBe(400)
    expect(await tooMany.json()).toMatchObject({ error: { field: "concurrency" } })
    const key = await check(provider.id, { keyId: "nope" })
    expect(await key.json()).toMatchObject({ error: { field: "keyId" } })
    expect((await check("nobody", {})).status).toBe(404)
  })

  it("is cancelled by closing the connection, which aborts the upstream requests still running", async () => {
    const provider = await addProvider()
    upstream.behave({ kind: "hang" })
    const before = upstream.stats().aborted
    const leave = new AbortController()
    const res = await check(provider.id, { concurrency: 4, timeoutMs: 60_000 }, leave.signal)
    expect(res.status).toBe(200)
    // Four probes hang upstream (the refused key's are answered at once, and the next ones follow).
    await upstream.until(() => upstream.stats().busy === 4, "four probes waiting upstream")
    leave.abort()
    await upstream.awaitAborted(before + 4)
    await expect.poll(() => server.inflight.size()).toBe(0)
    expect(upstream.stats().busy).toBe(0)
    // Nothing more is sent once the check was cancelled: of 60 probes, only the few started by then went out.
    const sent = upstream.chats().length
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(upstream.chats()).toHaveLength(sent)
    expect(sent).toBeLessThan(10)
  })
})
