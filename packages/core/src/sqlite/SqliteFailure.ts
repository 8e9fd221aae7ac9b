/**
 * SQLite's failures as the core's `StorageError`, at the one boundary every SQLite store shares. The driver's result
 * code (`SQLITE_FULL`, `SQLITE_BUSY`, …) decides the `reason` and the words a user reads ("the disk is full"), so a
 * full disk is reported as a full disk, not as an unexpected server error.
 *
 * `@effect/sql` turns a failing `COMMIT` or `ROLLBACK` into a defect (`Effect.orDie`), and both happen on a full disk:
 * `transaction` maps those defects too (see there).
 */
import { type SqlClient, SqlError } from "@effect/sql"
import { Cause, Effect, Option } from "effect"
import { StorageError, type StorageErrorReason } from "../domain/Errors"

/** What a database's failure code says: the reason frontends switch on, and the words a user reads. */
export interface Known {
  readonly reason: StorageErrorReason
  readonly words: string
}

// Extended codes (`SQLITE_IOERR_WRITE`, `SQLITE_READONLY_DBMOVED`) are matched by their primary code's prefix.
const known: ReadonlyArray<readonly [string, Known]> = [
  ["SQLITE_FULL", { reason: "DiskFull", words: "the disk is full" }],
  ["SQLITE_BUSY", { reason: "Busy", words: "the database is locked by another process" }],
  ["SQLITE_LOCKED", { reason: "Busy", words: "the database is locked" }],
  ["SQLITE_READONLY", { reason: "ReadOnly", words: "the database file is read-only" }],
  ["SQLITE_PERM", { reason: "ReadOnly", words: "permission to the database file was denied" }],
  ["SQLITE_CORRUPT", { reason: "Damaged", words: "the database file is damaged" }],
  ["SQLITE_NOTADB", { reason: "Damaged", words: "the file is not a SQLite database" }],
  ["SQLITE_IOERR", { reason: "Io", words: "the disk reported an input/output error" }],
  ["SQLITE_CANTOPEN", { reason: "Io", words: "the database file cannot be opened" }],
  ["SQLITE_NOMEM", { reason: "Io", words: "SQLite ran out of memory" }]
]

const isRecord = (value: unknown): value is { readonly message?: unknown; readonly cause?: unknown; code?: unknown } =>
  typeof value === "object" && value !== null

/** The errors along `cause`'s chain (a `Cause` is squashed), outermost first, at most five. */
export const chain = (cause: unknown): ReadonlyArray<unknown> => {
  const links: Array<unknown> = []
  for (let current = cause; current !== undefined && links.length < 5; ) {
    if (Cause.isCause(current)) current = Cause.squash(current)
    links.push(current)
    current = isRecord(current) ? current.cause : undefined
  }
  return links
}

/** What is known about the SQLite result code somewhere along `cause`'s chain, if any. */
export const classify = (cause: unknown): Known | undefined => {
  for (const link of chain(cause)) {
    const code = isRecord(link) && typeof link.code === "string" ? link.code : undefined
    const match = code === undefined ? undefined : known.find(([prefix]) => code.startsWith(prefix))
    if (match !== undefined) return match[1]
  }
  return undefined
}

/** Every distinct message along `cause`'s chain: the driver's own ("database or disk is full") is the last. */
export const describe = (cause: unknown): string => {
  const messages: Array<string> = []
  for (const link of chain(cause)) {
    const message = link instanceof Error || isRecord(link) ? String(link.message ?? "") : String(link)
    if (message !== "" && !messages.includes(message)) messages.push(message)
  }
  return messages.join(": ") || "unknown error"
}

/** The `StorageError` for a `cause` while trying to `operation`, its reason and words from what `classify` knows. */
export const storageErrorFrom =
  (classifier: (cause: unknown) => Known | undefined) =>
  (operation: string, cause: unknown): StorageError => {
    const found = classifier(cause)
    const detail = describe(cause)
    return found === undefined
      ? new StorageError({ operation, detail })
      : new StorageError({ operation, detail: `${found.words} (${detail})`, reason: found.reason })
  }

/** The `StorageError` for `cause` while trying to `operation`, its reason and words from the SQLite code. */
export const storageError = storageErrorFrom(classify)

const isSqlError = (value: unknown): value is SqlError.SqlError => value instanceof SqlError.SqlError

/**
 * Runs `body` in `sql`'s transaction, every `SqlError` out of it (failure or defect) a `StorageError` for `operation`.
 *
 * Two defects need care. When a statement fails with `SQLITE_FULL` (or another error that makes SQLite roll back on
 * its own), the `ROLLBACK` that follows dies with "no transaction is active" and the statement's error is dropped:
 * that first error is kept here and reported. When the `COMMIT` itself fails, SQLite may leave the transaction open:
 * it is rolled back here, so the next transaction can begin.
 */
export const transaction =
  (sql: SqlClient.SqlClient, operation: string) =>
  <A, E, R>(body: Effect.Effect<A, E, R>): Effect.Effect<A, Exclude<E, SqlError.SqlError> | StorageError, R> =>
    Effect.suspend(() => {
      let failed: StorageError | undefined
      const mapped = Effect.catchIf(body, isSqlError, (error) => {
        failed = storageError(operation, error)
        return Effect.fail(failed)
      })
      return sql.withTransaction(mapped).pipe(
        Effect.catchIf(isSqlError, (error) => Effect.fail(storageError(operation, error))),
        Effect.catchSomeDefect((defect) => {
          if (!isSqlError(defect)) return Option.none()
          if (failed !== undefined) return Option.some(Effect.fail(failed))
          return Option.some(
            Effect.zipRight(Effect.ignore(sql`ROLLBACK`), Effect.fail(storageError(operation, defect)))
          )
        })
      )
    }) as Effect.Effect<A, Exclude<E, SqlError.SqlError> | StorageError, R>
