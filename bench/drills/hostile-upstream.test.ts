/**
 * Hostile upstreams: providers whose servers answer with an endless error body (401 and 500), a 503 whose body starts
 * and then stalls, an endless model list and an endless JSON answer. Every path that reads an upstream's answer is
 * tried — the gateway (JSON and stream, the relay), the REST chat, verify, remote models — twice. Each request must end
 * within its provider's limits with the reason its fault calls for; the server's memory must stay bounded (an error
 * body read whole took gigabytes and aborted V8) and it must still answer afterwards.
 */
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { rssBytes } from "../src/ProcessStats"
import { addProvider, type Switchboard } from "../src/Switchboard"
import { sleep } from "../src/Wait"
import { chatOutcome, type Route, routes } from "./support/ChatOutcome"
import { drillEvidence, startDrillServer } from "./support/DrillServer"

const evidence = drillEvidence("hostile-upstream")

/** Short limits, so a stall ends quickly; no retry, so each request is one upstream answer. */
const timeouts = { firstByteMs: 1000, idleMs: 1000, verifyMs: 2000, maxRetries: 0 }
/** The longest a request may take: its limits, plus slack for a loaded two-core machine. */
const budgetMs = (fault: Case) => (fault.firstByteMs ?? timeouts.firstByteMs) + 3000
/** How long the client waits before calling the request hung. */
const deadlineMs = 15_000
/**
 * RSS the hostile rounds may add over the idle server, and the second over the first. A body read whole adds
 * gigabytes; what is left is V8 keeping its heap grown after the 32 MiB JSON answer each round reads (+35–40 MiB
 * seen on the second round, collected later), so the slack is above that and far below any whole read.
 */
