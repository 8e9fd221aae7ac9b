/**
 * No response body, log line or error ever holds a plain API key — not even when the upstream quotes the key back
 * in its own error message, as OpenAI does for a wrong key. Every endpoint that touches a provider is exercised with
 * a distinctive key, and everything the server said is searched for it.
 */
import { afterAll, beforeAll, expect, it } from "vitest"
import { addProvider, makeTestApp, type TestApp } from "./support/TestApp"
import * as FakeProvider from "@switchboard/testing/FakeProvider"

const key = "sk-PLAINKEY-never-shown-4242424242"
const headerSecret = "hdr-PLAINSECRET-never-shown-77777"
let t: TestApp
let upstream: FakeProvider.FakeProvider

beforeAll(async () => {
  t = makeTestApp()
  upstream = await FakeProvider.start({ protocol: "openai", models: ["gpt2"] })
})
afterAll(async () => {
  await t.dispose()
  await upstream.close()
})

it("never shows a plain key, whatever happens", async () => {
  const created = await addProvider(t, {
    name: "Secret",
    type: "openai",
    baseUrl: upstream.url,
    apiKeys: [key],
    headers: { Authorization: `Bearer ${headerSecret}` },
    models: ["gpt2"],
    timeouts: { maxRetries: 0 }
  })
  const chat = { provider: "secret", model: "gpt2", messages: [{ role: "user", content: "Hi" }] }
  const gateway = { model: "secret/gpt2", messages: [{ role: "user", content: "Hi" }] }

  const exercise = async () => {
    await t.json("GET", "/api/providers")
    await t.json("GET", "/api/providers/secret")
    await t.json("PATCH", "/api/providers/secret", { body: { apiKeys: [{ id: created.apiKeys[0]!.id }] } })
    await t.json("POST", "/api/providers/secret/verify")
    await t.json("POST", "/api/providers/secret/verify", { body: { model: "gpt2" } })
    await t.json("GET", "/api/providers/secret/remote-models")
    await t.json("GET", "/api/providers/secret/urls")
    await t.json("POST", "/api/chat", { body: chat })
    await t.json("POST", "/v1/chat/completions", { body: gateway })
    await t.json("POST", "/v1/chat/completions", { body: { ...gateway, stream: true } })
    await t.json("GET", "/api/conversations")
    await t.json("GET", "/api/export")
    await t.json("POST", "/api/export", { body: { passphrase: "a long passphrase" } })
    // A key pasted into the wrong field is not echoed by the validation error either.
    await t.json("PATCH", "/api/providers/secret", { body: { apiVersion: key } })
    await t.json("POST", "/api/providers", { body: { name: key, type: "openai", baseUrl: "http://h", bogus: key } })
  }

  upstream.behave({ kind: "answer", pieces: ["fine"] })
  await exercise()
  // The upstream quotes the key back, in a status error and inside a 200 stream.
  upstream.behave({
    kind: "status",
    status: 401,
    body: { error: { message: `Incorrect API key provided: ${key}.` } }
  })
  await exercise()
  upstream.behave({ kind: "status", status: 500, body: `upstream crashed while using ${key}` })
  await exercise()

  const conversations = (await t.json("GET", "/api/conversations")).body as Array<{ id: string }>
  for (const conversation of conversations) await t.json("GET", `/api/conversations/${conversation.id}`)

  // The upstream did get the key: the search below is not vacuous.
  expect(upstream.requests().some((r) => r.headers.authorization === `Bearer ${key}`)).toBe(true)
  expect(t.seen.length).toBeGreaterThan(40)
  expect(t.seen.some((text) => text.includes("Authentication"))).toBe(true)
  for (const text of [...t.seen, ...t.logs]) expect(text).not.toContain(key)
  // Credential headers are masked in views, scrubbed from errors and sealed (or left out) in exports, like keys.
  for (const text of [...t.seen, ...t.logs]) expect(text).not.toContain(headerSecret)
})

// Known gap in the core's `BaseUrlField` (reported to its owner): a key pasted into the base URL field is quoted back
// in the suggestion ("like http://sk-…"). This test flips to failing once the core stops echoing it; then make it `it`.
it("does not echo a key pasted into the base URL field", async () => {
  await addProvider(t, { name: "Paste", type: "openai", baseUrl: upstream.url })
  const res = await t.json("PATCH", "/api/providers/paste", { body: { baseUrl: key } })
  expect(res.status).toBe(400)
  expect(res.text).not.toContain(key)
})
