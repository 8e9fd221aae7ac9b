import { SqlClient } from "@effect/sql"
import { expect, it } from "@effect/vitest"
import { Context, Effect, Either, Layer, Redacted } from "effect"
import { randomBytes } from "node:crypto"
import { join } from "node:path"
import { ConversationStore } from "../../src/ConversationStore"
import { InvalidInput } from "../../src/domain/Errors"
import * as ConversationStorePg from "../../src/pg/ConversationStorePg"
import { copy, tables } from "../../src/pg/Copy"
import * as Database from "../../src/pg/Database"
import * as KeyCheckPg from "../../src/pg/KeyCheckPg"
import * as ProviderStorePg from "../../src/pg/ProviderStorePg"
import { ProviderStore } from "../../src/ProviderStore"
import * as Secrets from "../../src/Secrets"
import * as ConversationStoreSqlite from "../../src/sqlite/ConversationStoreSqlite"
import * as SqliteDatabase from "../../src/sqlite/Database"
import * as KeyCheckSqlite from "../../src/sqlite/KeyCheckSqlite"
import * as ProviderStoreSqlite from "../../src/sqlite/ProviderStoreSqlite"
import { makeApiKey, makeProvider } from "../support/makeProvider"
import { tempDir } from "../support/tempDir"
import { describePg, freshUrl, open } from "./pgDatabase"

const secret = `sk-copy-${randomBytes(12).toString("hex")}`
const provider = makeProvider("Copied vLLM", { apiKeys: [makeApiKey(secret, "main")] })

/** The stores of one setup on SQLite or PostgreSQL, with its key check, sealing with `masterKey`. */
const sqliteSetup = (file: string, masterKey: Uint8Array) =>
  Layer.mergeAll(ProviderStoreSqlite.layer, KeyCheckSqlite.layer, ConversationStoreSqlite.layer).pipe(
    Layer.provideMerge(Layer.merge(SqliteDatabase.layerFile(file), Secrets.layerKey(masterKey)))
  )
const pgSetup = (url: Redacted.Redacted, masterKey: Uint8Array) =>
  Layer.mergeAll(ProviderStorePg.layer, KeyCheckPg.layer, ConversationStorePg.layer).pipe(
    Layer.provideMerge(Layer.merge(Database.layerUrl(url), Secrets.layerKey(masterKey)))
  )

describePg("db copy from SQLite to PostgreSQL", () => {
  it.live("moves providers with their sealed keys and conversations; a non-empty target needs overwrite", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const file = join(yield* tempDir, SqliteDatabase.fileName)
        const url = yield* freshUrl
        const masterKey = randomBytes(32)
        const id = yield* Effect.scoped(
          Effect.gen(function* () {
            const source = yield* Layer.build(sqliteSetup(file, masterKey))
            yield* Context.get(source, ProviderStore).insert(provider)
            const conversations = Context.get(source, ConversationStore)
            const created = yield* conversations.create({ providerId: provider.id, modelId: "m", title: "kept" })
            yield* conversations.appendMessages(created.id, [
              { role: "user", content: "Hi" },
              { role: "assistant", content: "Hello" }
            ])
            return created.id
          })
        )

        const copied = yield* copy(file, url, false)
        expect(copied).toEqual({ providers: 1, key_check: 1, model_checks: 0, conversations: 1, messages: 2 })

        const target = pgSetup(url, masterKey)
        const read = yield* (yield* open(target, ProviderStore)).get(provider.id)
        expect(Redacted.value(read.apiKeys[0]!.value)).toBe(secret)
        const conversation = yield* (yield* open(target, ConversationStore)).get(id)
        expect(conversation.messages.map((m) => m.content)).toEqual(["Hi", "Hello"])
        // Still sealed in the database, as in SQLite.
        const sql = yield* open(Database.layerClient(url), SqlClient.SqlClient)
        expect(yield* sql`SELECT id FROM providers WHERE document LIKE ${`%${secret}%`}`).toEqual([])

        const refused = yield* Effect.either(copy(file, url, false))
        expect(Either.isLeft(refused) && refused.left).toBeInstanceOf(InvalidInput)
        expect(Either.isLeft(refused) && refused.left.message).toContain("--overwrite")
        expect(yield* copy(file, url, true)).toEqual(copied)

        // The copied key check holds the target to the source's master key.
        const wrongKey = yield* Effect.either(open(pgSetup(url, randomBytes(32)), ProviderStore))
        expect(Either.isLeft(wrongKey) && wrongKey.left.message).toContain(
          "SWITCHBOARD_MASTER_KEY is not the master key"
        )
      })
    )
  )

  it.live("the two schemas have the same tables and columns, and the copy moves every table", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const file = join(yield* tempDir, SqliteDatabase.fileName)
        const sqlite = yield* open(SqliteDatabase.layerFile(file), SqlClient.SqlClient)
        const pg = yield* open(Database.layerUrl(yield* freshUrl), SqlClient.SqlClient)
        const sqliteTables = (yield* sqlite<{ name: string }>`SELECT name FROM sqlite_master
          WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'effect_sql_migrations'`).map((t) => t.name)
        // PostgreSQL's own tables: the change counter and the shared key cooldowns, which a copy starts afresh.
        expect([...sqliteTables].sort()).toEqual([...tables].sort())
        for (const table of tables) {
          const sqliteColumns = (yield* sqlite.unsafe<{ name: string }>(`PRAGMA table_info(${table})`)).map(
            (c) => c.name
          )
          const pgColumns = (yield* pg<{ column_name: string }>`SELECT column_name FROM information_schema.columns
            WHERE table_name = ${table} AND table_schema = 'public'`).map((c) => c.column_name)
          // SQLite's rowid is implicit; PostgreSQL's conversations spell it out.
          expect(pgColumns.filter((c) => c !== "rowid").sort(), table).toEqual([...sqliteColumns].sort())
        }
      })
    )
  )
})
