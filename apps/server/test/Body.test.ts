import fc from "fast-check"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { largeMaxBytes } from "../src/Body"
import { maxJsonDepth } from "../src/JsonDepth"
import { makeTestApp, type TestApp, testToken } from "./support/TestApp"

let t: TestApp
beforeEach(() => {
  t = makeTestApp()
})
afterEach(() => t.dispose())

const providers = async () => (await t.json("GET", "/api/providers")).body

describe("request bodies", () => {
  it("answers 400 for malformed JSON, storing nothing", async () => {
    const res = await t.json("POST", "/api/providers", { raw: '{"name": "x",' })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe("malformed_json")
    expect(await providers()).toEqual([])
  })

  it("never quotes a key sent in the wrong place: malformed JSON, an unknown field, a bad header name", async () => {
    const key = "sk-live-4f9a0c2e7b1d6a3f8e5c"
    const quotes = (text: string) =>
      Array.from({ length: key.length - 8 }, (_, i) => key.slice(i, i + 9)).some((part) => text.includes(part))
    for (const raw of [
      `{"name": ${key}}`,
      `${key}`,
      `{"apiKeys": ["${key}"`,
      `{"${key}" 1}`,
      `{"name": "x"} ${key}`,
      JSON.stringify({ name: "x", type: "openai", baseUrl: "http://h", [key]: 1 }),
      JSON.stringify({ name: "x", type: "openai", baseUrl: "http://h", headers: { [`${key} `]: "v" } }),
      JSON.stringify({ name: "x", type: "openai", baseUrl: "http://h", headers: { [key]: "line\nbreak" } })
    ]) {
      const res = await t.json("POST", "/api/providers", { raw })
      expect(res.status).toBe(400)
      expect(quotes(res.text), res.text).toBe(false)
    }
    const malformed = await t.json("POST", "/api/providers", { raw: `{"name": ${key}}` })
    expect(malformed.body.error.message).toMatch(/not valid JSON \(an unexpected character\)/)
    const unknown = await t.json("POST", "/api/providers", { body: { name: "x", [key]: 1 } })
    expect(unknown.body.error.field).toBe("sk-live-…")
  })

  it("answers 415 for a body that is not declared JSON", async () => {
    const res = await t.json("POST", "/api/providers", {
      raw: '{"name":"x","type":"openai","baseUrl":"http://h"}',
      headers: { "content-type": "text/plain" }
    })
    expect(res.status).toBe(415)
    expect(res.body.error).toMatchObject({
      code: "unsupported_media_type",
      message: expect.stringContaining("text/plain")
    })
    expect(await providers()).toEqual([])
  })

  it("answers 415 for a body without a content type", async () => {
    const res = await t.app.request("/api/providers", {
      method: "POST",
      headers: { authorization: `Bearer ${testToken}` },
      body: '{"name":"x","type":"openai","baseUrl":"http://h"}'
    })
    expect(res.status).toBe(415)
  })

  it("answers 413 for an oversized body, declared or streamed", async () => {
    const big = JSON.stringify({ name: "x", type: "openai", baseUrl: "http://h", padding: "y".repeat(2 * 1024 * 1024) })
    const declared = await t.json("POST", "/api/providers", { raw: big })
    expect(declared.status).toBe(413)
    expect(declared.body.error.code).toBe("payload_too_large")
    // The rest of the body is never read, so the connection closes rather than desynchronising keep-alive.
    expect(declared.headers.get("connection")).toBe("close")
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big))
        controller.close()
      }
    })
    const chunked = await t.app.request("/api/providers", {
      method: "POST",
      headers: { authorization: `Bearer ${testToken}`, "content-type": "application/json" },
      body: stream,
      duplex: "half"
    } as RequestInit)
    expect(chunked.status).toBe(413)
    expect(await providers()).toEqual([])
  })

  it("accepts chat-sized bodies on chat endpoints", async () => {
    // Over the ordinary limit, under the chat one: it gets past the body check to the core (an unknown provider).
    const res = await t.json("POST", "/api/chat", {
      body: { provider: "ghost", model: "m", messages: [{ role: "user", content: "z".repeat(2 * 1024 * 1024) }] }
    })
    expect(largeMaxBytes).toBeGreaterThan(2 * 1024 * 1024)
    expect(res.status).toBe(404)
  })

  it("answers 400 naming the field for a JSON body of the wrong shape", async () => {
    const res = await t.json("POST", "/api/providers", { body: ["not", "an", "object"] })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe("invalid_input")
  })
})

