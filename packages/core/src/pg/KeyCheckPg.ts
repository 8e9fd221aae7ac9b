/**
 * The key check (`KeyCheck`) on a PostgreSQL database several instances share. It is strict: a check value written
 * with another master key refuses the start even before any key is stored, since another instance may be about to
 * seal with it; and instances starting together take turns on an advisory lock, so the first writes the value and
 * the others check against it. No instance ever seals with a second master key.
 */
import { SqlClient } from "@effect/sql"
import { Effect, Layer } from "effect"
import { StorageError } from "../domain/Errors"
import * as KeyCheck from "../KeyCheck"
import type { Secrets } from "../Secrets"
import { makeWith } from "../sqlite/KeyCheckSqlite"
import { lockedTransaction, storageError } from "./PgFailure"

/** The check value's storage: the same one-row table as SQLite's, read and written by the same statements. */
export const make = makeWith(storageError)

/** The start refused: this instance's `SWITCHBOARD_MASTER_KEY` is not the one the database was set up with. */
export const wrongMasterKey = new StorageError({
  operation: "start",
  detail:
    "SWITCHBOARD_MASTER_KEY is not the master key this PostgreSQL database was set up with (its key-check value does " +
    "not open with it). Every instance sharing the database must use the same SWITCHBOARD_MASTER_KEY",
  reason: "MasterKey"
})

/** Checks the master key at start; fails the layer with `wrongMasterKey` when it is not the database's. */
export const layer: Layer.Layer<never, StorageError, SqlClient.SqlClient | Secrets> = Layer.effectDiscard(
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const store = yield* make
    yield* lockedTransaction(sql, "switchboard.key-check", "check the master key")(KeyCheck.verifyShared(store))
  }).pipe(
    Effect.catchIf(
      (error) => error.reason === "MasterKey",
      () => Effect.fail(wrongMasterKey)
    )
  )
)
