import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import { spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { join } from "node:path"
import * as Database from "../../src/sqlite/Database"
import { Conflict, StorageError } from "../../src/domain/Errors"
import { Provider, type ProviderId } from "../../src/domain/Provider"
import * as ProviderDocument from "../../src/ProviderDocument"
import { ProviderStore } from "../../src/ProviderStore"
import * as ProviderStoreSqlite from "../../src/sqlite/ProviderStoreSqlite"
import * as Secrets from "../../src/Secrets"
import { providerStoreSuite } from "../ProviderStoreSuite"
import { makeApiKey, makeProvider } from "../support/makeProvider"
import { tempDir } from "../support/tempDir"

/**
 * The SQLite store as the apps get it (under the read cache) on `filename`, sealing with `masterKey`; the layer also
 * exposes its `SqlClient`.
 */
const storeOn = (filename: string, masterKey: Uint8Array) =>
  ProviderStoreSqlite.layer.pipe(
    Layer.provideMerge(Database.layerFile(filename)),
    Layer.provide(Secrets.layerKey(masterKey))
  )

providerStoreSuite(
  "ProviderStoreSqlite.layer (cached)",
  Layer.unwrapScoped(Effect.map(tempDir, (dir) => storeOn(join(dir, Database.fileName), randomBytes(32))))
)

providerStoreSuite(
  "ProviderStoreSqlite.layerUncached",
  Layer.unwrapScoped(
    Effect.map(tempDir, (dir) =>
      ProviderStoreSqlite.layerUncached.pipe(
        Layer.provide(ProviderDocument.layer),
        Layer.provide(Layer.merge(Database.layerFile(join(dir, Database.fileName)), Secrets.layerTest))
      )
    )
  )
)

/** Runs `body` with the store on `filename` open, and closes the database afterwards. */
const withStore = <A, E>(
  filename: string,
  masterKey: Uint8Array,
  body: Effect.Effect<A, E, ProviderStore | SqlClient.SqlClient>
) => Effect.scoped(Effect.provide(body, storeOn(filename, masterKey)))

const secretKey = `sk-live-${randomBytes(16).toString("hex")}`
// Credentials in custom headers are sealed like keys; the plain header beside them shows the search works.
const secretHeader = `gw-${randomBytes(16).toString("hex")}`
const provider = makeProvider("Secret Holder", {
  apiKeys: [makeApiKey(secretKey, "main"), makeApiKey(`${secretKey}-backup`, "backup")],
  headers: { "X-Team": "team-blue-visible", "cf-aig-authorization": `Bearer ${secretHeader}`, Cookie: secretHeader }
})

const fileBytes = (filename: string) =>
  [filename, `${filename}-wal`].filter(existsSync).map((file) => readFileSync(file))

describe("ProviderStoreSqlite on a file", () => {
  const masterKey = randomBytes(32)

  it.scoped("never writes the plain API key or credential header, to the database file or its WAL", () =>
    Effect.gen(function* () {
      const filename = join(yield* tempDir, Database.fileName)
      const check = () => {
        const files = fileBytes(filename)
        // The search does find what is stored in plain text, so its silence about the key means something.
        expect(files.some((bytes) => bytes.includes("Secret Holder"))).toBe(true)
        expect(files.some((bytes) => bytes.includes("team-blue-visible"))).toBe(true)
        for (const bytes of files) {
          expect(bytes.includes(secretKey)).toBe(false)
          expect(bytes.includes(secretKey.slice(8))).toBe(false)
          expect(bytes.includes(secretHeader)).toBe(false)
          expect(bytes.includes(secretHeader.slice(3))).toBe(false)
        }
      }
      yield* withStore(
        filename,
        masterKey,
        Effect.gen(function* () {
          const store = yield* ProviderStore
          yield* store.insert(provider)
          yield* store.update(new Provider({ ...provider, name: "Secret Holder" }), 1)
          yield* store.upsertMany([provider])
          expect(existsSync(`${filename}-wal`)).toBe(true)
          check()
        })
      )
      check()
    })
  )

  it.scoped("gives back the same providers, keys and credential headers included, after reopening the file", () =>
    Effect.gen(function* () {
      const filename = join(yield* tempDir, Database.fileName)
      const other = makeProvider("Other", { apiKeys: [makeApiKey("sk-other-000111")] })
      const written = yield* withStore(
        filename,
        masterKey,
        Effect.gen(function* () {
          const store = yield* ProviderStore
          yield* store.insert(provider)
          yield* store.insert(other)
          yield* store.reorder([other.id, provider.id])
          return yield* store.list
        })
      )
      const reread = yield* withStore(
        filename,
        masterKey,
        Effect.flatMap(ProviderStore, (store) => store.list)
      )
      const plain = (all: ReadonlyArray<Provider>) => all.map((p) => ({ ...p, keys: p.apiKeys.map((k) => k.value) }))
      expect(reread.map((p) => p.id)).toEqual([other.id, provider.id])
      expect(plain(reread)).toStrictEqual(plain(written))
      // In the user's order, the sealed ones in their places.
      expect(reread[1]!.headers).toStrictEqual(provider.headers)
      expect(Object.keys(reread[1]!.headers)).toEqual(Object.keys(provider.headers))
    })
  )

  it.scoped("reads header values an earlier version stored in plain text, and seals them on the next write", () =>
    Effect.gen(function* () {
      const filename = join(yield* tempDir, Database.fileName)
      const legacyValue = `Bearer legacy-${randomBytes(12).toString("hex")}`
      yield* withStore(
        filename,
        masterKey,
        Effect.gen(function* () {
          const store = yield* ProviderStore
          const sql = yield* SqlClient.SqlClient
          yield* store.insert(provider)
          // The document as versions before sealed headers wrote it: every header value in place, in plain text.
          const [row] = yield* sql<{ document: string }>`SELECT document FROM providers WHERE id = ${provider.id}`
          const { sealedHeaders: _, ...legacy } = JSON.parse(row!.document)
          const headers = { ...provider.headers, Authorization: legacyValue }
          yield* sql`UPDATE providers SET document = ${JSON.stringify({ ...legacy, headers })} WHERE id = ${provider.id}`

          const read = yield* store.get(provider.id)
          expect(read.headers).toStrictEqual(headers)
          yield* store.update(new Provider({ ...read, name: "Secret Holder 2" }), read.revision)

          const [rewritten] = yield* sql<{ document: string }>`SELECT document FROM providers WHERE id = ${provider.id}`
          expect(rewritten!.document).not.toContain(legacyValue.slice(7))
          expect(rewritten!.document).not.toContain(secretHeader)
          expect(rewritten!.document).toContain("team-blue-visible")
          expect((yield* store.get(provider.id)).headers).toStrictEqual(headers)
        })
      )
      const reopened = yield* withStore(
        filename,
        masterKey,
        Effect.flatMap(ProviderStore, (store) => store.get(provider.id))
      )
      expect(reopened.headers.Authorization).toBe(legacyValue)
    })
  )

  it.scoped("runs in WAL mode with foreign keys, secure delete and a busy timeout, migrating once across reopens", () =>
    Effect.gen(function* () {
      const filename = join(yield* tempDir, Database.fileName)
      const inspect = withStore(
        filename,
        masterKey,
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          const [journal] = yield* sql<{ journal_mode: string }>`PRAGMA journal_mode`
          const [foreignKeys] = yield* sql<{ foreign_keys: number }>`PRAGMA foreign_keys`
          const [busy] = yield* sql<{ timeout: number }>`PRAGMA busy_timeout`
          const [secureDelete] = yield* sql<{ secure_delete: number }>`PRAGMA secure_delete`
          const migrations = yield* sql<{ migration_id: number }>`
            SELECT migration_id FROM effect_sql_migrations ORDER BY migration_id`
          return {
            journal: journal?.journal_mode,
            foreignKeys: foreignKeys?.foreign_keys,
            busy: busy?.timeout,
            secureDelete: secureDelete?.secure_delete,
            migrations: migrations.map((row) => row.migration_id)
          }
        })
      )
      const first = yield* inspect
      yield* withStore(
        filename,
        masterKey,
        Effect.flatMap(ProviderStore, (store) => store.insert(provider))
      )
      const second = yield* inspect
      expect(first).toEqual({
        journal: "wal",
        foreignKeys: 1,
        busy: Database.busyTimeoutMs,
        secureDelete: 1,
        migrations: [1, 2, 3, 4, 5, 6, 7]
      })
      expect(second).toEqual(first)
      const stored = yield* withStore(
        filename,
        masterKey,
        Effect.flatMap(ProviderStore, (store) => store.list)
      )
      expect(stored.map((p) => p.id)).toEqual([provider.id])
    })
  )

  it.scoped(
    "under another master key, shows the keys it cannot unseal as unreadable and keeps the others working",
    () =>
      Effect.gen(function* () {
        const filename = join(yield* tempDir, Database.fileName)
        yield* withStore(
          filename,
          masterKey,
          Effect.flatMap(ProviderStore, (store) => store.insert(provider))
        )
        const newKey = randomBytes(32)
        const [listed, read, added] = yield* withStore(
          filename,
          newKey,
          Effect.flatMap(ProviderStore, (store) =>
            Effect.all([
              store.list,
              store.get(provider.id),
              store.insert(makeProvider("Keyless")).pipe(Effect.zipRight(store.get("keyless" as ProviderId)))
            ])
          )
        )
        expect(listed.map((p) => p.id)).toEqual([provider.id])
        expect(read.apiKeys.every((key) => key.unreadable === true)).toBe(true)
        expect(added.name).toBe("Keyless")
        // Nothing was damaged: the right key still reads it.
        const stored = yield* withStore(
          filename,
          masterKey,
          Effect.flatMap(ProviderStore, (store) => store.get(provider.id))
        )
        expect(stored.apiKeys.map((key) => key.masked)).toEqual(provider.apiKeys.map((key) => key.masked))
      })
  )

  it.scoped("reports a damaged document as a StorageError naming the provider", () =>
    Effect.gen(function* () {
      const filename = join(yield* tempDir, Database.fileName)
      const other = makeProvider("Other")
      const damaged = ["{not json", JSON.stringify({ id: provider.id, name: 42 }), "null"]
      for (const document of damaged) {
        const errors = yield* withStore(
          filename,
          masterKey,
          Effect.gen(function* () {
            const store = yield* ProviderStore
            const sql = yield* SqlClient.SqlClient
            yield* store.upsertMany([provider, other])
            yield* sql`UPDATE providers SET document = ${document} WHERE id = ${provider.id}`
            // The healthy provider stays readable on its own.
            expect((yield* store.get(other.id)).name).toBe("Other")
            return [yield* Effect.flip(store.list), yield* Effect.flip(store.get(provider.id))]
          })
        )
        for (const error of errors) {
          expect(error).toBeInstanceOf(StorageError)
          expect(error.message).toContain(`"${provider.id}"`)
          expect(error.message).toContain("damaged")
        }
      }
    })
  )

  it.scoped("fails to open a file that is not a database with a StorageError naming it", () =>
    Effect.gen(function* () {
      const filename = join(yield* tempDir, Database.fileName)
      writeFileSync(filename, "this is not a database, just text that is long enough to look like a header".repeat(20))
      const error = yield* Effect.flip(withStore(filename, masterKey, Effect.void))
      expect(error).toBeInstanceOf(StorageError)
      expect(error.message).toContain(filename)
    })
  )

  describe("shared with another process (server and TUI open the same file)", () => {
    const holdMs = 400
    const changed = new Provider({ ...provider, baseUrl: "http://gpu:8000" })

    it.scoped("waits for the other process's write to finish instead of failing", () =>
      Effect.gen(function* () {
        const filename = join(yield* tempDir, Database.fileName)
        yield* withStore(
          filename,
          masterKey,
          Effect.gen(function* () {
            const store = yield* ProviderStore
            yield* store.insert(provider)
            const child = yield* holdWriteLock(filename, holdMs, "SELECT 1")
            const started = Date.now()
            expect((yield* store.update(changed, 1)).revision).toBe(2)
            expect(Date.now() - started).toBeGreaterThanOrEqual(holdMs / 2)
            yield* child
            expect((yield* store.get(provider.id)).baseUrl).toBe("http://gpu:8000")
          })
        )
      })
    )

    it.scoped("opens and migrates a new file while the other process holds the write lock", () =>
      Effect.gen(function* () {
        const filename = join(yield* tempDir, Database.fileName)
        const child = yield* holdWriteLock(filename, holdMs, "SELECT 1")
        const started = Date.now()
        yield* withStore(
          filename,
          masterKey,
          Effect.flatMap(ProviderStore, (store) => store.insert(provider))
        )
        expect(Date.now() - started).toBeGreaterThanOrEqual(holdMs / 2)
        yield* child
        const stored = yield* withStore(
          filename,
          masterKey,
          Effect.flatMap(ProviderStore, (store) => store.list)
        )
        expect(stored.map((p) => p.id)).toEqual([provider.id])
      })
    )

    it.scoped("a provider read (and kept decoded) before the other side's write is read fresh after it", () =>
      Effect.gen(function* () {
        const filename = join(yield* tempDir, Database.fileName)
        // Two connections open together, as the server and the TUI hold them.
        const reader = Context.get(yield* Layer.build(storeOn(filename, masterKey)), ProviderStore)
        const writer = Context.get(yield* Layer.build(storeOn(filename, masterKey)), ProviderStore)
        yield* writer.insert(provider)
        expect((yield* reader.get(provider.id)).baseUrl).toBe(provider.baseUrl)
        expect((yield* reader.list).map((p) => p.baseUrl)).toEqual([provider.baseUrl])
        // A read made while the reader holds the provider, and run only after the write, sees the write too.
        const kept = reader.get(provider.id)
        yield* writer.update(changed, 1)
        expect((yield* kept).baseUrl).toBe("http://gpu:8000")
        expect((yield* reader.get(provider.id)).baseUrl).toBe("http://gpu:8000")
        expect((yield* reader.list).map((p) => p.revision)).toEqual([2])
        // Even a raw write that keeps the revision (a repair by hand) is seen.
        const sql = Context.get(yield* Layer.build(Database.layerFile(filename)), SqlClient.SqlClient)
        const [row] = yield* sql<{ document: string }>`SELECT document FROM providers WHERE id = ${provider.id}`
        const renamed = row!.document.replace('"name":"Secret Holder"', '"name":"Renamed"')
        yield* sql`UPDATE providers SET document = ${renamed} WHERE id = ${provider.id}`
        expect((yield* reader.get(provider.id)).name).toBe("Renamed")
        yield* writer.remove(provider.id)
        expect(yield* Effect.flip(reader.get(provider.id))).toMatchObject({ _tag: "NotFound" })
      })
    )

    it.scoped("sees what the other process wrote meanwhile: a stale update conflicts, nothing is overwritten", () =>
      Effect.gen(function* () {
        const filename = join(yield* tempDir, Database.fileName)
        yield* withStore(
          filename,
          masterKey,
          Effect.gen(function* () {
            const store = yield* ProviderStore
            yield* store.insert(provider)
            const child = yield* holdWriteLock(
              filename,
              holdMs,
              `UPDATE providers SET revision = 2 WHERE id = '${provider.id}'`
            )
            const error = yield* Effect.flip(store.update(changed, 1))
            expect(error).toStrictEqual(new Conflict({ id: provider.id, expectedRevision: 1, actualRevision: 2 }))
            yield* child
            expect((yield* store.get(provider.id)).baseUrl).toBe(provider.baseUrl)
          })
        )
      })
    )
  })
})

