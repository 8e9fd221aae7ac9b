/**
 * The `ChangeSignal` of a PostgreSQL database that several instances share. Every statement that writes providers
 * bumps a counter and notifies `switchboard_changes` (see `Migrations`); this instance listens on a connection of its
 * own, and each notification moves the signal, so a change made anywhere empties this instance's read cache a few
 * milliseconds after its commit. A notification can be missed (the listening connection drops, the server restarts),
 * so the counter is also read every `pollMs`: a count this instance has not seen moves the signal too.
 *
 * While the database is unreachable the signal stands still, so the cache keeps answering from memory what it had
 * (the gateway keeps serving known providers); the first poll after the database returns catches up.
 */
import type { SqlClient } from "@effect/sql"
import { Effect, Layer, Redacted, Schedule } from "effect"
import pg from "pg"
import { ChangeSignal } from "../ChangeSignal"
import { changesChannel } from "./Migrations"

/** How often the counter is read: the longest a missed notification can leave a cache stale. */
export const pollMs = 500

/** How long the listening connection waits to connect before trying again. */
const connectTimeoutMs = 3_000

/** Holds one listening connection until it fails or ends, calling `onNotify` for each notification. */
const listenOnce = (url: Redacted.Redacted, onNotify: () => void) =>
  Effect.acquireRelease(
    Effect.tryPromise(async () => {
      const client = new pg.Client({ connectionString: Redacted.value(url), connectionTimeoutMillis: connectTimeoutMs })
      // Until `waitForEnd` listens: an error in between must not be an uncaught exception.
      client.on("error", () => {})
      try {
        await client.connect()
        client.on("notification", onNotify)
        await client.query(`LISTEN ${changesChannel}`)
        return client
      } catch (error) {
        void client.end().catch(() => {})
        throw error
      }
    }),
    (client) => Effect.promise(() => client.end().catch(() => {})).pipe(Effect.timeoutOption(1_000))
  ).pipe(
    Effect.flatMap((client) =>
      Effect.async<never, Error>((resume) => {
        client.once("error", (error) => resume(Effect.fail(error)))
        client.once("end", () => resume(Effect.fail(new Error("the listening connection ended"))))
      })
    ),
    Effect.scoped
  )

/** The signal for the database at `url`, whose counter `sql` reads. */
export const make = (url: Redacted.Redacted, sql: SqlClient.SqlClient) =>
  Effect.gen(function* () {
    let version = 0
    let seen: string | undefined
    const bump = () => {
      version++
    }

    yield* listenOnce(url, bump).pipe(Effect.retry(Schedule.spaced(`${pollMs} millis`)), Effect.forkScoped)

    const poll = Effect.flatMap(sql<{ readonly counter: string }>`SELECT counter FROM changes WHERE id = 1`, (rows) =>
      Effect.sync(() => {
        const counter = rows[0]?.counter
        if (counter !== seen) {
          if (seen !== undefined) bump()
          seen = counter
        }
      })
    )
    yield* poll.pipe(
      Effect.ignore,
      Effect.repeat(Schedule.spaced(`${pollMs} millis`)),
      Effect.interruptible,
      Effect.forkScoped
    )

    return ChangeSignal.of({ current: () => version })
  })

/** The signal as a layer (see `make`); it needs the migrated database's `SqlClient`. */
export const layer = (url: Redacted.Redacted, sql: SqlClient.SqlClient): Layer.Layer<ChangeSignal> =>
  Layer.scoped(ChangeSignal, make(url, sql))
