/**
 * Hostile input at the edges: small bodies that nest arrays or objects thousands of levels deep, sent to the built
 * server's gateway (for an OpenAI-compatible and an Azure provider, where the relay re-serializes the body) and to every
 * `/api` route that reads JSON, with and without an `Origin` header (which takes a different path through the server).
 * Before the depth check, 6,000 levels of `[` in 12 KB killed the process with a stack overflow, or answered 500.
 * Every answer must be a 400 that names the nesting, the upstreams must never see such a body, and the server must be
 * alive and serving chats afterwards. Then the smaller classes at the same edge: keys, header values and names that no
 * request could carry are refused naming the field, no error quotes a key sent in the wrong place, and a patch that
 * changes nothing keeps the revision.
 */
import * as FakeProvider from "@switchboard/testing/FakeProvider"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { addProvider, benchToken, type Switchboard } from "../src/Switchboard"
import { drillEvidence, recordResponse, startDrillServer } from "./support/DrillServer"
import { sendRaw } from "./support/RawHttp"

const evidence = drillEvidence("hostile-input")

let openai: FakeProvider.FakeProvider
let azure: FakeProvider.FakeProvider
let server: Switchboard

beforeAll(async () => {
  openai = await FakeProvider.start({ protocol: "openai", models: ["fast-model"] })
  azure = await FakeProvider.start({ protocol: "azure", models: ["deploy"] })
  server = await startDrillServer(evidence)
  expect(await addProvider(server, { name: "Oai", baseUrl: `${openai.url}/v1`, models: ["fast-model"] })).toBe("oai")
  const created = await server.call("POST", "/api/providers", {
    name: "Az",
    type: "azure-openai",
    baseUrl: azure.url,
    apiKeys: [evidence.key("az-key-7f3e91c2d4b6a805")],
    models: ["deploy"]
  })
  expect(created.status).toBe(201)
})

afterAll(async () => {
  await server?.stop()
  await openai?.close()
  await azure?.close()
})

const levels = 6_000
const arrays = "[".repeat(levels) + "]".repeat(levels)
const objects = `${'{"a":'.repeat(levels)}0${"}".repeat(levels)}`
const unclosed = "[".repeat(levels)

/** A chat request for `model` that routes to a relayed provider, carrying the nesting in a field it passes on. */
const chatWith = (model: string, nested: string) =>
  `{"model":"${model}","messages":[{"role":"user","content":"hi"}],"metadata":${nested}}`

const bodies: Record<string, string> = {
  "arrays in an OpenAI chat": chatWith("oai/fast-model", arrays),
  "objects in an Azure chat": chatWith("az/deploy", objects),
  "arrays, whole body": arrays,
  "objects, whole body": objects,
  "arrays, never closed": unclosed
}

const routes: ReadonlyArray<readonly [string, string]> = [
  ["POST", "/v1/chat/completions"],
  ["POST", "/api/chat"],
  ["POST", "/api/providers"],
  ["PATCH", "/api/providers/oai"],
  ["POST", "/api/providers/oai/models"],
  ["POST", "/api/import"]
]

const origins = { "without Origin": {}, "with Origin": { origin: "http://localhost:5173" } }

describe("deeply nested JSON", () => {
  for (const [method, path] of routes)
    it(`${method} ${path}: 400 naming the nesting, for every body, with and without Origin`, async () => {
      for (const [what, raw] of Object.entries(bodies))
        for (const [how, origin] of Object.entries(origins)) {
          const answer = await sendRaw(server.port, {
            method,
            path,
            headers: { authorization: `Bearer ${benchToken}`, "content-type": "application/json", ...origin },
            body: raw
          })
          recordResponse(evidence, `${method} ${path} ${what} ${how}`, answer.status, answer.text)
          expect(answer.status, `${what}, ${how}: ${answer.text.slice(0, 200)}`).toBe(400)
          expect(answer.text).toMatch(/nested_too_deep/)
          expect(answer.text).toMatch(/128 levels/)
        }
      expect(openai.chats()).toHaveLength(0)
      expect(azure.chats()).toHaveLength(0)
      expect((await server.call("GET", "/healthz")).status).toBe(200)
    })

  it("leaves the server alive and serving both providers", async () => {
    for (const model of ["oai/fast-model", "az/deploy"]) {
      const chat = await server.call("POST", "/v1/chat/completions", {
        model,
        messages: [{ role: "user", content: "still there?" }]
      })
      expect(chat.status, chat.text).toBe(200)
    }
    expect(server.process.exitCode).toBeNull()
    expect(server.output()).not.toMatch(/Maximum call stack|RangeError/)
  })
})

