/**
 * Secrets: every path a plain API key could take out of Switchboard, tried on purpose — provider views after add
 * and after key changes, credential headers, verify reports, remote model lists, chat errors on every route (stored
 * in conversations too), export with and without a passphrase — with OpenAI, Anthropic and Gemini providers whose
 * upstream refuses the key and, like some servers and proxies, quotes it back in its error. No answer may contain a
 * plain key; afterwards neither may the data directory (database included) nor the server's log. The global teardown
 * then greps the evidence of every other drill the same way. Keys given as provider headers (`X-Api-Key`,
 * `Authorization`) are a known finding, checked on a server of their own below.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Answer, Switchboard } from "../src/Switchboard"
import { startUpstream, type Upstream } from "../src/Upstream"
import { chatOutcome, routes } from "./support/ChatOutcome"
import { drillEvidence, startDrillServer } from "./support/DrillServer"

const evidence = drillEvidence("secrets")
const secret = (label: string) =>
  evidence.key(`sk-${label}-${Math.random().toString(36).slice(2, 14)}${Date.now().toString(36)}`)

let healthy: Upstream
let refusing: Upstream
let server: Switchboard
const keys = {
  openai: [secret("openai-a"), secret("openai-b")],
  anthropic: secret("ant"),
  gemini: secret("gemini"),
  replacement: secret("replacement"),
  healthy: secret("healthy")
}
const all = () => Object.values(keys).flat()

/** The keys found in `text` (by prefix only, so a failure message never prints a whole key). */
const leaked = (text: string) =>
  all()
    .filter((key) => text.includes(key))
    .map((key) => `${key.slice(0, 12)}…`)

const created = async (body: Record<string, unknown>) => {
  const answer = await server.call("POST", "/api/providers", body)
  expect(answer.status, answer.text).toBe(201)
  expect(leaked(answer.text)).toEqual([])
  return (answer.json as { id: string }).id
}

const ids = { openai: "", anthropic: "", gemini: "", healthy: "" }

beforeAll(async () => {
  healthy = await startUpstream({ chunks: 4 })
  refusing = await startUpstream({ fault: "401", echoKey: true })
  server = await startDrillServer(evidence)
  const models = ["fast-model"]
  const timeouts = { firstByteMs: 2000, idleMs: 2000, verifyMs: 2000, maxRetries: 0 }
  ids.openai = await created({
    name: "OpenAI refusing",
    type: "openai",
    baseUrl: refusing.baseUrl,
    apiKeys: keys.openai,
    models,
    timeouts
  })
  ids.anthropic = await created({
    name: "Anthropic refusing",
    type: "anthropic",
    baseUrl: refusing.baseUrl,
    apiKeys: [keys.anthropic],
    models,
    timeouts
  })
  ids.gemini = await created({
    name: "Gemini refusing",
    type: "gemini",
    baseUrl: refusing.baseUrl,
    apiKeys: [keys.gemini],
    models,
    timeouts
  })
  ids.healthy = await created({
    name: "Healthy",
    type: "openai",
    baseUrl: healthy.baseUrl,
    apiKeys: [keys.healthy],
    models
  })
})

afterAll(async () => {
  await server?.stop()
  await healthy?.close()
  await refusing?.close()
})

const noKeysIn = (answers: ReadonlyArray<Answer | { text: string; body?: string }>) => {
  for (const answer of answers)
    expect(leaked("body" in answer ? (answer.body ?? "") : answer.text), answer.text.slice(0, 300)).toEqual([])
}

