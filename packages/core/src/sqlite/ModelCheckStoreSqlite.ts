/**
 * `ModelCheckStore` on the SQLite database: one row per provider, model and key (`model_checks`, see `Migrations`),
 * the result as JSON (keys only masked), removed with its provider by the foreign key. The statements are plain SQL
 * PostgreSQL runs too, so `pg/ModelCheckStorePg` is this store with PostgreSQL's failures.
 */
import { SqlClient } from "@effect/sql"
import { Effect, Layer, Schema } from "effect"
import { NotFound, type StorageError } from "../domain/Errors"
import { ModelCheck } from "../domain/ModelCheck"
import type { ProviderId } from "../domain/Provider"
import { KeyCheck } from "../domain/VerifyReport"
import { ModelCheckStore } from "../ModelCheckStore"
import { storageError as sqliteStorageError } from "./SqliteFailure"

const ResultJson = Schema.parseJson(KeyCheck)

interface Row {
  readonly model_id: string
  readonly checked_at: string
  readonly result: string
}

const Stored = Schema.Struct({ model_id: Schema.String, checked_at: Schema.DateTimeUtc, result: ResultJson })

/** The store on the `SqlClient` in context, its failures read by `storageError`. */
export const makeWith = (storageError: (operation: string, cause: unknown) => StorageError) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient

    const save = Effect.fn("ModelCheckStore.save")(function* (id: ProviderId, checks: ReadonlyArray<ModelCheck>) {
      const operation = `save the model checks of "${id}"`
      const failed = (cause: unknown) => storageError(operation, cause)
      const rows = yield* Effect.forEach(checks, (check) =>
        Effect.map(
          Schema.encode(Stored)({ model_id: check.modelId, checked_at: check.checkedAt, result: check.result }),
          (row) => ({
            ...row,
            key_id: check.result.keyId ?? ""
          })
        )
      ).pipe(Effect.mapError(failed))
      // The provider's row is checked in the same statement: a result never outlives its provider.
      yield* sql
        .withTransaction(
          Effect.forEach(rows, (row) =>
            Effect.flatMap(
              sql`INSERT INTO model_checks (provider_id, model_id, key_id, checked_at, result)
                SELECT ${id}, ${row.model_id}, ${row.key_id}, ${row.checked_at}, ${row.result}
                WHERE EXISTS (SELECT 1 FROM providers WHERE id = ${id})
                ON CONFLICT (provider_id, model_id, key_id)
                DO UPDATE SET checked_at = excluded.checked_at, result = excluded.result
                RETURNING model_id`,
              (written) => (written.length === 0 ? Effect.fail(new NotFound({ entity: "provider", id })) : Effect.void)
            )
          )
        )
        .pipe(Effect.catchTag("SqlError", (error) => Effect.fail(failed(error))))
    })

    const list = Effect.fn("ModelCheckStore.list")(function* (id: ProviderId) {
      const operation = `read the model checks of "${id}"`
      const rows = yield* sql<Row>`SELECT model_id, checked_at, result FROM model_checks
        WHERE provider_id = ${id} ORDER BY model_id, key_id`.pipe(
        Effect.mapError((error) => storageError(operation, error))
      )
      return yield* Effect.forEach(rows, (row) =>
        Effect.map(
          Schema.decode(Stored)(row),
          (decoded) =>
            new ModelCheck({ modelId: decoded.model_id, checkedAt: decoded.checked_at, result: decoded.result })
        )
      ).pipe(Effect.mapError((error) => storageError(operation, error)))
    })

    return ModelCheckStore.of({ save, list })
  })

export const make = makeWith(sqliteStorageError)

export const layer: Layer.Layer<ModelCheckStore, never, SqlClient.SqlClient> = Layer.effect(ModelCheckStore, make)
