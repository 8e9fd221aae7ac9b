/**
 * The runner ties each fiber to its client: a client that goes away — mid-stream or while waiting for a complete
 * answer — interrupts the core's stream, which aborts the upstream request. Proven over real sockets against an
 * upstream that counts the responses its client abandoned.
 */
import { Effect, Layer, ManagedRuntime, Stream } from "effect"
import { Hono } from "hono"
import OpenAI from "openai"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { startRealServer, type RealServer } from "./support/RealServer"
import { testToken } from "./support/TestApp"
import { makeInflight } from "../src/Inflight"
import { silentLog } from "../src/Log"
import { makeRunner, maxUnreadBytes } from "../src/Runner"
import * as FakeProvider from "@switchboard/testing/FakeProvider"

let server: RealServer
let upstream: FakeProvider.FakeProvider

beforeAll(async () => {
  server = await startRealServer()
  upstream = await FakeProvider.start({ protocol: "openai", models: ["gpt2"] })
  await server.api("POST", "/api/providers", { name: "Slow", type: "openai", baseUrl: upstream.url, models: ["gpt2"] })
})
afterAll(async () => {
  await server.shutdown()
  await upstream.close()
})
beforeEach(() => {
  upstream.behave({ kind: "stall", first: "first words" })
})

/** Reads `response`'s body until `needle` arrived. */
const readUntil = async (response: Response, needle: string) => {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let text = ""
  while (!text.includes(needle)) {
    const { done, value } = await reader.read()
    if (done) throw new Error(`the stream ended before "${needle}": ${text}`)
    text += decoder.decode(value, { stream: true })
  }
  return text
}

describe("a client that goes away", () => {
  it("aborts the upstream request of /api/chat", async () => {
    const before = upstream.stats().aborted
    const controller = new AbortController()
    const res = await fetch(`${server.url}/api/chat`, {
      method: "POST",
      headers: { authorization: `Bearer ${testToken}`, "content-type": "application/json" },
      body: JSON.stringify({ provider: "slow", model: "gpt2", messages: [{ role: "user", content: "Hi" }] }),
      signal: controller.signal
    })
    expect(await readUntil(res, "first words")).toContain("event: delta")
    controller.abort()
    await upstream.awaitAborted(before + 1)
    // The cancelled answer is kept with its partial text, flagged as cancelled.
    await expect.poll(async () => (await server.api("GET", "/api/conversations")).body.length).toBe(1)
    const [conversation] = (await server.api("GET", "/api/conversations")).body
    const saved = (await server.api("GET", `/api/conversations/${conversation.id}`)).body
    await expect
      .poll(async () => (await server.api("GET", `/api/conversations/${conversation.id}`)).body.messages.at(-1))
      .toMatchObject({ role: "assistant", content: "first words", meta: { cancelled: true } })
    expect(saved.id).toBe(conversation.id)
    expect(server.inflight.size()).toBe(0)
  })

  it("aborts the upstream request of a streamed gateway call (the SDK's abort)", async () => {
    const before = upstream.stats().aborted
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: testToken, maxRetries: 0 })
    const stream = await client.chat.completions.create({
      model: "slow/gpt2",
      messages: [{ role: "user", content: "Hi" }],
      stream: true
    })
    for await (const chunk of stream) {
      expect(chunk.choices[0]!.delta.content).toBe("first words")
      stream.controller.abort()
      break
    }
    await upstream.awaitAborted(before + 1)
    await expect.poll(() => server.inflight.size()).toBe(0)
  })

  it("aborts the upstream request of a complete-answer gateway call", async () => {
    upstream.behave({ kind: "hang" })
    const before = upstream.stats().aborted
    const requests = upstream.requests().length
    const controller = new AbortController()
    const pending = fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${testToken}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "slow/gpt2", messages: [{ role: "user", content: "Hi" }] }),
      signal: controller.signal
    }).catch((error: unknown) => error)
    await expect.poll(() => upstream.requests().length).toBe(requests + 1)
    controller.abort()
    expect(await pending).toBeInstanceOf(Error)
    await upstream.awaitAborted(before + 1)
  })
})

describe("a client that stops reading a stream", () => {
  it("stops the stream's pulls once maxUnreadBytes are waiting, and resumes as it reads", async () => {
    let pulled = 0
    const endless = Stream.repeatEffect(Effect.sync(() => ++pulled))
    const runtime = ManagedRuntime.make(Layer.empty)
    const runner = makeRunner(runtime, makeInflight(), silentLog)
    const frame = "x".repeat(1000)
    const app = new Hono().get("/", (c) =>
      runner.stream(c, endless, { style: "rest", commitOn: () => true, encode: () => frame, encodeError: () => "" })
    )
    const response = await app.request("/")
    const reader = response.body!.getReader()
    // Nothing is read: the stream runs until the unread bytes reach the bound, then waits.
    await new Promise((resolve) => setTimeout(resolve, 300))
    const waiting = pulled
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(pulled).toBe(waiting)
    expect(waiting * frame.length).toBeLessThanOrEqual(maxUnreadBytes + 2 * frame.length)
    await reader.read()
    await expect.poll(() => pulled).toBeGreaterThan(waiting)
    await reader.cancel()
    await runtime.dispose()
  })
})
