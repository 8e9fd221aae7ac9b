/**
 * Whether the store answers right now, for `/healthz`: a load balancer takes an instance whose database is unreachable
 * out of rotation for writes, and an operator reads why. A round trip of the cheapest statement, bounded in time, so
 * a server that stopped answering is reported within seconds rather than when the connection gives up.
 */
import { SqlClient } from "@effect/sql"
import { Context, Effect, Layer } from "effect"
import { StorageError } from "./domain/Errors"

export interface StoreHealthService {
  /** Succeeds when the store answered within `timeoutMs`; otherwise the storage error saying why not. */
  readonly check: Effect.Effect<void, StorageError>
}

export class StoreHealth extends Context.Tag("@switchboard/core/StoreHealth")<StoreHealth, StoreHealthService>() {}

/** How long the check waits for an answer. */
export const timeoutMs = 2_000

/** The check on the `SqlClient` in context, its failures read by `storageError` (each database's own). */
export const layerSql = (
  storageError: (operation: string, cause: unknown) => StorageError
): Layer.Layer<StoreHealth, never, SqlClient.SqlClient> =>
  Layer.effect(
    StoreHealth,
    Effect.map(SqlClient.SqlClient, (sql) =>
      StoreHealth.of({
        check: sql`SELECT 1`.pipe(
          Effect.asVoid,
          Effect.mapError((error) => storageError("check the database", error)),
          Effect.timeoutFail({
            duration: timeoutMs,
            onTimeout: () =>
              new StorageError({
                operation: "check the database",
                detail: `the database did not answer within ${timeoutMs} ms`,
                reason: "Unreachable"
              })
          })
        )
      })
    )
  )

/** Always healthy: the in-memory stores of tests. */
export const layerMemory: Layer.Layer<StoreHealth> = Layer.succeed(StoreHealth, StoreHealth.of({ check: Effect.void }))
