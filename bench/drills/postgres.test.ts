/**
 * Scale-out drill: two server instances and the CLI on one PostgreSQL database (a throwaway cluster of its own, so it
 * can be stopped under load). Concurrent edits of one provider through both instances lose nothing; a change made
 * through one (or the CLI) reaches the other's gateway within a second; either instance answers chats; `kill -9` of
 * one under load leaves the other answering; and a database restart under load is ridden out: known providers keep
 * being served, `/healthz` and writes say the database is unreachable within 5 s, and both instances recover by
 * themselves once it is back, with changes propagating within a second again.
 */
import { findBinaries, type PgCluster, startCluster } from "@switchboard/testing/PgCluster"
import { spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { existsSync } from "node:fs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { tuiBundle } from "../src/Startup"
import { addProvider, type Switchboard } from "../src/Switchboard"
import { startUpstream, type Upstream } from "../src/Upstream"
import { waitFor } from "../src/Wait"
import { drillEvidence, startDrillServer } from "./support/DrillServer"

const bin = findBinaries()
if (bin === undefined && process.env.CI === "true") throw new Error("the PostgreSQL drill needs PostgreSQL under CI")

const evidence = drillEvidence("postgres")
const masterKey = randomBytes(32).toString("hex")
let cluster: PgCluster
let upstream: Upstream
const servers: Array<Switchboard> = []

const env = () => ({ SWITCHBOARD_DATABASE_URL: cluster.url, SWITCHBOARD_MASTER_KEY: masterKey })
const startInstance = async (name: string) => {
  const server = await startDrillServer(evidence, { name, env: env() })
  servers.push(server)
  return server
}

/** `switchboard <args>` from the built CLI on the same database, as an operator's shell would run it. */
const cli = (...args: ReadonlyArray<string>) =>
  new Promise<{ code: number; output: string }>((resolve) => {
    const child = spawn(process.execPath, [tuiBundle, ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: evidence.dataDir("cli-home"), ...env() },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    child.stdout.on("data", (part: Buffer) => (output += part.toString()))
    child.stderr.on("data", (part: Buffer) => (output += part.toString()))
    child.once("exit", (code) => {
      evidence.record("cli", `switchboard ${args.join(" ")} -> ${code}\n${output}`)
      resolve({ code: code ?? -1, output })
    })
  })

/** A measured figure, kept in the evidence and printed for the run's log. */
const note = (text: string) => {
  evidence.record("timings", text)
  console.log(`postgres drill: ${text}`)
}

const chat = (server: Switchboard, model: string) =>
  server.call("POST", "/v1/chat/completions", { model, messages: [{ role: "user", content: "hi" }], stream: false })

/** Milliseconds until `check` holds, polling every 10 ms; fails after `timeoutMs`. */
const timeUntil = async (check: () => Promise<boolean>, timeoutMs: number, what: string) => {
  const started = performance.now()
  await waitFor(check, { timeoutMs, intervalMs: 10, what })
  return Math.round(performance.now() - started)
}

/** Chats through `server` back to back until `stop`; counts answers by status. */
const load = (server: Switchboard, model: string) => {
  let running = true
  const statuses = new Map<number | string, number>()
  const done = (async () => {
    while (running) {
      const status = await chat(server, model).then(
        (answer) => answer.status,
        () => "no answer"
      )
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
    }
  })()
  return {
    statuses,
    stop: async () => {
      running = false
      await done
      return Object.fromEntries(statuses)
    }
  }
}

describe.skipIf(bin === undefined)("two instances on one PostgreSQL", () => {
  let a: Switchboard
  let b: Switchboard
  let shared: string

  beforeAll(async () => {
    if (!existsSync(tuiBundle)) throw new Error(`${tuiBundle} is missing: build the TUI first (pnpm drills does)`)
    cluster = await startCluster(bin!)
    upstream = await startUpstream()
    a = await startInstance("a")
    b = await startInstance("b")
    shared = await addProvider(a, {
      name: "shared",
      baseUrl: upstream.baseUrl,
      apiKeys: [evidence.key(`sk-pg-${randomBytes(12).toString("hex")}`)],
      models: ["m"]
    })
  })
  afterAll(async () => {
    for (const server of servers) await server.stop()
    await upstream?.close()
    cluster?.destroy()
  })

  it("chats through either instance, and a change through one reaches the other's gateway within a second", async () => {
    expect((await chat(a, `${shared}/m`)).status).toBe(200)
    expect((await chat(b, `${shared}/m`)).status).toBe(200)
    const added = await addProvider(a, { name: "added-on-a", baseUrl: upstream.baseUrl, models: ["n"] })
    const seenAdded = await timeUntil(async () => (await chat(b, `${added}/n`)).status === 200, 1_000, "B to serve it")
    expect((await a.call("PATCH", `/api/providers/${added}`, { enabled: false })).status).toBe(200)
    const seenDisabled = await timeUntil(
      async () => (await chat(b, `${added}/n`)).status === 403,
      1_000,
      "B to refuse the disabled provider"
    )
    note(`added seen on B after ${seenAdded} ms; disabled seen after ${seenDisabled} ms`)
  })

  it("loses no update when both instances edit one provider at once; a stale revision is a 409 on either", async () => {
    const adds = [a, b].flatMap((server, n) =>
      Array.from({ length: 8 }, (_, i) => server.call("POST", `/api/providers/${shared}/models`, [`edit-${n}-${i}`]))
    )
    const answers = await Promise.all(adds)
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 201))
    const stored = (await b.call("GET", `/api/providers/${shared}`)).json as {
      models: ReadonlyArray<{ id: string }>
      revision: number
    }
    expect(stored.models.filter((model) => model.id.startsWith("edit-"))).toHaveLength(16)
    for (const server of [a, b]) {
      const stale = await server.call("PATCH", `/api/providers/${shared}`, { name: "renamed", revision: 1 })
      expect(stale.status).toBe(409)
    }
  })

  it("sees what the CLI adds, and the CLI's migrate finds nothing left to run", async () => {
    const added = await cli(
      "providers",
      "add",
      "--name",
      "from-cli",
      "--type",
      "openai",
      "--base-url",
      upstream.baseUrl
    )
    expect(added.code, added.output).toBe(0)
    expect((await cli("models", "add", "from-cli", "c")).code).toBe(0)
    const seen = await timeUntil(async () => (await chat(b, "from-cli/c")).status === 200, 1_000, "B to serve it")
    note(`CLI's provider served by B after ${seen} ms`)
    const migrated = await cli("db", "migrate")
    expect(migrated.output).toContain("Nothing to migrate.")
  })

  it("keeps answering through one instance while the other is killed under load", async () => {
    const onA = load(a, `${shared}/m`)
    const onB = load(b, `${shared}/m`)
    await waitFor(() => (onB.statuses.get(200) ?? 0) > 20, { timeoutMs: 10_000, intervalMs: 10, what: "load on B" })
    await a.kill()
    const afterKill = (onB.statuses.get(200) ?? 0) + 20
    await waitFor(() => (onB.statuses.get(200) ?? 0) > afterKill, { timeoutMs: 10_000, intervalMs: 10, what: "B" })
    await onA.stop()
    const onBStatuses = await onB.stop()
    expect(onBStatuses).toEqual({ 200: onBStatuses[200] })
    a = await startInstance("a-again")
  })

  it("rides out a database restart under load and recovers by itself", async () => {
    const onA = load(a, `${shared}/m`)
    const onB = load(b, `${shared}/m`)
    await waitFor(() => (onB.statuses.get(200) ?? 0) > 20, { timeoutMs: 10_000, intervalMs: 10, what: "load on B" })

    cluster.stop()
    const stoppedAt = performance.now()
    const unhealthyMs = await timeUntil(async () => (await b.call("GET", "/healthz")).status === 503, 5_000, "503")
    const health = await b.call("GET", "/healthz")
    expect(health.json).toEqual({ status: "unavailable", reason: "the database is unreachable" })
    const writeStarted = performance.now()
    const write = await a.call("POST", "/api/providers", { name: "during-outage", type: "openai", baseUrl: "http://x" })
    const writeMs = Math.round(performance.now() - writeStarted)
    expect(write.status).toBe(503)
    expect(write.text).toContain("unreachable")
    expect(writeMs).toBeLessThan(5_000)
    // Known providers keep being served from memory all along.
    const servedDuringOutage = onB.statuses.get(200) ?? 0
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect(onB.statuses.get(200) ?? 0).toBeGreaterThan(servedDuringOutage)
    const outageMs = Math.round(performance.now() - stoppedAt)

    cluster.start()
    const recoveredMs = await timeUntil(
      async () => (await a.call("POST", `/api/providers/${shared}/models`, [`after-${Date.now()}`])).status === 201,
      20_000,
      "A to write again"
    )
    await a.call("PATCH", `/api/providers/${shared}`, { enabled: false })
    const propagatedMs = await timeUntil(
      async () => (await chat(b, `${shared}/m`)).status === 403,
      1_000,
      "B to see the change after the restart"
    )
    const statusesA = await onA.stop()
    const statusesB = await onB.stop()
    note(
      `outage ${outageMs} ms: healthz 503 after ${unhealthyMs} ms, a write failed in ${writeMs} ms; writes back ` +
        `${recoveredMs} ms after the restart, a change propagated in ${propagatedMs} ms; ` +
        `gateway answers A ${JSON.stringify(statusesA)} B ${JSON.stringify(statusesB)}`
    )
    // Every chat before the provider was switched off was answered; afterwards it is refused, as it should be.
    for (const statuses of [statusesA, statusesB]) {
      expect(Object.keys(statuses).filter((status) => status !== "200" && status !== "403")).toEqual([])
    }
    expect((await b.call("GET", "/healthz")).status).toBe(200)
  })
})
