/**
 * Upstream faults under load: seven providers on one server — one healthy, and one each whose upstream answers 401,
 * 429 with `Retry-After: 1`, 429 without Retry-After (like vLLM and most self-hosted servers), 500, never answers,
 * or cuts the stream half-way — all driven at once from several clients over the three chat routes for a few
 * seconds. Every request must end within its time budget with the reason its fault calls for, and every request to
 * the healthy provider must succeed, unslowed by its neighbours.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { addProvider, type Switchboard } from "../src/Switchboard"
import { type Behaviour, expectedText, startUpstream, type Upstream } from "../src/Upstream"
import { chatOutcome, type Outcome, routes } from "./support/ChatOutcome"
import { drillEvidence, startDrillServer } from "./support/DrillServer"

const evidence = drillEvidence("upstream-faults")

/**
 * Each provider's limits: short, so the drill is quick, yet well above what a healthy answer takes on a busy two-core
 * CI machine (up to 0.95 s seen at load 5); one retry, so the retry path runs too.
 */
const timeouts = { firstByteMs: 2000, idleMs: 2000, verifyMs: 2000, maxRetries: 1 }
/**
 * The longest any request may take: two attempts of `firstByteMs`, the backoff between them (500 ms doubled at most,
 * with jitter), and slack for a loaded two-core CI machine.
 */
const budgetMs = 2 * timeouts.firstByteMs + 1000 + 1500
const loadMs = 4000
const clientsPerProvider = 3
const chunks = 8

interface Case {
  readonly upstream: Partial<Behaviour>
  /** What every request must end as, on every route: the provider error reason Switchboard reports. */
  readonly reason: string | undefined
}

const cases = {
  healthy: { upstream: {}, reason: undefined },
  "401": { upstream: { fault: "401" }, reason: "Authentication" },
  "429 Retry-After 1": { upstream: { fault: "429", retryAfterSeconds: 1 }, reason: "RateLimit" },
  "429 no Retry-After": { upstream: { fault: "429" }, reason: "RateLimit" },
  "500": { upstream: { fault: "500" }, reason: "Upstream" },
  hang: { upstream: { fault: "hang" }, reason: "Timeout" },
  cut: { upstream: { fault: "cut" }, reason: "Network" }
} satisfies Record<string, Case>
type CaseName = keyof typeof cases
const names = Object.keys(cases) as ReadonlyArray<CaseName>
/**
 * Cases with a known finding (docs/benchmarks.md, "Drill findings"), expected to fail until fixed. None now: "429 no
 * Retry-After" (a one-key provider waited out a 30 s guessed cooldown) was fixed in the core's retry policy.
 */
const known: ReadonlyArray<CaseName> = []

let server: Switchboard
const upstreams: Array<Upstream> = []
const providers = new Map<CaseName, string>()
const outcomes = new Map<CaseName, Array<Outcome>>(names.map((name) => [name, []]))

beforeAll(async () => {
  server = await startDrillServer(evidence)
  for (const [i, name] of names.entries()) {
    const upstream = await startUpstream({ ...cases[name].upstream, chunks, chunkDelayMs: 2 })
    upstreams.push(upstream)
    providers.set(
      name,
      await addProvider(server, {
        name: `fault ${name}`,
        baseUrl: upstream.baseUrl,
        apiKeys: [evidence.key(`sk-fault-${i}-${Math.random().toString(36).slice(2, 12)}`)],
        timeouts
      })
    )
  }
  // The load: every provider at once, each from several clients cycling through the routes, for `loadMs`.
  const until = performance.now() + loadMs
  await Promise.all(
    names.flatMap((name) =>
      Array.from({ length: clientsPerProvider }, async (_, client) => {
        for (let i = client; performance.now() < until; i++)
          outcomes
            .get(name)!
            .push(
              await chatOutcome(server, providers.get(name)!, routes[i % routes.length]!, budgetMs + 5000, evidence)
            )
      })
    )
  )
  const slowest = (list: ReadonlyArray<Outcome>) => Math.round(Math.max(...list.map((o) => o.durationMs)))
  console.info(
    `upstream faults: ${names.map((name) => `${name} ${outcomes.get(name)!.length} requests, slowest ${slowest(outcomes.get(name)!)} ms`).join("; ")}`
  )
}, 120_000)

afterAll(async () => {
  await server?.stop()
  await Promise.all(upstreams.map((upstream) => upstream.close()))
})

const summary = (list: ReadonlyArray<Outcome>) =>
  list
    .map(
      (o) =>
        `${o.route}: ${o.timedOut ? "no end" : o.status} ${o.reason ?? (o.text === undefined ? "incomplete" : "ok")} ${Math.round(o.durationMs)} ms`
    )
    .join("\n")

describe("upstream faults under load", () => {
  it("the healthy provider answers every request in full, unslowed by the faulty ones", () => {
    const healthy = outcomes.get("healthy")!
    expect(healthy.length).toBeGreaterThan(10)
    for (const outcome of healthy) {
      expect(outcome.text, summary([outcome])).toBe(expectedText(chunks))
      // Far below the faulty providers' timeouts: nothing waits behind a hung or retried request.
      expect(outcome.durationMs, summary([outcome])).toBeLessThan(timeouts.firstByteMs)
    }
  })

  const endsInTime = (name: CaseName) => {
    const list = outcomes.get(name)!
    expect(list.length).toBeGreaterThan(0)
    const late = list.filter((outcome) => outcome.timedOut || outcome.durationMs > budgetMs)
    expect(late, `ended after the ${budgetMs} ms budget:\n${summary(late)}`).toEqual([])
    const wrong = list.filter((outcome) => outcome.text !== undefined || outcome.reason !== cases[name].reason)
    expect(wrong, `expected reason ${cases[name].reason}:\n${summary(wrong)}`).toEqual([])
  }

  it.each(names.filter((name) => name !== "healthy" && !known.includes(name)))(
    "%s: every request ends in time with its reason",
    endsInTime
  )

  if (known.length > 0)
    it.fails.each(known)("%s: every request ends in time with its reason (known finding)", endsInTime)

  it("leaves no plain key in its data dir, logs or responses", async () => {
    await server.stop()
    expect(evidence.leaks()).toEqual([])
  })
})
