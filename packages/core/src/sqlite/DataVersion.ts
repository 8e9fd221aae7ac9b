/**
 * The `ChangeSignal` of a SQLite database file: SQLite's `PRAGMA data_version`, which changes whenever anyone commits
 * to the file (this process, or another one on it: the server and the TUI share it). It is read on a connection of its
 * own, because that pragma ignores the commits of the connection that asks. Reading it costs a few microseconds
 * against tens for a query through the SQL client, so a cache can check it on every read and still never serve a
 * stale row.
 */
import Sqlite from "better-sqlite3"
import { Effect, Layer } from "effect"
import { ChangeSignal } from "../ChangeSignal"

/**
 * The counter of the database file `filename`, which must exist (the SQL client created it). `busyTimeoutMs` is the
 * database's own (see `Database`), passed in so that this module does not import the one that builds it.
 */
export const layerFile = (filename: string, busyTimeoutMs: number): Layer.Layer<ChangeSignal> =>
  Layer.scoped(
    ChangeSignal,
    Effect.map(
      Effect.acquireRelease(
        Effect.sync(() => {
          const connection = new Sqlite(filename, { fileMustExist: true })
          connection.pragma(`busy_timeout = ${busyTimeoutMs}`)
          return connection
        }),
        (connection) => Effect.sync(() => connection.close())
      ),
      (connection) => {
        const read = connection.prepare<[], number>("PRAGMA data_version").pluck()
        return ChangeSignal.of({ current: () => read.get() as number })
      }
    )
  )
