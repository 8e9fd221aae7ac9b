/**
 * The embedded SQLite database: `switchboard.db` in the data directory, opened once per process and migrated at
 * start. The server and the TUI may have it open at the same time, so it runs in WAL mode (readers never block the
 * writer) with a busy timeout (a writer waits for the other process's write instead of failing at once).
 */
import { NodeContext } from "@effect/platform-node"
import * as Reactivity from "@effect/experimental/Reactivity"
import { SqlClient } from "@effect/sql"
import { SqliteClient, SqliteMigrator } from "@effect/sql-sqlite-node"
import { Config, type ConfigError, Context, Effect, Layer, Option } from "effect"
import { statSync } from "node:fs"
import { basename, join } from "node:path"
import type { ChangeSignal } from "../ChangeSignal"
import { DataDir } from "../DataDir"
import * as DataVersion from "./DataVersion"
import { StorageError } from "../domain/Errors"
import { migrations } from "./Migrations"
import { storageError } from "./SqliteFailure"

/** Name of the database file inside the data directory. */
export const fileName = "switchboard.db"

/** How long a write waits for another process's write before failing: far longer than any of our transactions. */
export const busyTimeoutMs = 5_000

const failure = (operation: string, filename: string) => (cause: unknown) =>
  storageError(`${operation} ${filename}`, cause)

const sizeOf = (path: string): number => {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

/**
 * Refuses a database file that is missing or empty while its write-ahead log still holds data (the file was truncated,
 * replaced or restored without its `-wal`). SQLite would open it as a new, empty database and throw the log away;
 * starting empty over data the user still has is never right, so the user decides what to restore instead.
 */
export const checkFilesAgree = (filename: string): Effect.Effect<void, StorageError> =>
  Effect.suspend(() => {
    const wal = sizeOf(`${filename}-wal`)
    if (wal === 0 || sizeOf(filename) > 0) return Effect.void
    return new StorageError({
      operation: `open the database ${filename}`,
      detail:
        `the database file is missing or empty, but ${basename(filename)}-wal beside it still holds ${wal} bytes of ` +
        "data, so the files disagree and opening would start an empty store and discard that data. Restore the " +
        "database file from a backup, or move both files out of the data directory to start with an empty store",
      reason: "Damaged"
    })
  })

// Opening throws (a defect in the client) for a file that is not a database or cannot be created; both become a
// StorageError so a frontend can tell the user which file is wrong.
const open = (filename: string, maxPages: Option.Option<number>) =>
  Effect.gen(function* () {
    yield* checkFilesAgree(filename)
    const client = yield* SqliteClient.make({ filename }).pipe(
      Effect.catchAllDefect((defect) => Effect.fail(failure("open the database", filename)(defect)))
    )
    if (Option.isSome(maxPages)) yield* client.unsafe(`PRAGMA max_page_count = ${maxPages.value}`)
    // Per connection, before anything else: `busy_timeout` first so the other pragmas also wait for a busy file.
    yield* client.unsafe(`PRAGMA busy_timeout = ${busyTimeoutMs}`)
    yield* client`PRAGMA foreign_keys = ON`
    // Freed pages are zeroed, so a sealed-over or deleted value (a legacy plain header, a removed provider) leaves no
    // readable copy in the file.
    yield* client`PRAGMA secure_delete = ON`
    const [mode] = yield* client<{ journal_mode: string }>`PRAGMA journal_mode`
    if (mode?.journal_mode !== "wal") {
      return yield* failure("open the database", filename)(`journal mode is ${mode?.journal_mode}, expected wal`)
    }
    return Context.make(SqliteClient.SqliteClient, client).pipe(Context.add(SqlClient.SqlClient, client))
  }).pipe(Effect.catchTag("SqlError", (error) => Effect.fail(failure("open the database", filename)(error))))

// The migrator reads which migrations ran, then writes. If the server and the TUI start together on a new data
// directory, the second to write would fail at once with "database is locked" (see `ProviderStoreSqlite`'s
// `writeTransaction`), so the whole run sits in a transaction whose first statement takes the write lock; the
// migrator's own transaction becomes a savepoint inside it. The second process then waits, and finds nothing to do.
const migrate = (filename: string) =>
  Layer.effectDiscard(
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const run = SqliteMigrator.run({ loader: SqliteMigrator.fromRecord(migrations) })
      // `user_version` is unused by Switchboard; setting it is simply a write that needs no table.
      yield* sql.withTransaction(Effect.zipRight(sql`PRAGMA user_version = 0`, run))
    }).pipe(
      // A failing migration is a defect inside the migrator; it still means "this database cannot be used".
      Effect.catchAllDefect((defect) => Effect.fail(defect)),
      Effect.mapError(failure("migrate the database", filename))
    )
  ).pipe(Layer.provide(NodeContext.layer))

/**
 * The database in the file `filename` (created if missing), migrated to the latest schema, and its `ChangeSignal`
 * (SQLite's `data_version`, see `DataVersion`); `maxPages` caps its size (drills and tests of a full disk).
 */
export const layerFile = (
  filename: string,
  maxPages: Option.Option<number> = Option.none()
): Layer.Layer<SqlClient.SqlClient | SqliteClient.SqliteClient | ChangeSignal, StorageError> =>
  // The counter's connection opens once the client has created and migrated the file.
  DataVersion.layerFile(filename, busyTimeoutMs).pipe(
    Layer.provideMerge(
      migrate(filename).pipe(
        Layer.provideMerge(Layer.scopedContext(open(filename, maxPages))),
        Layer.provide(Reactivity.layer)
      )
    )
  )

/**
 * For drills only: `SWITCHBOARD_TEST_MAX_DB_PAGES` caps the file at that many pages (SQLite's `max_page_count`), so
 * a full disk can be met on purpose (`bench/drills/damaged-files.test.ts`). Unset, the file grows as the disk allows.
 */
const maxPagesConfig = Config.integer("SWITCHBOARD_TEST_MAX_DB_PAGES").pipe(
  Config.validate({
    message: "SWITCHBOARD_TEST_MAX_DB_PAGES must be a positive number of pages",
    validation: (pages) => pages > 0
  })
)

/** The database `switchboard.db` in the data directory. */
export const layer: Layer.Layer<
  SqlClient.SqlClient | SqliteClient.SqliteClient | ChangeSignal,
  StorageError | ConfigError.ConfigError,
  DataDir
> = Layer.unwrapEffect(
  Effect.gen(function* () {
    const dataDir = yield* DataDir
    return layerFile(join(dataDir.path, fileName), yield* Config.option(maxPagesConfig))
  })
)
