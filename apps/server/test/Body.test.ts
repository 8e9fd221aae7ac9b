import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { largeMaxBytes } from "../src/Body"
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
