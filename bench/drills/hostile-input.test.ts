/**
 * Hostile input at the edges: small bodies that nest arrays or objects thousands of levels deep, sent to the built
 * server's gateway (for an OpenAI-compatible and an Azure provider, where the relay re-serializes the body) and to every
 * `/api` route that reads JSON, with and without an `Origin` header (which takes a different path through the server).
 * Before the depth check, 6,000 levels of `[` in 12 KB killed the process with a stack overflow, or answered 500.
 * Every answer must be a 400 that names the nesting, the upstreams must never see such a body, and the server must be
 * alive and serving chats afterwards.
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