describe("input that could never work, or that echoes what was sent", () => {
  const secret = evidence.key("sk-live-5d1e9a7c3b0f48e2a6d4")
  /** Whether `text` holds 9 characters of the secret in a row: more than an error's 8-character excerpt. */
  const quotes = (text: string) =>
    Array.from({ length: secret.length - 8 }, (_, i) => secret.slice(i, i + 9)).some((part) => text.includes(part))
  const send = (method: string, path: string, body: string) =>
    sendRaw(server.port, {
      method,
      path,
      headers: { authorization: `Bearer ${benchToken}`, "content-type": "application/json" },
      body
    })

  it("refuses keys, header values and names no request could carry, naming the field", async () => {
    const cases: ReadonlyArray<readonly [unknown, string]> = [
      [{ apiKeys: ["sk-ключ-0001"] }, "apiKeys[0]"],
      [{ apiKeys: ["sk-\u0000nul"] }, "apiKeys[0]"],
      [{ apiKeys: ["sk-🔑-0002"] }, "apiKeys[0]"],
      [{ headers: { "X-Team": "a\u007fb" } }, "headers.X-Team"],
      [{ headers: { "X-Team": "команда" } }, "headers.X-Team"],
      [{ name: "Broken \ud83d" }, "name"]
    ]
    const before = await server.call("GET", "/api/providers/oai")
    for (const [patch, field] of cases) {
      const answer = await send("PATCH", "/api/providers/oai", JSON.stringify(patch))
      recordResponse(evidence, `PATCH /api/providers/oai ${field}`, answer.status, answer.text)
      expect(answer.status, answer.text).toBe(400)
      expect(JSON.parse(answer.text).error.field).toBe(field)
    }
    expect((await server.call("GET", "/api/providers/oai")).text).toBe(before.text)
  })

  it("never quotes a key sent in the wrong place", async () => {
    const bodies = [
      `{"name": ${secret}}`,
      JSON.stringify({ name: "x", type: "openai", baseUrl: openai.url, [secret]: 1 }),
      JSON.stringify({ name: "x", type: "openai", baseUrl: openai.url, headers: { [`${secret}:`]: "v" } }),
      JSON.stringify({ model: "oai/fast-model", messages: [], [secret]: 1 })
    ]
    for (const [i, body] of bodies.entries())
      for (const path of ["/api/providers", "/v1/chat/completions"]) {
        const answer = await send("POST", path, body)
        recordResponse(evidence, `POST ${path} body ${i}`, answer.status, answer.text)
        expect(answer.status).toBe(400)
        expect(quotes(answer.text), answer.text).toBe(false)
      }
  })

  it("never quotes or logs a key sent as an id, a model or a path, yet still names a real model id", async () => {
    const asked: ReadonlyArray<readonly [string, string, string?]> = [
      ["GET", `/api/providers/${secret}`],
      ["DELETE", `/api/providers/oai/models/${secret}`],
      ["GET", `/api/no-such-route/${secret}`],
      ["POST", "/v1/chat/completions", JSON.stringify({ model: secret, messages: [{ role: "user", content: "hi" }] })],
      [
        "POST",
        "/v1/chat/completions",
        JSON.stringify({ model: `oai/${secret}`, messages: [{ role: "user", content: "hi" }] })
      ],
      [
        "POST",
        "/api/chat",
        JSON.stringify({ providerId: "oai", model: secret, messages: [{ role: "user", content: "hi" }] })
      ]
    ]
    for (const [method, path, body] of asked) {
      const answer = await send(method, path, body ?? "")
      recordResponse(evidence, `${method} ${path.replace(secret, "<key>")}`, answer.status, answer.text)
      expect([400, 404], answer.text).toContain(answer.status)
      expect(quotes(answer.text), answer.text).toBe(false)
    }
    const unknown = await send(
      "POST",
      "/v1/chat/completions",
      JSON.stringify({ model: "oai/gpt-4o-mini-2024-07-18", messages: [{ role: "user", content: "hi" }] })
    )
    expect(JSON.parse(unknown.text).error.message).toContain("gpt-4o-mini-2024-07-18")
  })

  it("a patch that changes nothing keeps the revision", async () => {
    const before = (await server.call("GET", "/api/providers/az")).json as { revision: number; name: string }
    for (const patch of [{}, { name: before.name }, { revision: before.revision }]) {
      const answer = await server.call("PATCH", "/api/providers/az", patch)
      expect(answer.status, answer.text).toBe(200)
      expect((answer.json as { revision: number }).revision).toBe(before.revision)
    }
  })
})
