/**
 * Bad input: property-based fuzzing (fast-check) of every REST endpoint and the gateway with broken requests —
 * malformed JSON, wrong content types, wrong types, empty, huge and control-character strings, unknown fields
 * (`__proto__` included), missing fields, and path tricks in ids — against the real server holding one provider and
 * one conversation. Every answer must be below 500; every 4xx must carry an error that names the problem (a code, a
 * message, and for invalid input the field); no request that changes things may succeed; and the store must be
 * byte-for-byte unchanged afterwards. `DRILLS_RUNS` raises the number of samples per endpoint; `DRILLS_SEED`
 * replays a run.
 */
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { addProvider, benchToken, type Switchboard } from "../src/Switchboard"
import { startUpstream, type Upstream } from "../src/Upstream"
import { drillEvidence, recordResponse, startDrillServer } from "./support/DrillServer"
import { type Endpoint, endpoints } from "./support/Endpoints"
import { sendLarge, sendRaw } from "./support/RawHttp"

const evidence = drillEvidence("bad-input")
const runs = Number(process.env.DRILLS_RUNS ?? 40)
const seed = Number(process.env.DRILLS_SEED ?? 7)

let upstream: Upstream
let server: Switchboard
let conversationId = ""
let snapshot = ""

/** What must not change: every provider as the API shows it, and every conversation. */
const storeState = async () => {
  const [providers, conversations] = await Promise.all([
    server.call("GET", "/api/providers"),
    server.call("GET", "/api/conversations")
  ])
  return `${providers.status} ${providers.text}\n${conversations.status} ${conversations.text}`
}

beforeAll(async () => {
  upstream = await startUpstream({ chunks: 4 })
  server = await startDrillServer(evidence)
  const id = await addProvider(server, {
    name: "Sentinel",
    baseUrl: upstream.baseUrl,
    apiKeys: [evidence.key("sk-sentinel-2c9e41b7d05a")],
    models: ["fast-model", "org/model:tag"]
  })
  expect(id).toBe("sentinel")
  const chat = await server.call("POST", "/api/chat", {
    provider: "sentinel",
    model: "fast-model",
    messages: [{ role: "user", content: "keep me" }]
  })
  conversationId = /"conversationId":"([^"]+)"/.exec(chat.text)?.[1] ?? ""
  expect(conversationId).not.toBe("")
  snapshot = await storeState()
})

afterAll(async () => {
  await server?.stop()
  await upstream?.close()
})

/** Why an answer is unacceptable, or undefined if it is fine. */
const problem = (endpoint: Endpoint, status: number, text: string): string | undefined => {
  if (status >= 500) return `status ${status}`
  if (status < 400) return endpoint.changes ? `accepted (${status}) a request that would change the store` : undefined
  let body: { error?: { code?: unknown; message?: unknown; field?: unknown; type?: unknown } }
  try {
    body = JSON.parse(text) as typeof body
  } catch {
    return `a ${status} whose body is not JSON`
  }
  const error = body.error
  if (typeof error?.message !== "string" || error.message.trim().length < 10) return `a ${status} without a message`
  if (typeof error.code !== "string" || error.code === "") return `a ${status} without an error code`
  if (endpoint.style === "openai" && typeof error.type !== "string") return `a ${status} without OpenAI's error type`
  if (
    endpoint.style === "rest" &&
    error.code === "invalid_input" &&
    (typeof error.field !== "string" || error.field === "")
  )
    return "invalid input that does not name the field"
  return undefined
}

describe("bad input: every endpoint, fuzzed", () => {
  it.each(endpoints.map((endpoint) => [`${endpoint.method} ${endpoint.route}`, endpoint] as const))(
    "%s: no 5xx, every 4xx names the problem, nothing changes",
    async (_, endpoint) => {
      await fc.assert(
        fc.asyncProperty(endpoint.path, endpoint.body ?? fc.constant(undefined), async (path, bad) => {
          const before = endpoint.changes ? await storeState() : ""
          const answer = await sendRaw(server.port, {
            method: endpoint.method,
            path,
            headers: {
              authorization: `Bearer ${benchToken}`,
              ...(bad?.contentType === undefined ? {} : { "content-type": bad.contentType })
            },
            ...(bad?.body === undefined ? {} : { body: bad.body })
          })
          recordResponse(
            evidence,
            `${endpoint.method} ${path.slice(0, 200)} (${bad?.defect ?? "no body"})`,
            answer.status,
            answer.text
          )
          const wrong = problem(endpoint, answer.status, answer.text)
          if (wrong !== undefined)
            throw new Error(`${wrong}: ${bad?.defect ?? "no body"} → ${answer.status} ${answer.text.slice(0, 300)}`)
          if (endpoint.changes && (await storeState()) !== before)
            throw new Error(
              `the store changed after ${endpoint.method} ${path.slice(0, 120)} (${bad?.defect ?? "no body"})`
            )
        }),
        { numRuns: runs, seed, endOnFailure: true }
      )
    }
  )

  // Once a finding: an empty list of models was accepted (201) and bumped the revision while adding nothing.
  it("POST /api/providers/:id/models with an empty list is refused or changes nothing", async () => {
    const before = await storeState()
    const answer = await server.call("POST", "/api/providers/sentinel/models", [])
    const after = await storeState()
    snapshot = after
    expect(answer.status === 400 || after === before, `${answer.status}, store changed: ${after !== before}`).toBe(true)
  })

  it("bodies over the limit are refused with 413, declared or streamed", async () => {
    const before = await storeState()
    const headers = { authorization: `Bearer ${benchToken}`, "content-type": "application/json" }
    // Declared: refused on the length alone, before any body byte.
    expect(await sendLarge(server.port, "/api/providers", headers, 2 * 1024 * 1024, true)).toBe(413)
    expect(await sendLarge(server.port, "/v1/chat/completions", headers, 17 * 1024 * 1024, true)).toBe(413)
    // Chunked: refused once the limit is read. The server then resets a connection the client is still writing to,
    // which can swallow the 413 (a drill finding), so a reset counts as a refusal here; a success or a 5xx does not.
    for (const [path, size] of [
      ["/api/providers", 2 * 1024 * 1024],
      ["/v1/chat/completions", 17 * 1024 * 1024]
    ] as const)
      expect([0, 413]).toContain(await sendLarge(server.port, path, headers, size, false))
    expect(await storeState()).toBe(before)
  })

  it("the store is unchanged, and the conversation is still there", async () => {
    expect(await storeState()).toBe(snapshot)
    expect((await server.call("GET", `/api/conversations/${conversationId}`)).status).toBe(200)
  })

  it("leaves no plain key in its data dir, logs or responses", async () => {
    await server.stop()
    expect(evidence.leaks()).toEqual([])
  })
})