/**
 * Starts another Node process that takes the database's write lock, runs `statement`, and commits `holdMs` later.
 * Succeeds once the lock is held, with an effect that waits for the process to exit. Another process, not another connection in this one:
 * better-sqlite3 waits on a busy file synchronously, which would block the thread that must release the lock.
 */
const holdWriteLock = (filename: string, holdMs: number, statement: string) =>
  Effect.async<Effect.Effect<void, Error>, Error>((resume) => {
    const driver = createRequire(createRequire(import.meta.url).resolve("@effect/sql-sqlite-node")).resolve(
      "better-sqlite3"
    )
    const script = `
      const Database = require(${JSON.stringify(driver)})
      const db = new Database(${JSON.stringify(filename)})
      db.pragma("journal_mode = WAL")
      db.exec("BEGIN IMMEDIATE")
      db.prepare(${JSON.stringify(statement)}).run()
      process.stdout.write("locked\\n")
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${holdMs})
      db.exec("COMMIT")
      db.close()
    `
    const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] })
    const exited = new Promise<number | null>((done) => child.on("exit", done))
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("locked")) {
        resume(
          Effect.succeed(
            Effect.flatMap(
              Effect.promise(() => exited),
              (code) => (code === 0 ? Effect.void : Effect.fail(new Error(`lock holder exited with ${code}`)))
            )
          )
        )
      }
    })
    child.on("error", (error) => resume(Effect.fail(error)))
  })
