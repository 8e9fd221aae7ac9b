/**
 * PostgreSQL's failures as the core's `StorageError`, at the one boundary every PostgreSQL store shares. A server that
 * cannot be reached (refused, reset, shut down, too many connections) is `Unreachable`, whose advice names
 * `SWITCHBOARD_DATABASE_URL`; otherwise the SQLSTATE decides the reason where one fits.
 */
import { type SqlClient, SqlError } from "@effect/sql"
import { Effect, Option } from "effect"
import type { StorageError } from "../domain/Errors"
import { chain, type Known, storageErrorFrom } from "../sqlite/SqliteFailure"

const unreachable: Known = { reason: "Unreachable", words: "the database server is unreachable" }

// SQLSTATE prefixes: class 08 is "connection exception", 57P0x the server shutting down or starting.
const sqlStates: ReadonlyArray<readonly [string, Known]> = [
  ["08", unreachable],
  ["57P", unreachable],
  ["53300", unreachable],
  ["53100", { reason: "DiskFull", words: "the database server's disk is full" }],
  ["25006", { reason: "ReadOnly", words: "the database is read-only" }],
  ["40001", { reason: "Busy", words: "a concurrent transaction got in the way" }],
  ["40P01", { reason: "Busy", words: "a concurrent transaction got in the way" }]
]

// What node-postgres and Node's sockets say when there is no server to talk to.
const socketCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EPIPE"])
const lostConnection = /connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable/i

/** What is known about a PostgreSQL failure somewhere along `cause`'s chain, if any. */
export const classify = (cause: unknown): Known | undefined => {
  for (const link of chain(cause)) {
    if (typeof link !== "object" || link === null) continue
    const code = "code" in link && typeof link.code === "string" ? link.code : undefined
    if (code !== undefined && socketCodes.has(code)) return unreachable
    const match = code === undefined ? undefined : sqlStates.find(([prefix]) => code.startsWith(prefix))
    if (match !== undefined) return match[1]
    if ("message" in link && lostConnection.test(String(link.message))) return unreachable
  }
  return undefined
}

/** The `StorageError` for `cause` while trying to `operation`. */
export const storageError = storageErrorFrom(classify)

const isSqlError = (value: unknown): value is SqlError.SqlError => value instanceof SqlError.SqlError

/**
 * Runs `body` in `sql`'s transaction, every `SqlError` out of it a `StorageError` for `operation`; a `COMMIT` or
 * `ROLLBACK` on a connection that died (a defect in `@effect/sql`) too.
 */
export const transaction =
  (sql: SqlClient.SqlClient, operation: string) =>
  <A, E, R>(body: Effect.Effect<A, E, R>): Effect.Effect<A, Exclude<E, SqlError.SqlError> | StorageError, R> =>
    sql.withTransaction(body).pipe(
      Effect.catchIf(isSqlError, (error) => Effect.fail(storageError(operation, error))),
      Effect.catchSomeDefect((defect) =>
        isSqlError(defect) ? Option.some(Effect.fail(storageError(operation, defect))) : Option.none()
      )
    ) as Effect.Effect<A, Exclude<E, SqlError.SqlError> | StorageError, R>

/**
 * Runs `body` in a transaction that first takes the transaction-scoped advisory lock `lock`, so writers on every
 * instance take turns, as SQLite's one writer does, and each reads what the writer before it committed.
 */
export const lockedTransaction =
  (sql: SqlClient.SqlClient, lock: string, operation: string) =>
  <A, E, R>(body: Effect.Effect<A, E, R>) =>
    transaction(sql, operation)(Effect.zipRight(sql`SELECT pg_advisory_xact_lock(hashtext(${lock}))`, body))
