/**
 * Secrets in disguise: an upstream (or a proxy in front of it) that refuses the key and quotes it back not as sent but
 * encoded — percent- or form-encoded as in a logged URL, JSON-escaped, base64 or base64url (alone or in a
 * `Basic user:key`), hex. Every path that shows an upstream's words is tried (verify, remote models, chat on every
 * route, the stored conversations, export); each encoded form is registered as a key of its own, so the sweep of the
 * answers, the server's log and the data directory (database included) fails on any of them. A provider whose base
 * URL carries its key (`?key=…`, as some gateways want) goes the same ways: its URL is shown (view, previews, verify
 * reports, the chat's `start` event, errors) masked, stored sealed and exported without the key, yet the upstream
 * still receives it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import type { Answer, Switchboard } from "../src/Switchboard"
import { chatOutcome, routes } from "./support/ChatOutcome"
import { drillEvidence, startDrillServer } from "./support/DrillServer"

const evidence = drillEvidence("secret-encodings")

/** Not shaped like a vendor's key (only Switchboard's own scrubbing can hide it), with characters encodings change. */
const plainKey = (label: string) =>
  `${label}/${Math.random().toString(36).slice(2, 10)}+${Date.now().toString(36)}=&x~${Math.random().toString(36).slice(2, 8)}`

const b64 = (text: string) => Buffer.from(text).toString("base64")

