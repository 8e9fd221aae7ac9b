import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Layer } from "effect"
import { copyFileSync, existsSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { StorageError } from "../../src/domain/Errors"
import * as Database from "../../src/sqlite/Database"
import { tempDir } from "../support/tempDir"

/** A write-ahead log that holds data: copied from a live database whose last commit is not yet checkpointed. */
const liveWal = Effect.gen(function* () {
  const dir = yield* tempDir
  const filename = join(dir, Database.fileName)
  const sql = Context.get(yield* Layer.build(Database.layerFile(filename)), SqlClient.SqlClient)
  yield* sql`CREATE TABLE kept (value TEXT)`
  yield* sql`INSERT INTO kept VALUES ('precious')`
  expect(statSync(`${filename}-wal`).size).toBeGreaterThan(0)
  return `${filename}-wal`
})

const open = (filename: string) => Effect.exit(Effect.scoped(Layer.build(Database.layerFile(filename))))

describe("Database", () => {
  it.scoped("refuses an empty or missing database file beside a -wal that holds data, and changes neither", () =>
    Effect.gen(function* () {
      const wal = yield* liveWal
      for (const emptyFile of [true, false]) {
        const dir = yield* tempDir
        const filename = join(dir, Database.fileName)
        if (emptyFile) writeFileSync(filename, "")
        copyFileSync(wal, `${filename}-wal`)
        const walSize = statSync(`${filename}-wal`).size

        const failure = yield* Effect.flip(Effect.scoped(Layer.build(Database.layerFile(filename))))
        expect(failure).toBeInstanceOf(StorageError)
        expect(failure.reason).toBe("Damaged")
        expect(failure.message).toContain("switchboard.db-wal beside it still holds")
        expect(failure.message).toContain("Restore the database file from a backup")
        // Nothing was created or discarded.
        expect(statSync(`${filename}-wal`).size).toBe(walSize)
        expect(existsSync(filename)).toBe(emptyFile)
      }
    })
  )

  it.scoped("opens a new data directory, and an empty database file with no log", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      expect((yield* open(join(dir, "new.db")))._tag).toBe("Success")
      writeFileSync(join(dir, Database.fileName), "")
      expect((yield* open(join(dir, Database.fileName)))._tag).toBe("Success")
    })
  )
})
