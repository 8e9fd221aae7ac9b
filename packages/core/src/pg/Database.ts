/**
 * The PostgreSQL database several instances share (`SWITCHBOARD_DATABASE_URL=postgres://…`): a connection pool,
 * migrated at start, and its `ChangeSignal` (see `ChangeFeed`). Instances starting together take turns on an advisory
 * lock to migrate, so the second finds nothing to do.
 *
 * Connecting and each statement are bounded, so while the server is unreachable a request fails within seconds with
 * an `Unreachable` storage error instead of hanging; the pool opens new connections once the server is back.
 */
import { NodeContext } from "@effect/platform-node"
import * as Reactivity from "@effect/experimental/Reactivity"
import { SqlClient } from "@effect/sql"
import { PgClient, PgMigrator } from "@effect/sql-pg"
import { Config, Context, Effect, Layer, type Option, Redacted } from "effect"
import pg from "pg"
import type { ChangeSignal } from "../ChangeSignal"
import type { StorageError } from "../domain/Errors"
import * as ChangeFeed from "./ChangeFeed"
import { migrations } from "./Migrations"
import { storageError } from "./PgFailure"

/** The variable that selects PostgreSQL instead of the embedded SQLite file. */
export const urlVariable = "SWITCHBOARD_DATABASE_URL"

/**
 * Bounds that keep an unreachable server from holding a request: opening a connection, and waiting for any answer
 * (far above what any of our statements takes), in milliseconds.
 */
const connectTimeoutMs = 3_000
const queryTimeoutMs = 4_000

const pool = (url: Redacted.Redacted) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const created = new pg.Pool({
        connectionString: Redacted.value(url),
        connectionTimeoutMillis: connectTimeoutMs,
        query_timeout: queryTimeoutMs,
        statement_timeout: queryTimeoutMs,
        idleTimeoutMillis: 30_000,
        max: 10,
        application_name: "switchboard"
      })
      // An idle connection the server dropped is removed by the pool; the next query opens a new one.
      created.on("error", () => {})
      return created
    }),
    (created) => Effect.promise(() => created.end()).pipe(Effect.timeoutOption(1_000))
  )

/** The client on `url`, not migrated (`migrate` is separate for `switchboard db migrate`). */
export const layerClient = (
  url: Redacted.Redacted
): Layer.Layer<SqlClient.SqlClient | PgClient.PgClient, StorageError> =>
  Layer.scopedContext(
    PgClient.fromPool({ acquire: pool(url), applicationName: "switchboard" }).pipe(
      Effect.map((sql) => Context.make(PgClient.PgClient, sql).pipe(Context.add(SqlClient.SqlClient, sql))),
      Effect.mapError((error) => storageError("connect to the PostgreSQL database", error))
    )
  ).pipe(Layer.provide(Reactivity.layer))

/**
 * Runs the migrations not yet run, and gives their names. The migrator locks its table while it runs, so a second
 * instance waits and then finds nothing to do; but two instances on a new database would both create that table, so
 * it is created first here, under an advisory lock, in the migrator's own shape.
 */
export const migrate = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  yield* sql.withTransaction(
    Effect.zipRight(
      sql`SELECT pg_advisory_xact_lock(hashtext('switchboard.migrate'))`,
      sql`CREATE TABLE IF NOT EXISTS effect_sql_migrations (
        migration_id integer primary key,
        created_at timestamp with time zone not null default now(),
        name text not null
      )`
    )
  )
  const ran = yield* PgMigrator.run({ loader: PgMigrator.fromRecord(migrations) })
  return ran.map(([, name]) => name)
}).pipe(
  // A failing migration is a defect inside the migrator; it still means "this database cannot be used".
  Effect.catchAllDefect((defect) => Effect.fail(defect)),
  Effect.mapError((error) => storageError("migrate the PostgreSQL database", error)),
  Effect.provide(NodeContext.layer)
)

/** `switchboard db migrate`: the migrations not yet run on the database at `url`, run, by name. */
export const migrateUrl = (url: Redacted.Redacted): Effect.Effect<ReadonlyArray<string>, StorageError> =>
  Effect.scoped(Effect.flatMap(Layer.build(layerClient(url)), (context) => Effect.provide(migrate, context)))

/** The database at `url`, migrated, and its `ChangeSignal`. */
export const layerUrl = (
  url: Redacted.Redacted
): Layer.Layer<SqlClient.SqlClient | PgClient.PgClient | ChangeSignal, StorageError> =>
  Layer.unwrapEffect(Effect.map(SqlClient.SqlClient, (sql) => ChangeFeed.layer(url, sql))).pipe(
    Layer.provideMerge(Layer.effectDiscard(migrate)),
    Layer.provideMerge(layerClient(url))
  )

/** `SWITCHBOARD_DATABASE_URL`, when set and not blank: the choice of PostgreSQL over SQLite. */
export const urlConfig: Config.Config<Option.Option<Redacted.Redacted>> = Config.option(
  Config.redacted(urlVariable).pipe(
    Config.validate({
      message: `${urlVariable} must be a PostgreSQL URL: postgres://user:password@host:5432/database`,
      validation: (url) => /^postgres(ql)?:\/\/\S+$/.test(Redacted.value(url).trim())
    })
  )
)
