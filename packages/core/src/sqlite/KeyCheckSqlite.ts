/**
 * The key check (`KeyCheck`) on the embedded SQLite database: the value sits in the one-row table `key_check`, and the
 * sealed secrets are read from the providers' documents. As a layer it runs at start, so the wrong master key stops
 * the app before it serves anything.
 */
import { SqlClient } from "@effect/sql"
import { Effect, Layer, Option } from "effect"
import type { StorageError } from "../domain/Errors"
import * as KeyCheck from "../KeyCheck"
import { sealedValues } from "../ProviderDocument"
import type { Secrets } from "../Secrets"
import { storageError } from "./SqliteFailure"

/**
 * The check value's storage in `sql`, its failures read by `storageError`: the statements are plain SQL that
 * PostgreSQL runs too (`pg/KeyCheckPg`).
 */
export const makeWith = (storageError: (operation: string, cause: unknown) => StorageError) =>
  Effect.map(SqlClient.SqlClient, (sql): KeyCheck.KeyCheckStore => {
    const failure = (operation: string) => (error: unknown) => storageError(operation, error)
    return {
      read: sql<{ value: string }>`SELECT value FROM key_check WHERE id = 1`.pipe(
        Effect.map((rows) => Option.fromNullable(rows[0]?.value)),
        Effect.mapError(failure("read the key check"))
      ),
      write: (sealed) =>
        sql`INSERT INTO key_check (id, value) VALUES (1, ${sealed})
        ON CONFLICT (id) DO UPDATE SET value = excluded.value`.pipe(
          Effect.asVoid,
          Effect.mapError(failure("write the key check"))
        ),
      anySealed: sql<{ document: string }>`SELECT document FROM providers ORDER BY position, id`.pipe(
        Effect.map((rows) => {
          for (const row of rows) {
            const [first] = sealedValues(row.document)
            if (first !== undefined) return Option.some(first)
          }
          return Option.none()
        }),
        Effect.mapError(failure("read the sealed keys"))
      )
    }
  })

/** The check value's storage in the SQLite database. */
export const make = makeWith(storageError)

/** Checks the master key at start (see `KeyCheck.verify`); fails the layer with the reason when it is the wrong one. */
export const layer: Layer.Layer<never, StorageError, SqlClient.SqlClient | Secrets> = Layer.effectDiscard(
  Effect.flatMap(make, KeyCheck.verify)
)
