/**
 * `switchboard db copy`: moves an embedded setup (a SQLite file) into a PostgreSQL database, so a team can start
 * several instances on what one of them had. Rows are copied as they are, column for column (the two schemas are the
 * same, see `Migrations`): API keys stay sealed, so the instances on the target must use the master key of the source
 * (its `master.key`, given as `SWITCHBOARD_MASTER_KEY`), which the copied key-check value then confirms at their start.
 *
 * The copy is one transaction on the target: all or nothing. A target that already holds providers or conversations
 * is refused unless `overwrite`, which replaces them. Rows are read in pages, so a long history is never all in memory.
 */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer, type Redacted } from "effect"
import { existsSync } from "node:fs"
import { InvalidInput } from "../domain/Errors"
import * as SqliteDatabase from "../sqlite/Database"
import { storageError as sqliteStorageError } from "../sqlite/SqliteFailure"
import * as Database from "./Database"
import { lockedTransaction, storageError } from "./PgFailure"

/**
 * The tables that hold a setup, parents first (check results reference providers, messages conversations). A table
 * added to both schemas is added here too; the copy test fails until it is (`test/pg/Copy.test.ts`).
 */
export const tables = ["providers", "key_check", "model_checks", "conversations", "messages"] as const

/** Rows per page read and per `INSERT`: a few thousand parameters, far below PostgreSQL's 65,535. */
const pageRows = 500

export type Copied = Readonly<Record<(typeof tables)[number], number>>

/** Copies `table`'s rows from `source` to `target` in SQLite's `rowid` order (the creation order), page by page. */
const copyTable = (source: SqlClient.SqlClient, target: SqlClient.SqlClient, table: string) =>
  Effect.gen(function* () {
    let after = 0
    let copied = 0
    for (;;) {
      const page = yield* source
        .unsafe<Record<string, unknown>>(
          `SELECT rowid AS copy_rowid, * FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ${pageRows}`,
          [after]
        )
        .pipe(
          // The target's open transaction is in the context, and any client would run on it: not this one.
          Effect.mapInputContext((context: Context.Context<never>) =>
            Context.omit(SqlClient.TransactionConnection)(context)
          ),
          Effect.mapError((error) => sqliteStorageError(`read ${table} from the SQLite file`, error))
        )
      if (page.length === 0) return copied
      after = Number(page[page.length - 1]!.copy_rowid)
      const rows = page.map(({ copy_rowid: _, ...row }) => row)
      yield* target`INSERT INTO ${target(table)} ${target.insert(rows)}`
      copied += rows.length
    }
  })

/** What the target holds already, by table, counted as numbers (PostgreSQL counts in bigint, given as strings). */
const counts = (target: SqlClient.SqlClient) =>
  Effect.map(
    target<{ readonly providers: string; readonly conversations: string }>`SELECT
      (SELECT COUNT(*) FROM providers) AS providers, (SELECT COUNT(*) FROM conversations) AS conversations`,
    ([row]) => ({ providers: Number(row?.providers ?? 0), conversations: Number(row?.conversations ?? 0) })
  )

/**
 * Copies the SQLite database `from` into the PostgreSQL database at `to` (migrated first), replacing what is there
 * only if `overwrite`. Gives how many rows of each table were copied.
 */
export const copy = (from: string, to: Redacted.Redacted, overwrite: boolean) =>
  Effect.gen(function* () {
    if (!existsSync(from)) {
      return yield* new InvalidInput({ field: "from", problem: `there is no SQLite database at ${from}` })
    }
    const source = Context.get(yield* Layer.build(SqliteDatabase.layerFile(from)), SqlClient.SqlClient)
    const target = Context.get(yield* Layer.build(Database.layerClient(to)), SqlClient.SqlClient)
    yield* Effect.provideService(Database.migrate, SqlClient.SqlClient, target)
    const held = yield* counts(target).pipe(Effect.mapError((error) => storageError("read the target", error)))
    if (!overwrite && (held.providers > 0 || held.conversations > 0)) {
      return yield* new InvalidInput({
        field: "to",
        problem:
          `the PostgreSQL database already holds ${held.providers} providers and ${held.conversations} ` +
          "conversations; pass --overwrite to replace them with the copy"
      })
    }
    return yield* Effect.gen(function* () {
      // Children first, so no reference is left dangling while the rest goes.
      for (const table of [...tables].reverse()) yield* target.unsafe(`DELETE FROM ${table}`)
      const copied: Record<string, number> = {}
      for (const table of tables) copied[table] = yield* copyTable(source, target, table)
      return copied as Copied
    }).pipe(
      // Every instance's writes wait for the copy, as they would for any other writer.
      lockedTransaction(target, "switchboard.providers", "copy into the PostgreSQL database")
    )
  }).pipe(Effect.scoped)