describe("deeply nested bodies", () => {
  const endpoints: ReadonlyArray<readonly [string, string]> = [
    ["POST", "/api/providers"],
    ["PATCH", "/api/providers/keep"],
    ["POST", "/api/chat"],
    ["POST", "/api/import"],
    ["POST", "/v1/chat/completions"]
  ]
  const nested = (open: string, close: string, depth: number) => open.repeat(depth) + close.repeat(depth)

  it.each(endpoints)(
    "%s %s answers 400 naming the depth, for arrays and objects, with and without Origin",
    async (method, path) => {
      for (const raw of [nested("[", "]", 6_000), nested('{"a":', "}", 6_000), `{"messages":${nested("[", "]", 200)}}`])
        for (const headers of [{}, { origin: "http://localhost:5173" }]) {
          const res = await t.json(method, path, { raw, headers })
          expect(res.status, `${method} ${path} ${raw.slice(0, 20)}`).toBe(400)
          expect(res.body.error).toMatchObject({ code: "nested_too_deep", message: expect.stringContaining("128") })
        }
    }
  )

  it("lets a body exactly as deep as the limit through to validation", async () => {
    const res = await t.json("POST", "/api/providers", { raw: nested("[", "]", maxJsonDepth) })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe("invalid_input")
  })
})

describe("any body, any id", () => {
  const writes: ReadonlyArray<readonly [string, string]> = [
    ["POST", "/api/providers"],
    ["PATCH", "/api/providers/{id}"],
    ["PUT", "/api/providers/order"],
    ["POST", "/api/providers/{id}/verify"],
    ["POST", "/api/providers/{id}/models"],
    ["PATCH", "/api/providers/{id}/models/{id}"],
    ["DELETE", "/api/providers/{id}/models/{id}"],
    ["POST", "/api/chat"],
    ["POST", "/api/import"],
    ["POST", "/api/export"],
    ["POST", "/v1/chat/completions"]
  ]
  const ids = fc.oneof(
    fc.constantFrom(
      "keep",
      "..",
      "%2e%2e",
      "..%2f..%2fetc",
      "%00",
      "a%2Fb",
      "ünï",
      "%F0%9F%9A%80",
      "%",
      "x".repeat(300)
    ),
    fc
      .string()
      .map(encodeURIComponent)
      .filter((id) => id !== "")
  )
  const bodies = fc.oneof(
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.string(),
    fc.constantFrom("", "{", "[", "null", '{"__proto__": {"x": 1}}', '{"name": "\u0000"}')
  )

  it("never answers 5xx and never changes the store on a refusal", async () => {
    await t.json("POST", "/api/providers", { body: { name: "Keep", type: "openai", baseUrl: "http://127.0.0.1:9/" } })
    let before = JSON.stringify(await providers())
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writes), ids, bodies, async ([method, template], id, raw) => {
        const path = template.replaceAll("{id}", id)
        const res = await t.json(method, path, { raw })
        expect(res.status, `${method} ${path} ${raw}`).toBeLessThan(500)
        const after = JSON.stringify(await providers())
        if (res.status >= 400) {
          expect(res.body.error.message, `${method} ${path}`).toEqual(expect.any(String))
          expect(after).toBe(before)
        }
        // A random body can be valid (a model id is any string): then the next refusal compares with the new state.
        before = after
      }),
      { numRuns: 300 }
    )
  })
})
