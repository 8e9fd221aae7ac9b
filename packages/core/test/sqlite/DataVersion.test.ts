import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import { join } from "node:path"
import { ChangeSignal } from "../../src/ChangeSignal"
import * as Database from "../../src/sqlite/Database"
import * as DataVersion from "../../src/sqlite/DataVersion"
import { tempDir } from "../support/tempDir"

describe("DataVersion", () => {
  it.scoped("changes on every commit to the file, from this process's client or another connection, not on reads", () =>
    Effect.gen(function* () {
      const filename = join(yield* tempDir, Database.fileName)
      const database = yield* Layer.build(Database.layerFile(filename))
      const sql = Context.get(database, SqlClient.SqlClient)
      const signal = Context.get(database, ChangeSignal)
      const other = Context.get(yield* Layer.build(Database.layerFile(filename)), SqlClient.SqlClient)
      yield* sql`CREATE TABLE t (x)`

      const before = signal.current()
      yield* sql`SELECT * FROM t`
      expect(signal.current()).toBe(before)
      yield* sql`INSERT INTO t VALUES (1)`
      const afterOwn = signal.current()
      expect(afterOwn).not.toBe(before)
      yield* other`INSERT INTO t VALUES (2)`
      expect(signal.current()).not.toBe(afterOwn)
    })
  )

  it.scoped("needs the file to exist: the SQL client creates it", () =>
    Effect.gen(function* () {
      const filename = join(yield* tempDir, "missing.db")
      const exit = yield* Effect.exit(Layer.build(DataVersion.layerFile(filename, 100)))
      expect(exit._tag).toBe("Failure")
    })
  )
})
