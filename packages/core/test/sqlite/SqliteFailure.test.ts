import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { join } from "node:path"
import { StorageError } from "../../src/domain/Errors"
import { ProviderStore } from "../../src/ProviderStore"
import * as Secrets from "../../src/Secrets"
import * as Database from "../../src/sqlite/Database"
import { ConversationStore } from "../../src/ConversationStore"
import * as ConversationStoreSqlite from "../../src/sqlite/ConversationStoreSqlite"
import * as ProviderStoreSqlite from "../../src/sqlite/ProviderStoreSqlite"
import { classify, storageError } from "../../src/sqlite/SqliteFailure"
import { makeApiKey, makeProvider } from "../support/makeProvider"
import { tempDir } from "../support/tempDir"

const store = Layer.unwrapScoped(
  Effect.map(tempDir, (dir) =>
    ProviderStoreSqlite.layer.pipe(
      Layer.merge(ConversationStoreSqlite.layer),
      Layer.provideMerge(Database.layerFile(join(dir, Database.fileName))),
      Layer.provide(Secrets.layerTest)
    )
  )
)

// A provider whose document needs pages of its own (overflow pages), so adding it must grow the file.
const large = (name: string, keys = 60) =>
  makeProvider(name, {
    apiKeys: Array.from({ length: keys }, (_, i) => makeApiKey(`sk-${"x".repeat(200)}-${i}`, `k${i}`))
  })

/** Caps the file at the pages it has now: SQLite then fails any write that needs one more with SQLITE_FULL. */
const fillDisk = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const [pages] = yield* sql<{ page_count: number }>`PRAGMA page_count`
  yield* sql.unsafe(`PRAGMA max_page_count = ${pages?.page_count}`)
})

describe("SqliteFailure", () => {
  it("names SQLite's codes, extended ones by their primary code", () => {
    const driver = Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" })
    expect(classify({ message: "Failed to execute statement", cause: driver })?.reason).toBe("DiskFull")
    expect(classify({ code: "SQLITE_IOERR_WRITE" })?.reason).toBe("Io")
    expect(classify(new Error("plain"))).toBeUndefined()
    const error = storageError('add provider "a"', { message: "Failed", cause: driver })
    expect(error.reason).toBe("DiskFull")
    expect(error.message).toContain("the disk is full")
    expect(error.message).toContain("Free space")
  })

  it.layer(store)((it) => {
    it.effect("a full disk is a StorageError saying so, for every write, and nothing stored is lost", () =>
      Effect.gen(function* () {
        const providers = yield* ProviderStore
        const kept = yield* providers.insert(large("Kept"))
        const conversations = yield* ConversationStore
        const conversation = yield* conversations.create({ title: "t", providerId: kept.id, modelId: "m" })
        yield* fillDisk
        const writes: ReadonlyArray<Effect.Effect<unknown, unknown>> = [
          conversations.appendMessages(
            conversation.id,
            Array.from({ length: 50 }, () => ({ role: "user" as const, content: "x".repeat(2_000) }))
          ),
          providers.insert(large("Too Much")),
          providers.update(large("Kept", 200), 1),
          providers.upsertMany([large("Imported A"), large("Imported B")])
        ]
        for (const write of writes) {
          const error = yield* Effect.flip(write)
          expect(error).toBeInstanceOf(StorageError)
          expect((error as StorageError).reason).toBe("DiskFull")
          expect((error as StorageError).message).toContain("the disk is full")
        }
        // The store still answers, with what was there before.
        const listed = yield* providers.list
        expect(listed.map((p) => p.id)).toEqual([kept.id])
        expect((yield* providers.get(kept.id)).apiKeys).toHaveLength(60)
        expect((yield* conversations.get(conversation.id)).messages).toEqual([])
        // Space again: writes work again on the same connection.
        yield* (yield* SqlClient.SqlClient).unsafe("PRAGMA max_page_count = 1073741823")
        yield* providers.insert(large("After"))
        expect((yield* providers.list).map((p) => p.id)).toEqual([kept.id, "after"])
      })
    )
  })
})
