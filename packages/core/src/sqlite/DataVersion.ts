/**
 * A number that changes whenever anyone commits to the database: this process, or another one on the same file (the
 * server and the TUI share it). It is SQLite's `PRAGMA data_version`, read on a connection of its own, because that
 * pragma ignores the commits of the connection that asks. Reading it costs a few microseconds against tens for a
 * query through the SQL client, so a cache can check it on every read and still never serve a stale row.
 */
import Sqlite from "better-sqlite3"
import { Context, Effect, Layer } from "effect"
import { busyTimeoutMs } from "./Database"

export interface DataVersionService {
  readonly current: () => number
}

export class DataVersion extends Context.Tag("@switchboard/core/DataVersion")<DataVersion, DataVersionService>() {}

/** The counter of the database file `filename`, which must exist (the SQL client created it). */
export const layerFile = (filename: string): Layer.Layer<DataVersion> =>
  Layer.scoped(
    DataVersion,
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
        return { current: () => read.get() as number }
      }
    )
  )
