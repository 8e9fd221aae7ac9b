/**
 * Damaged files drill: what the built server does when the files in its data directory are not what it left there —
 * the master key replaced (deleted, so a new one is made) or a different `SWITCHBOARD_MASTER_KEY` while sealed keys
 * are stored; a database file emptied while its `-wal` still holds data; a disk that fills up while clients write.
 * Each must end in a clear refusal or a 503 that names the cause, and nothing stored may be lost.
 */
import { copyFileSync, existsSync, rmSync, statSync, truncateSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import type { Switchboard } from "../src/Switchboard"
import { drillEvidence, startDrillServer } from "./support/DrillServer"

const evidence = drillEvidence("damaged-files")

const keyed = (name: string) => ({
  name,
  type: "openai",
  baseUrl: "http://127.0.0.1:9/v1",
  apiKeys: [evidence.key(`sk-damaged-${name}-${Math.random().toString(36).slice(2, 14)}`)],
  models: ["m-1"]
})

/** The start must fail; what it printed. */
const refusedStart = async (dataDir: string, env: Record<string, string> = {}) => {
  const failure = await startDrillServer(evidence, { dataDir, env }).then(
    async (server) => {
      await server.stop()
      return undefined
    },
    (error: unknown) => (error instanceof Error ? error.message : String(error))
  )
  expect(failure, "the server started").toBeDefined()
  return failure!
}

/** An exported document whose providers all become new ones (new ids and names), so importing it must write. */
const renamed = (exported: unknown) => {
  const doc = exported as { readonly providers: ReadonlyArray<{ readonly id: string; readonly name: string }> }
  return { ...doc, providers: doc.providers.map((p) => ({ ...p, id: `imported-${p.id}`, name: `imported ${p.name}` })) }
}

const providerIds = async (server: Switchboard) =>
  ((await server.call("GET", "/api/providers")).json as ReadonlyArray<{ readonly id: string }>).map((p) => p.id)

describe("damaged files", () => {
  it("refuses to start with another master key while sealed keys are stored, and says how to recover", async () => {
    const dataDir = evidence.dataDir("master-key")
    const server = await startDrillServer(evidence, { dataDir })
    const added = await server.call("POST", "/api/providers", keyed("keyed"))
    expect(added.status).toBe(201)
    const masked = (added.json as { apiKeys: ReadonlyArray<{ masked: string }> }).apiKeys[0]!.masked
    await server.stop()

    const keyFile = join(dataDir, "master.key")
    copyFileSync(keyFile, `${keyFile}.saved`)
    rmSync(keyFile)
    for (const env of [{}, { SWITCHBOARD_MASTER_KEY: "a different passphrase altogether" }]) {
      const said = await refusedStart(dataDir, env)
      expect(said).toContain("is not the one the API keys in this database were sealed with")
      expect(said).toContain("Restore master.key")
      expect(said).toContain("switchboard keys forget-unreadable --yes")
    }

    // The right key back: everything is there and readable.
    copyFileSync(`${keyFile}.saved`, keyFile)
    rmSync(`${keyFile}.saved`)
    const again = await startDrillServer(evidence, { dataDir })
    const read = await again.call("GET", "/api/providers/keyed")
    expect(read.status).toBe(200)
    expect((read.json as { apiKeys: ReadonlyArray<{ masked: string }> }).apiKeys[0]!.masked).toBe(masked)
    await again.stop()
  }, 60_000)

  it("refuses an empty database file beside a -wal that still holds data, and discards nothing", async () => {
    const dataDir = evidence.dataDir("empty-db")
    const server = await startDrillServer(evidence, { dataDir })
    expect((await server.call("POST", "/api/providers", keyed("in-wal"))).status).toBe(201)
    // Killed, the server leaves its last commits in the -wal, not yet copied into the database file.
    await server.kill()
    const db = join(dataDir, "switchboard.db")
    const walSize = statSync(`${db}-wal`).size
    expect(walSize).toBeGreaterThan(0)
    truncateSync(db, 0)

    const said = await refusedStart(dataDir)
    expect(said).toContain("switchboard.db-wal beside it still holds")
    expect(said).toContain("Restore the database file from a backup")
    expect(statSync(`${db}-wal`).size).toBe(walSize)
    expect(statSync(db).size).toBe(0)
    expect(existsSync(db)).toBe(true)
  }, 60_000)

  it("answers a full disk with a 503 that says so, for every write, stays up and loses nothing", async () => {
    const dataDir = evidence.dataDir("full-disk")
    // SQLite's max_page_count: the file cannot grow past 24 pages of 4 KiB, as on a disk with no space left.
    const server = await startDrillServer(evidence, { dataDir, env: { SWITCHBOARD_TEST_MAX_DB_PAGES: "24" } })
    const acknowledged: Array<string> = []
    let full: { readonly status: number; readonly json: unknown } | undefined
    for (let i = 0; i < 200 && full === undefined; i++) {
      const body = { ...keyed(`p${i}`), models: Array.from({ length: 40 }, (_, m) => `model-${i}-${m}`) }
      const answer = await server.call("POST", "/api/providers", body)
      if (answer.status === 201) acknowledged.push(`p${i}`)
      else full = answer
    }
    expect(acknowledged.length).toBeGreaterThan(0)
    const writes = [
      full!,
      await server.call(
        "POST",
        "/api/providers/p0/models",
        Array.from({ length: 200 }, (_, m) => `extra-${m}`)
      ),
      await server.call("POST", "/api/import", renamed((await server.call("GET", "/api/export")).json))
    ]
    for (const answer of writes) {
      expect(answer.status, JSON.stringify(answer.json)).toBe(503)
      expect(answer.json).toMatchObject({
        error: { code: "storage_error", message: expect.stringContaining("the disk is full") }
      })
    }
    expect(server.output()).not.toContain("defect")

    // Alive, and every acknowledged write is there.
    expect((await server.call("GET", "/healthz")).status).toBe(200)
    expect(await providerIds(server)).toEqual(acknowledged)
    await server.stop()
    const again = await startDrillServer(evidence, { dataDir })
    expect(await providerIds(again)).toEqual(acknowledged)
    expect((await again.call("POST", "/api/providers", keyed("after"))).status).toBe(201)
    await again.stop()
  }, 90_000)
})
