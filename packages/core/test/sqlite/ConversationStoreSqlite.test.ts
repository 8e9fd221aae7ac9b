import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { join } from "node:path"
import { ConversationStore } from "../../src/ConversationStore"
import { layer } from "../../src/sqlite/ConversationStoreSqlite"
import * as Database from "../../src/sqlite/Database"
import { answerMeta, conversationStoreSuite } from "../ConversationStoreSuite"
import { tempDir } from "../support/tempDir"

/** The store and its SQL client on a database file in `dir`. */
const onFile = (dir: string) => {
  const database = Database.layerFile(join(dir, "switchboard.db"))
  return Layer.merge(layer.pipe(Layer.provide(database)), database)
}

conversationStoreSuite("SQLite", () => Layer.unwrapScoped(Effect.map(tempDir, onFile)))

describe("ConversationStoreSqlite", () => {
  it.scoped("keeps conversations across reopening the database file", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const id = yield* Effect.gen(function* () {
        const store = yield* ConversationStore
        const { id } = yield* store.create({ providerId: "local", modelId: "gpt2", title: "persisted" })
        yield* store.appendMessage(id, { role: "user", content: "Hi" })
        yield* store.appendMessage(id, { role: "assistant", content: "Hello", meta: answerMeta })
        return id
      }).pipe(Effect.provide(onFile(dir)))

      const read = yield* Effect.flatMap(ConversationStore, (store) => store.get(id)).pipe(Effect.provide(onFile(dir)))
      expect(read.title).toBe("persisted")
      expect(read.messages.map((m) => m.content)).toEqual(["Hi", "Hello"])
      expect(read.messages[1]?.meta).toEqual(answerMeta)
    })
  )

  it.scoped("a stored answer whose meta does not decode is a StorageError, not a broken object", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const error = yield* Effect.gen(function* () {
        const store = yield* ConversationStore
        const sql = yield* SqlClient.SqlClient
        const { id } = yield* store.create({ providerId: "local", modelId: "gpt2", title: "t" })
        yield* store.appendMessage(id, { role: "assistant", content: "x", meta: answerMeta })
        yield* sql`UPDATE messages SET meta = ${'{"cancelled":"yes"}'}`
        return yield* Effect.flip(store.get(id))
      }).pipe(Effect.provide(onFile(dir)))
      expect(error).toMatchObject({ _tag: "StorageError", operation: "read a conversation" })
    })
  )
})
