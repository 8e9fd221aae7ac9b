/**
 * A fresh, migrated database on the test cluster for each build of the layer, so every test starts empty (see
 * `@switchboard/testing/PgTestDatabase`), and the suites' `describe` that skips where there is no PostgreSQL.
 */
import { available, createDatabase } from "@switchboard/testing/PgTestDatabase"
import { describe } from "@effect/vitest"
import { Context, Effect, Layer, Redacted } from "effect"
import * as Database from "../../src/pg/Database"

/**
 * `describe`, skipped with its reason where no PostgreSQL is available. Its tests may take 30 s: each talks to a real
 * server, and the suites' 20 racing writers take a few seconds on a busy 2-core machine.
 */
export const describePg = (name: string, body: () => void) =>
  available
    ? describe(name, { timeout: 30_000 }, body)
    : describe.skip(`${name} (no PostgreSQL: apt-get install postgresql)`, body)

/** The URL of a new, empty database. */
export const freshUrl = Effect.map(
  Effect.promise(() => createDatabase()),
  (url) => Redacted.make(url)
)

/** The database layer on a new, empty database. */
export const freshDatabase = Layer.unwrapEffect(Effect.map(freshUrl, Database.layerUrl))

/** Builds `layer` in the current scope (one instance of what it makes) and gives its service `tag`. */
export const open = <I, S, ROut, E>(layer: Layer.Layer<ROut, E>, tag: Context.Tag<I, S>) =>
  Effect.map(Layer.build(layer), (context) => Context.get(context as unknown as Context.Context<I>, tag))
