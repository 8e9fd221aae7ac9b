/**
 * Key cooldowns shared through the PostgreSQL database (`key_cooldowns`, see `Migrations`). Recording writes the
 * row in the background, so the request that met the 401 or 429 does not wait on it; every `refreshMs` the
 * cooldowns still running are read back, so a key another instance cooled down is skipped here within that time.
 * While the database is unreachable the last known cooldowns stay in force, and this instance's own stay local.
 */
import { SqlClient } from "@effect/sql"
import { Clock, Effect, Layer, Schedule } from "effect"
import { KeyCooldowns } from "../KeyCooldowns"

/** How often the running cooldowns are read: the longest another instance's cooldown takes to reach this one. */
export const refreshMs = 1_000

export const make = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const scope = yield* Effect.scope
  let current: ReadonlyMap<string, number> = new Map()

  // BIGINT arrives as a string.
  const refresh = Effect.flatMap(Clock.currentTimeMillis, (now) =>
    Effect.map(
      sql<{ readonly slot: string; readonly until_ms: string }>`
        SELECT slot, until_ms FROM key_cooldowns WHERE until_ms > ${now}`,
      (rows) => {
        current = new Map(rows.map((row) => [row.slot, Number(row.until_ms)]))
      }
    )
  )
  yield* refresh.pipe(Effect.ignore, Effect.repeat(Schedule.spaced(`${refreshMs} millis`)), Effect.forkScoped)

  const record = (slot: string, untilMs: number) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) =>
      sql`INSERT INTO key_cooldowns (slot, until_ms) VALUES (${slot}, ${untilMs})
        ON CONFLICT (slot) DO UPDATE SET until_ms = GREATEST(key_cooldowns.until_ms, excluded.until_ms)`.pipe(
        // Ended cooldowns are swept by whoever records one, so the table holds only what may still matter.
        Effect.zipRight(sql`DELETE FROM key_cooldowns WHERE until_ms <= ${now}`),
        Effect.ignore,
        Effect.forkIn(scope),
        Effect.asVoid
      )
    )

  return KeyCooldowns.of({ current: () => current, record })
})

/** The shared cooldowns on the database's `SqlClient`. */
export const layer: Layer.Layer<KeyCooldowns, never, SqlClient.SqlClient> = Layer.scoped(KeyCooldowns, make)
