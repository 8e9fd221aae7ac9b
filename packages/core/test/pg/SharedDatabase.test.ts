/**
 * Several instances on one PostgreSQL database, each with its own pool, change feed and read cache, as separate
 * servers would have: changes reach the other instance's cache, concurrent edits lose nothing, key cooldowns are
 * shared, and the master key must be the database's.
 */
import { SqlClient } from "@effect/sql"
import { expect, it } from "@effect/vitest"
import { Clock, Effect, Either, Layer, Option, type Redacted } from "effect"
import { randomBytes } from "node:crypto"
import { Conflict, StorageError } from "../../src/domain/Errors"
import { Provider } from "../../src/domain/Provider"
import { KeyCooldowns } from "../../src/KeyCooldowns"
import * as KeyCheckPg from "../../src/pg/KeyCheckPg"
import * as KeyCooldownsPg from "../../src/pg/KeyCooldownsPg"
import * as Database from "../../src/pg/Database"
import * as ProviderStorePg from "../../src/pg/ProviderStorePg"
import { ProviderStore } from "../../src/ProviderStore"
import * as Secrets from "../../src/Secrets"
import { makeApiKey, makeProvider } from "../support/makeProvider"
import { describePg, freshUrl, open } from "./pgDatabase"

/** One instance on `url`: its store under the cache, and the start's key check with `masterKey`. */
const instance = (url: Redacted.Redacted, masterKey: Uint8Array) =>
  Layer.merge(ProviderStorePg.layer, KeyCheckPg.layer).pipe(
    Layer.provideMerge(Layer.merge(Database.layerUrl(url), Secrets.layerKey(masterKey)))
  )

/** Polls `read` until it satisfies `done` or `withinMs` pass; gives the value and the time it took. */
const eventually = <A, E>(read: Effect.Effect<A, E>, done: (a: A) => boolean, withinMs: number) =>
  Effect.gen(function* () {
    const start = yield* Clock.currentTimeMillis
    for (;;) {
      const value = yield* read
      const took = (yield* Clock.currentTimeMillis) - start
      if (done(value) || took > withinMs) return { value, took }
      yield* Effect.sleep("10 millis")
    }
  })

/** The stores of two instances on a new database, with the same master key. */
const twoInstances = Effect.gen(function* () {
  const url = yield* freshUrl
  const key = randomBytes(32)
  return [yield* open(instance(url, key), ProviderStore), yield* open(instance(url, key), ProviderStore)] as const
})

const provider = makeProvider("Shared vLLM", { apiKeys: [makeApiKey("sk-shared-0123456789", "main")] })

describePg("several instances on one PostgreSQL database", () => {
  it.live("a change through one instance reaches the other's cached reads within a second", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const [storeA, storeB] = yield* twoInstances
        yield* storeA.insert(provider)
        // B reads it once, so the next reads come from its cache.
        expect((yield* storeB.get(provider.id)).enabled).toBe(true)
        yield* storeA.update(new Provider({ ...provider, enabled: false }), 1)
        const seen = yield* eventually(storeB.get(provider.id), (p) => !p.enabled, 1_000)
        expect(seen.value.enabled).toBe(false)
        expect(seen.took).toBeLessThan(1_000)
      })
    )
  )

  it.live("two instances patching one provider at once lose no update; a stale revision is a Conflict", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const [storeA, storeB] = yield* twoInstances
        yield* storeA.insert(provider)
        // Each instance adds headers one at a time, reading and retrying on Conflict, as a PATCH with revision does.
        const addHeader = (store: typeof ProviderStore.Service, name: string) =>
          Effect.gen(function* () {
            const current = yield* store.get(provider.id)
            const headers = { ...current.headers, [name]: "1" }
            yield* store.update(new Provider({ ...current, headers }), current.revision)
          }).pipe(Effect.retry({ while: (error) => error instanceof Conflict, times: 200 }))
        yield* Effect.all(
          [storeA, storeB].map((store, n) =>
            Effect.forEach([0, 1, 2, 3, 4], (i) => addHeader(store, `x-${n}-${i}`), { discard: true })
          ),
          { concurrency: "unbounded" }
        )
        const final = yield* storeB.get(provider.id)
        expect(Object.keys(final.headers)).toHaveLength(10)
        expect(final.revision).toBe(11)
        const stale = yield* Effect.either(storeA.update(final, 3))
        expect(Either.isLeft(stale) && stale.left).toBeInstanceOf(Conflict)
      })
    )
  )

  it.live("an instance with another master key refuses to start, even before any key is stored", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const url = yield* freshUrl
        yield* open(instance(url, randomBytes(32)), ProviderStore)
        const refused = yield* Effect.either(open(instance(url, randomBytes(32)), ProviderStore))
        expect(Either.isLeft(refused) && refused.left).toBeInstanceOf(StorageError)
        expect(Either.isLeft(refused) && refused.left.message).toContain("SWITCHBOARD_MASTER_KEY is not the master key")
      })
    )
  )

  it.live("a key one instance cooled down is cooling on the other within two seconds", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const url = yield* freshUrl
        const cooldowns = Layer.provide(KeyCooldownsPg.layer, Database.layerUrl(url))
        const a = yield* open(cooldowns, KeyCooldowns)
        const b = yield* open(Layer.provide(KeyCooldownsPg.layer, Database.layerUrl(url)), KeyCooldowns)
        const until = (yield* Clock.currentTimeMillis) + 60_000
        yield* a.record("shared-vllm/main", until)
        const seen = yield* eventually(
          Effect.sync(() => b.current().get("shared-vllm/main")),
          (at) => at !== undefined,
          2_000
        )
        expect(seen.value).toBe(until)
        expect(seen.took).toBeLessThan(2_000)
        // A cooldown that already ended is not reported.
        yield* a.record("shared-vllm/old", (yield* Clock.currentTimeMillis) - 1)
        const sql = yield* open(Database.layerClient(url), SqlClient.SqlClient)
        yield* Effect.sleep(`${KeyCooldownsPg.refreshMs + 200} millis`)
        expect(Option.fromNullable(b.current().get("shared-vllm/old"))).toEqual(Option.none())
        expect(yield* sql`SELECT slot FROM key_cooldowns`).toEqual([{ slot: "shared-vllm/main" }])
      })
    )
  )
})