const rssBudgetBytes = 256 * 1024 * 1024
const rssGrowthSlackBytes = 80 * 1024 * 1024
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`

const errorOpening = '{"error":{"message":"'
const stalledBody = '{"error":{"message":"overloaded, ple'

interface Case {
  /** The upstream's answer to the chat request and to the model list. */
  readonly chat: Answers.EndlessOptions & { readonly status: number; readonly stall?: true }
  readonly models: Answers.EndlessOptions & { readonly status: number; readonly stall?: true }
  /** The reason chat routes must report (per route where they differ), and the one the model list must. */
  readonly chatReason: string | Partial<Record<Route, string>>
  readonly modelsReason: string
  readonly routes: ReadonlyArray<Route>
  /** Limits of its own, where the fault needs time to show (reading 32 MiB before the first event). */
  readonly firstByteMs?: number
}

const cases: Record<string, Case> = {
  "endless 401": {
    chat: { status: 401, opening: errorOpening },
    models: { status: 401, opening: errorOpening },
    chatReason: "Authentication",
    modelsReason: "Authentication",
    routes
  },
  "endless 500": {
    chat: { status: 500, opening: errorOpening },
    models: { status: 500, opening: errorOpening },
    chatReason: "Upstream",
    modelsReason: "Upstream",
    routes
  },
  "503, body stalls": {
    chat: { status: 503, opening: stalledBody, stall: true },
    models: { status: 503, opening: stalledBody, stall: true },
    // The relay reads the error body under its watchdog and reports the status with what came; the REST chat's
    // watchdog counts from sending and reports the silence.
    chatReason: { "gateway json": "Upstream", "gateway stream": "Upstream", "rest stream": "Timeout" },
    modelsReason: "Timeout",
    routes
  },
  // The gateway passes a 2xx answer on as it comes (bounded by the client's reading): only the REST chat reads it.
  "endless 200 list and answer": {
    chat: { status: 200, opening: '{"choices":[' },
    models: { status: 200, opening: '{"data":[{"id":"m"},', piece: '{"id":"m"},' },
    chatReason: "InvalidOutput",
    modelsReason: "InvalidOutput",
    routes: ["rest stream"],
    firstByteMs: 8000
  }
}

const handler = (answer: Case["chat"]): FakeUpstream.Handler =>
  answer.stall === true
    ? Answers.stall(answer.opening, { "content-type": "application/json" }, answer.status)
    : Answers.endless(answer.status, answer)

let server: Switchboard
const upstreams: Array<FakeUpstream.FakeUpstream> = []
const ids = new Map<string, string>()

beforeAll(async () => {
  server = await startDrillServer(evidence)
  for (const [name, fault] of Object.entries(cases)) {
    const upstream = await FakeUpstream.start({ record: false })
    upstream.route("GET", "/v1/models", handler(fault.models))
    upstream.route("POST", "/v1/chat/completions", handler(fault.chat))
    upstreams.push(upstream)
    const key = evidence.key(`sk-hostile-${ids.size}-${Math.random().toString(36).slice(2, 12)}`)
    ids.set(
      name,
      await addProvider(server, {
        name,
        baseUrl: `${upstream.url}/`,
        apiKeys: [key],
        timeouts: { ...timeouts, firstByteMs: fault.firstByteMs ?? timeouts.firstByteMs }
      })
    )
  }
})
afterAll(async () => {
  await server?.stop()
  await Promise.all(upstreams.map((upstream) => upstream.close()))
})

/** One request that must end in time; returns its duration. */
const timed = async <A>(what: string, fault: Case, run: () => Promise<A>): Promise<A> => {
  const started = performance.now()
  const result = await Promise.race([
    run(),
    sleep(deadlineMs).then(() => {
      throw new Error(`${what}: no answer within ${deadlineMs} ms`)
    })
  ])
  expect(performance.now() - started, `${what} took too long`).toBeLessThan(budgetMs(fault))
  return result
}

const reasonOf = (json: unknown) => (json as { error?: { reason?: string } } | undefined)?.error?.reason

/** Every path, once, against every hostile upstream. */
const round = async () => {
  for (const [name, fault] of Object.entries(cases)) {
    const id = ids.get(name)!
    for (const route of fault.routes) {
      const outcome = await timed(`${name} ${route}`, fault, () => chatOutcome(server, id, route, deadlineMs, evidence))
      expect(outcome.timedOut, `${name} ${route}`).toBe(false)
      const reason = typeof fault.chatReason === "string" ? fault.chatReason : fault.chatReason[route]
      expect(outcome.reason, `${name} ${route}: ${outcome.body.slice(0, 300)}`).toBe(reason)
      expect(outcome.body.length, `${name} ${route}: the error is short`).toBeLessThan(8192)
    }
    const listed = await timed(`${name} remote-models`, fault, () =>
      server.call("GET", `/api/providers/${id}/remote-models`)
    )
    expect(reasonOf(listed.json), `${name} remote-models: ${listed.text.slice(0, 300)}`).toBe(fault.modelsReason)
    const verified = await timed(`${name} verify`, fault, () => server.call("POST", `/api/providers/${id}/verify`))
    const result = (verified.json as { results: Array<{ ok: boolean; reason?: string; message?: string }> }).results[0]
    expect(result?.ok, `${name} verify`).toBe(false)
    expect(result?.message?.length ?? 0, `${name} verify: the message is short`).toBeLessThanOrEqual(2000)
  }
}

describe("hostile upstreams", () => {
  it("huge, endless and stalled bodies end in time with clear errors, memory stays bounded, server answers", async () => {
    await sleep(500)
    const idle = rssBytes(server.pid)
    await round()
    await sleep(1000)
    const first = rssBytes(server.pid)
    await round()
    await sleep(1000)
    const second = rssBytes(server.pid)
    const figures = `RSS idle ${mib(idle)}, after round 1 ${mib(first)}, after round 2 ${mib(second)}`
    console.info(`hostile upstream: ${figures}`)
    expect(Math.max(first, second) - idle, figures).toBeLessThan(rssBudgetBytes)
    expect(second - first, figures).toBeLessThan(rssGrowthSlackBytes)
    expect((await server.call("GET", "/healthz")).status).toBe(200)
  })

  it("the too-large answers say so, with the limit", async () => {
    const id = ids.get("endless 200 list and answer")!
    const listed = await server.call("GET", `/api/providers/${id}/remote-models`)
    expect(listed.text).toContain("the model list is too large")
    const chat = await chatOutcome(server, id, "rest stream", deadlineMs, evidence)
    expect(chat.body).toContain("the answer is too large")
  })

  it("a redirect is reported as one, saying where to with its credential masked, and is not followed", async () => {
    const elsewhere = await FakeUpstream.start()
    upstreams.push(elsewhere)
    const secret = evidence.key(`redirect-secret-${Math.random().toString(36).slice(2, 12)}`)
    const mover = await FakeUpstream.start({ record: false })
    upstreams.push(mover)
    mover.fallback((_request, res) => {
      res.writeHead(301, { location: `${elsewhere.url}/v1/chat/completions?api_key=${secret}` })
      res.end('{"error":{"message":"moved"}}')
    })
    const key = evidence.key(`sk-hostile-moved-${Math.random().toString(36).slice(2, 12)}`)
    const id = await addProvider(server, { name: "moved", baseUrl: `${mover.url}/`, apiKeys: [key], timeouts })
    const fault: Case = { ...cases["endless 401"]!, chatReason: "InvalidRequest" }
    const answers = [
      ...(
        await Promise.all(
          routes.map((route) =>
            timed(`redirect ${route}`, fault, () => chatOutcome(server, id, route, deadlineMs, evidence))
          )
        )
      ).map((outcome) => {
        expect(outcome.reason, `${outcome.route}: ${outcome.body.slice(0, 300)}`).toBe("InvalidRequest")
        return outcome.body
      }),
      (await server.call("GET", `/api/providers/${id}/remote-models`)).text,
      (await server.call("POST", `/api/providers/${id}/verify`)).text
    ]
    for (const text of answers) {
      // The address is named with its key masked (the mask's form is the adapters' Redirect.test).
      expect(text).toContain(`redirected to ${elsewhere.url}/v1/chat/completions?api_key=`)
      expect(text).not.toContain(secret)
    }
    expect(elsewhere.requests()).toEqual([])
  })

  it("two keys, a 429 on one and a 401 on the other: the answer names each key's own outcome", async () => {
    const [throttled, refused] = ["throttled", "refused"].map((label) =>
      evidence.key(`sk-hostile-${label}-${Math.random().toString(36).slice(2, 12)}`)
    )
    const upstream = await FakeUpstream.start({ record: false })
    upstreams.push(upstream)
    upstream.fallback((request, res) => {
      const limited = (request.headers.authorization ?? "").includes(throttled!)
      res.writeHead(limited ? 429 : 401, { "content-type": "application/json" })
      res.end(JSON.stringify({ error: { message: limited ? "slow down" : "invalid key" } }))
    })
    const id = await addProvider(server, {
      name: "two keys",
      baseUrl: `${upstream.url}/`,
      apiKeys: [throttled!, refused!],
      timeouts
    })
    const outcome = await chatOutcome(server, id, "gateway json", deadlineMs, evidence)
    expect(outcome.reason, outcome.body).toBe("RateLimit")
    expect(outcome.body).toContain("2 keys tried, none answered")
    expect(outcome.body).toContain("RateLimit (HTTP 429): slow down")
    expect(outcome.body).toContain("Authentication (HTTP 401): invalid key")
  })

  it("leaves no plain key in its data dir, logs or responses", async () => {
    await server.stop()
    expect(evidence.leaks()).toEqual([])
  })
})