describe("secrets: no plain key leaves Switchboard", () => {
  it("provider views: list, one, and after replacing keys", async () => {
    const list = await server.call("GET", "/api/providers")
    const patched = await server.call("PATCH", `/api/providers/${ids.openai}`, {
      apiKeys: [
        { id: (list.json as Array<{ id: string; apiKeys: Array<{ id: string }> }>)[0]!.apiKeys[0]!.id },
        keys.replacement
      ]
    })
    expect(patched.status, patched.text).toBe(200)
    noKeysIn([list, patched, await server.call("GET", `/api/providers/${ids.openai}`)])
  })

  it("verify reports and remote model lists, when the upstream quotes the key back", async () => {
    const answers: Array<Answer> = []
    for (const id of [ids.openai, ids.anthropic, ids.gemini]) {
      answers.push(await server.call("POST", `/api/providers/${id}/verify`))
      answers.push(await server.call("POST", `/api/providers/${id}/verify`, { model: "fast-model" }))
      answers.push(await server.call("GET", `/api/providers/${id}/remote-models`))
    }
    // The refusing upstream did receive the keys: these answers had a key to leak.
    expect(refusing.stats().authorizations.size).toBeGreaterThanOrEqual(3)
    noKeysIn(answers)
  })

  it("chat errors on every route, when the upstream quotes the key back", async () => {
    const outcomes = []
    for (const id of [ids.openai, ids.anthropic, ids.gemini])
      for (const route of routes) outcomes.push(await chatOutcome(server, id, route, 10_000, evidence))
    for (const outcome of outcomes) expect(outcome.reason, outcome.body.slice(0, 200)).toBe("Authentication")
    noKeysIn(outcomes.map((outcome) => ({ text: outcome.body })))
    // The REST chat saved those failed turns; their stored errors are shown back too.
    const conversations = await server.call("GET", "/api/conversations")
    const shown = await Promise.all(
      (conversations.json as Array<{ id: string }>).map((c) => server.call("GET", `/api/conversations/${c.id}`))
    )
    expect(shown.length).toBeGreaterThan(0)
    noKeysIn([conversations, ...shown])
  })

  it("a healthy chat, the model lists and the URL previews", async () => {
    const outcomes = await Promise.all(routes.map((route) => chatOutcome(server, ids.healthy, route, 10_000, evidence)))
    for (const outcome of outcomes) expect(outcome.text, outcome.body.slice(0, 200)).toBeDefined()
    noKeysIn([
      ...outcomes.map((outcome) => ({ text: outcome.body })),
      await server.call("GET", "/v1/models"),
      await server.call("GET", `/api/providers/${ids.gemini}/urls`),
      await server.call("GET", `/api/providers/${ids.openai}/urls`)
    ])
  })

  it("export: without a passphrase no keys, with one only sealed keys", async () => {
    const plain = await server.call("GET", "/api/export")
    const sealed = await server.call("POST", "/api/export", { passphrase: "correct horse battery staple" })
    expect(plain.status).toBe(200)
    expect(sealed.status).toBe(200)
    noKeysIn([plain, sealed])
  })

  it("the data directory (database included), the server's log and every recorded answer hold no plain key", async () => {
    await server.stop()
    expect(server.output()).toContain('"msg":"request"')
    expect(evidence.leaks()).toEqual([])
  })
})

/**
 * Credentials given as provider headers (an `X-Api-Key` or `Authorization` header, as gateways and Azure-style
 * servers want). Views mask them, but the store keeps them unsealed and export writes them out in the clear, with or
 * without a passphrase. Known finding (docs/benchmarks.md, "Drill findings"): remove `.fails` once fixed.
 */
describe("secrets: keys given as provider headers", () => {
  const headerEvidence = drillEvidence("secrets-credential-headers", { knownLeak: true })
  const headerKeys = [
    headerEvidence.key(`sk-header-${Date.now().toString(36)}x7`),
    headerEvidence.key(`sk-bearer-${Date.now().toString(36)}y8`)
  ]
  const found = (text: string) => headerKeys.filter((key) => text.includes(key)).map((key) => `${key.slice(0, 10)}…`)
  let headerServer: Switchboard

  beforeAll(async () => {
    headerServer = await startDrillServer(headerEvidence)
    const answer = await headerServer.call("POST", "/api/providers", {
      name: "Header credentials",
      type: "openai",
      baseUrl: "http://127.0.0.1:9/",
      headers: { "X-Api-Key": headerKeys[0], Authorization: `Bearer ${headerKeys[1]}` }
    })
    expect(answer.status, answer.text).toBe(201)
  })
  afterAll(async () => {
    await headerServer?.stop()
  })

  it("views mask them, and a masked header sent back keeps its stored value", async () => {
    const shown = await headerServer.call("GET", "/api/providers/header-credentials")
    const resent = await headerServer.call("PATCH", "/api/providers/header-credentials", {
      headers: (shown.json as { headers: Record<string, string> }).headers
    })
    expect(resent.status, resent.text).toBe(200)
    expect(found(shown.text + resent.text)).toEqual([])
  })

  it.fails("export leaves them out, or seals them with the passphrase", async () => {
    const plain = await headerServer.call("GET", "/api/export")
    const sealed = await headerServer.call("POST", "/api/export", { passphrase: "correct horse battery staple" })
    expect(found(plain.text + sealed.text)).toEqual([])
  })

  it.fails("the data directory holds them sealed", async () => {
    await headerServer.stop()
    expect(headerEvidence.leaks().filter((leak) => leak.file.startsWith("data/"))).toEqual([])
  })
})
