/**
 * The runner ties each fiber to its client: a client that goes away — mid-stream or while waiting for a complete
 * answer — interrupts the core's stream, which aborts the upstream request. Proven over real sockets against an
 * upstream that counts the responses its client abandoned.
 */
import OpenAI from "openai"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { startRealServer, type RealServer } from "./support/RealServer"
import { testToken } from "./support/TestApp"
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