/** How the upstream quotes a credential back: every encoding the scrubbing has to see through. */
const encodings: ReadonlyArray<readonly [string, (key: string) => string]> = [
  ["url", (key) => encodeURIComponent(key)],
  ["form", (key) => new URLSearchParams({ k: key }).toString().slice(2)],
  ["json", (key) => JSON.stringify(key).slice(1, -1).replace(/\//g, "\\/")],
  ["json-go", (key) => JSON.stringify(key).slice(1, -1).replace(/&/g, "\\u0026")],
  ["base64", (key) => b64(key)],
  ["base64url", (key) => Buffer.from(key).toString("base64url")],
  ["basic", (key) => b64(`user:${key}`)],
  ["hex", (key) => Buffer.from(key).toString("hex")]
]

/** The key a gateway takes in the base URL's query, and a `user:password@` one that input refuses outright. */
const urlKey = evidence.key(`urlkey-${Math.random().toString(36).slice(2, 14)}${Date.now().toString(36)}`)
const userinfoPassword = evidence.key(`userinfo-${Math.random().toString(36).slice(2, 14)}`)

const keys = { openai: plainKey("oai"), anthropic: plainKey("ant"), gemini: plainKey("gem"), url: urlKey }
for (const key of Object.values(keys)) {
  evidence.key(key)
  for (const [, encode] of encodings) evidence.key(encode(key))
}

/** Every registered form found in `text`, by its first characters only. */
const leaked = (text: string) =>
  Object.values(keys)
    .flatMap((key) => [key, ...encodings.map(([, encode]) => encode(key))])
    .filter((form) => text.includes(form))
    .map((form) => `${form.slice(0, 8)}…`)

const credentialHeaders = ["authorization", "x-api-key", "x-goog-api-key"]

let upstream: FakeUpstream.FakeUpstream
/** Requests that reached the upstream with the base URL's key in their query: the real URL is what is sent. */
let urlKeyArrivals = 0
let server: Switchboard
const ids: Record<keyof typeof keys, string> = { openai: "", anthropic: "", gemini: "", url: "" }

beforeAll(async () => {
  upstream = await FakeUpstream.start({ record: false })
  // A refusing proxy that logs what it received in every encoding it knows, as plain text (no error envelope).
  upstream.fallback((request, res) => {
    const header = credentialHeaders.map((name) => request.headers[name]).find((value) => typeof value === "string")
    const key = (header ?? "").replace(/^Bearer /, "")
    if (request.url.includes(`key=${urlKey}`)) urlKeyArrivals++
    res.writeHead(401, { "content-type": "text/plain" })
    // The URL it was called at, query and all, as a proxy's access log line would quote it.
    const url = `url=${request.url}`
    res.end(`denied; seen as ${encodings.map(([name, encode]) => `${name}=${encode(key)}`).join(" ")} ${url}`)
  })
  server = await startDrillServer(evidence)
  const timeouts = { firstByteMs: 2000, idleMs: 2000, verifyMs: 2000, maxRetries: 0 }
  for (const type of ["openai", "anthropic", "gemini"] as const) {
    const answer = await server.call("POST", "/api/providers", {
      name: `Echoing ${type}`,
      type,
      baseUrl: upstream.url,
      apiKeys: [keys[type]],
      models: ["fast-model"],
      timeouts
    })
    expect(answer.status, answer.text).toBe(201)
    ids[type] = (answer.json as { id: string }).id
  }
  const withUrlKey = await server.call("POST", "/api/providers", {
    name: "Key in URL",
    type: "openai",
    baseUrl: `${upstream.url}/v1?key=${urlKey}`,
    models: ["fast-model"],
    timeouts
  })
  expect(withUrlKey.status, withUrlKey.text).toBe(201)
  ids.url = (withUrlKey.json as { id: string }).id
})

afterAll(async () => {
  await server?.stop()
  await upstream?.close()
})

const noFormsIn = (texts: ReadonlyArray<string>) => {
  for (const text of texts) expect(leaked(text), text.slice(0, 300)).toEqual([])
}

describe("secret encodings: a key echoed encoded never leaves Switchboard", () => {
  it("verify reports and remote model lists", async () => {
    const answers: Array<Answer> = []
    for (const id of Object.values(ids)) {
      answers.push(await server.call("POST", `/api/providers/${id}/verify`))
      answers.push(await server.call("POST", `/api/providers/${id}/verify`, { model: "fast-model" }))
      answers.push(await server.call("GET", `/api/providers/${id}/remote-models`))
    }
    // The upstream's words came through (scrubbed), so these answers had something to leak.
    expect(answers.map((answer) => answer.text).join("\n")).toContain("denied; seen as")
    noFormsIn(answers.map((answer) => answer.text))
  })

  it("chat errors on every route, and the stored conversations", async () => {
    const outcomes = []
    for (const id of Object.values(ids))
      for (const route of routes) outcomes.push(await chatOutcome(server, id, route, 10_000, evidence))
    for (const outcome of outcomes) expect(outcome.reason, outcome.body.slice(0, 200)).toBe("Authentication")
    noFormsIn(outcomes.map((outcome) => outcome.body))
    const conversations = await server.call("GET", "/api/conversations")
    const shown = await Promise.all(
      (conversations.json as Array<{ id: string }>).map((c) => server.call("GET", `/api/conversations/${c.id}`))
    )
    expect(shown.length).toBeGreaterThan(0)
    noFormsIn([conversations, ...shown].map((answer) => answer.text))
  })

  it("a key in the base URL: views, previews, edits and a refused user:password@ never show it; it is still sent", async () => {
    const view = await server.call("GET", `/api/providers/${ids.url}`)
    const shown = (view.json as { baseUrl: string }).baseUrl
    expect(shown).toMatch(/\?key=.*…/)
    const answers = [
      view,
      await server.call("GET", "/api/providers"),
      await server.call("GET", `/api/providers/${ids.url}/urls`),
      // The dashboard sends the URL it was shown back with an edit: the stored key stays.
      await server.call("PATCH", `/api/providers/${ids.url}`, { baseUrl: shown, name: "Key in URL (edited)" }),
      await server.call("POST", "/api/providers", {
        name: "Userinfo",
        type: "openai",
        baseUrl: `http://user:${userinfoPassword}@127.0.0.1:9/v1`
      })
    ]
    expect(answers.at(-1)?.status).toBe(400)
    noFormsIn(answers.map((answer) => answer.text))
    const before = urlKeyArrivals
    noFormsIn([(await server.call("POST", `/api/providers/${ids.url}/verify`)).text])
    expect(urlKeyArrivals).toBeGreaterThan(before)
  })

  it("export, the data directory (database included) and the server's log", async () => {
    const exported = await server.call("GET", "/api/export")
    expect(exported.text).toContain("?key=")
    noFormsIn([exported.text])
    await server.stop()
    expect(evidence.leaks()).toEqual([])
  })
})
