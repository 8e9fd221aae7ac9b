/**
 * Graceful shutdown over a real socket: open streams get the grace period, then a last "shutting down" event and
 * a clean end (and their upstream requests are aborted); the server stops accepting and the runtime is disposed.
 */
import { expect, it } from "vitest"
import { startRealServer } from "./support/RealServer"
import { parseSse, testToken } from "./support/TestApp"
import * as FakeProvider from "@switchboard/testing/FakeProvider"

it("ends open streams cleanly, then closes", async () => {
  const upstream = await FakeProvider.start({ protocol: "openai", models: ["gpt2"] })
  const server = await startRealServer({ graceMs: 100 })
  await server.api("POST", "/api/providers", { name: "Up", type: "openai", baseUrl: upstream.url, models: ["gpt2"] })
  upstream.behave({ kind: "stall", first: "partial" })

  const res = await fetch(`${server.url}/api/chat`, {
    method: "POST",
    headers: { authorization: `Bearer ${testToken}`, "content-type": "application/json" },
    body: JSON.stringify({ provider: "up", model: "gpt2", messages: [{ role: "user", content: "Hi" }] })
  })
  const body = res.text()
  await expect.poll(() => upstream.requests().length).toBe(1)
  await expect.poll(() => server.inflight.size()).toBe(1)

  await server.shutdown()
  const events = parseSse(await body)
  expect(events.map((e) => e.event)).toEqual(["start", "delta", "error"])
  expect(events.at(-1)!.data.error).toMatchObject({ code: "shutting_down" })
  await upstream.awaitAborted(1)
  await expect(fetch(`${server.url}/healthz`)).rejects.toThrow()
  expect(server.logs.some((line) => line.includes('"path":"/api/chat"'))).toBe(true)
  await upstream.close()
})

it("lets a stream that finishes within the grace period finish", async () => {
  const upstream = await FakeProvider.start({ protocol: "openai", models: ["gpt2"] })
  const server = await startRealServer({ graceMs: 10_000 })
  await server.api("POST", "/api/providers", { name: "Up", type: "openai", baseUrl: upstream.url, models: ["gpt2"] })
  upstream.behave({ kind: "slow", pieces: ["one", " two", " three"], delayMs: 150 })
  const res = await fetch(`${server.url}/api/chat`, {
    method: "POST",
    headers: { authorization: `Bearer ${testToken}`, "content-type": "application/json" },
    body: JSON.stringify({ provider: "up", model: "gpt2", messages: [{ role: "user", content: "Hi" }] })
  })
  const body = res.text()
  await expect.poll(() => server.inflight.size()).toBe(1)
  await server.shutdown()
  const events = parseSse(await body)
  expect(events.at(-1)!.event).toBe("done")
  expect(
    events
      .filter((e) => e.event === "delta")
      .map((e) => e.data.text)
      .join("")
  ).toBe("one two three")
  expect(upstream.stats().aborted).toBe(0)
  await upstream.close()
})

it("gives a complete-answer request the grace period, then answers 503 and aborts its upstream request", async () => {
  const upstream = await FakeProvider.start({ protocol: "openai", models: ["gpt2"] })
  const server = await startRealServer({ graceMs: 100 })
  await server.api("POST", "/api/providers", { name: "Up", type: "openai", baseUrl: upstream.url, models: ["gpt2"] })
  upstream.behave({ kind: "hang" })
  const pending = fetch(`${server.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${testToken}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "up/gpt2", messages: [{ role: "user", content: "Hi" }] })
  })
  await expect.poll(() => upstream.requests().length).toBe(1)
  expect(server.inflight.size()).toBe(1)
  await server.shutdown()
  const res = await pending
  expect(res.status).toBe(503)
  expect(((await res.json()) as { error: unknown }).error).toMatchObject({ code: "shutting_down", type: "api_error" })
  await upstream.awaitAborted(1)
  await upstream.close()
})
