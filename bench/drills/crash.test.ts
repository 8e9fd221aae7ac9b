/**
 * Crash drill: `kill -9` the server while clients are writing — new providers (each with its key and models in one
 * request) and a stream of renames of one provider — then restart it on the same data directory. The store must
 * open, every write the server acknowledged must be there exactly as acknowledged, no provider may be half-written
 * (without its models or key), and every stored key must still unseal (verify sends it to the upstream). Three
 * crashes on the same directory, each at a different moment.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Switchboard } from "../src/Switchboard"
import { startUpstream, type Upstream } from "../src/Upstream"
import { drillEvidence, startDrillServer } from "./support/DrillServer"

const evidence = drillEvidence("crash")
const models = ["m-a", "meta-llama/Llama-3.1-8B-Instruct", "qwen2.5:7b"]

interface Acked {
  readonly id: string
  readonly name: string
  readonly key: string
  readonly masked: string
}

interface ProviderView {
  readonly id: string
  readonly name: string
  readonly apiKeys: ReadonlyArray<{ readonly id: string; readonly masked: string }>
  readonly models: ReadonlyArray<{ readonly id: string }>
}

let upstream: Upstream
const dataDir = evidence.dataDir("crash")
const acked: Array<Acked> = []
let counterId = ""
let counterAcked = 0
let counterSent = 0
/** Requests cut off by the kill: proof that it landed while writes were in flight. */
let interrupted = 0

beforeAll(async () => {
  upstream = await startUpstream()
})
afterAll(async () => {
  await upstream.close()
})

/** Writes until `stopAfter` creations are acknowledged, then kills the server while the writers are still going. */
const writeAndCrash = async (server: Switchboard, cycle: number, stopAfter: number) => {
  let killed = false
  let ackedThisCycle = 0
  let sequence = 0
  const creator = async () => {
    while (!killed) {
      const name = `crash-${cycle}-${sequence++}`
      const key = evidence.key(`sk-crash-${cycle}-${sequence}-${Math.random().toString(36).slice(2, 14)}`)
      try {
        const answer = await server.call("POST", "/api/providers", {
          name,
          type: "openai",
          baseUrl: upstream.baseUrl,
          apiKeys: [key],
          models
        })
        if (answer.status !== 201) throw new Error(`create ${name}: ${answer.status} ${answer.text}`)
        const view = answer.json as ProviderView
        acked.push({ id: view.id, name, key, masked: view.apiKeys[0]!.masked })
        ackedThisCycle++
      } catch (error) {
        if (!killed) throw error
        interrupted++
      }
    }
  }
  const renamer = async () => {
    while (!killed) {
      const n = ++counterSent
      try {
        const answer = await server.call("PATCH", `/api/providers/${counterId}`, { name: `counter-${n}` })
        if (answer.status !== 200) throw new Error(`rename: ${answer.status} ${answer.text}`)
        counterAcked = n
      } catch (error) {
        if (!killed) throw error
        interrupted++
      }
    }
  }
  const killer = async () => {
    while (ackedThisCycle < stopAfter) await new Promise((resolve) => setTimeout(resolve, 2))
    killed = true
    await server.kill()
  }
  await Promise.all([creator(), creator(), creator(), creator(), renamer(), killer()])
}

describe("crash: kill -9 during writes", () => {
  it.each([
    [1, 15],
    [2, 40],
    [3, 70]
  ])(
    "crash %i (after %i acknowledged creations): every acknowledged write survives, whole",
    async (cycle, stopAfter) => {
      const server = await startDrillServer(evidence, { dataDir })
      if (counterId === "") {
        const created = await server.call("POST", "/api/providers", {
          name: "counter-0",
          type: "openai",
          baseUrl: upstream.baseUrl
        })
        expect(created.status).toBe(201)
        counterId = (created.json as ProviderView).id
      }
      const before = interrupted
      await writeAndCrash(server, cycle, stopAfter)
      expect(interrupted, "the kill should cut off writes in flight").toBeGreaterThan(before)

      const restarted = await startDrillServer(evidence, { dataDir })
      try {
        const listed = await restarted.call("GET", "/api/providers")
        expect(listed.status).toBe(200)
        const providers = listed.json as ReadonlyArray<ProviderView>
        const byId = new Map(providers.map((provider) => [provider.id, provider]))

        // Every acknowledged creation is there, as acknowledged.
        for (const write of acked) {
          const stored = byId.get(write.id)
          expect(stored, `acknowledged provider ${write.name} is missing`).toBeDefined()
          expect(stored!.name).toBe(write.name)
          expect(stored!.apiKeys.map((key) => key.masked)).toEqual([write.masked])
          expect(stored!.models.map((model) => model.id)).toEqual(models)
        }
        // Nothing half-written: a creation that was in flight is either whole or absent.
        for (const provider of providers.filter((p) => p.name.startsWith("crash-"))) {
          expect(provider.apiKeys, `${provider.name} lost its key`).toHaveLength(1)
          expect(
            provider.models.map((model) => model.id),
            `${provider.name} lost models`
          ).toEqual(models)
        }
        // The renames: at least the last acknowledged one, at most the last one sent.
        const counter = Number(byId.get(counterId)!.name.replace("counter-", ""))
        expect(counter).toBeGreaterThanOrEqual(counterAcked)
        expect(counter).toBeLessThanOrEqual(counterSent)

        // Every stored key still unseals: verify sends it to the upstream, which sees it in the clear.
        const crashed = providers.filter((p) => p.name.startsWith("crash-"))
        const reports = await Promise.all(crashed.map((p) => restarted.call("POST", `/api/providers/${p.id}/verify`)))
        for (const [i, report] of reports.entries())
          expect(report.json, `verify ${crashed[i]!.name}: ${report.text}`).toMatchObject({ ok: true })
        for (const write of acked) expect(upstream.stats().authorizations.has(`Bearer ${write.key}`)).toBe(true)
      } finally {
        await restarted.stop()
      }
    }
  )

  it("leaves no plain key in its data dir, logs or responses", () => {
    expect(acked.length).toBeGreaterThan(0)
    expect(evidence.leaks()).toEqual([])
  })
})
