/**
 * Secrets: every path a plain API key could take out of Switchboard, tried on purpose — provider views after add
 * and after key changes, credential headers, verify reports, remote model lists, chat errors on every route (stored
 * in conversations too), export with and without a passphrase — with OpenAI, Anthropic and Gemini providers whose
 * upstream refuses the key and, like some servers and proxies, quotes it back in its error. No answer may contain a
 * plain key; afterwards neither may the data directory (database included) nor the server's log. The global teardown
 * then greps the evidence of every other drill the same way. Keys can also be given as provider headers
 * (`X-Api-Key`, `Authorization`, as gateways and Azure-style servers want): those must be kept just as safe.
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
  header: secret("header"),
  bearerHeader: secret("bearer-header"),
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

const ids = { openai: "", anthropic: "", gemini: "", headers: "", healthy: "" }

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
  ids.headers = await created({
    name: "Header credentials",
    type: "openai",
    baseUrl: refusing.baseUrl,
    headers: { "X-Api-Key": keys.header, Authorization: `Bearer ${keys.bearerHeader}` },
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
  it("provider views: list, one, after replacing keys, and credential headers", async () => {
    const list = await server.call("GET", "/api/providers")
    const patched = await server.call("PATCH", `/api/providers/${ids.openai}`, {
      apiKeys: [
        { id: (list.json as Array<{ id: string; apiKeys: Array<{ id: string }> }>)[0]!.apiKeys[0]!.id },
        keys.replacement
      ]
    })
    expect(patched.status, patched.text).toBe(200)
    const headers = await server.call("GET", `/api/providers/${ids.headers}`)
    // The masked header sent back unchanged keeps the stored value, without the client ever seeing it.
    const resent = await server.call("PATCH", `/api/providers/${ids.headers}`, {
      headers: (headers.json as { headers: Record<string, string> }).headers
    })
    expect(resent.status, resent.text).toBe(200)
    noKeysIn([list, patched, headers, resent, await server.call("GET", `/api/providers/${ids.openai}`)])
  })

  it("verify reports and remote model lists, when the upstream quotes the key back", async () => {
    const answers: Array<Answer> = []
    for (const id of [ids.openai, ids.anthropic, ids.gemini, ids.headers]) {
      answers.push(await server.call("POST", `/api/providers/${id}/verify`))
      answers.push(await server.call("POST", `/api/providers/${id}/verify`, { model: "fast-model" }))
      answers.push(await server.call("GET", `/api/providers/${id}/remote-models`))
    }
    // The refusing upstream did receive the keys: these answers had a key to leak.
    expect(refusing.stats().authorizations.size).toBeGreaterThanOrEqual(4)
    noKeysIn(answers)
  })

  it("chat errors on every route, when the upstream quotes the key back", async () => {
    const outcomes = []
    for (const id of [ids.openai, ids.anthropic, ids.gemini, ids.headers])
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
      await server.call("GET", `/api/providers/${ids.headers}/urls`)
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
