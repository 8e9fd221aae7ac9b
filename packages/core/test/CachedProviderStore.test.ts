import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Fiber, Layer } from "effect"
import * as CachedProviderStore from "../src/CachedProviderStore"
import { ChangeSignal } from "../src/ChangeSignal"
import { StorageError } from "../src/domain/Errors"
import { Provider } from "../src/domain/Provider"
import { makeMemory, ProviderStore, type ProviderStoreService } from "../src/ProviderStore"
import { providerStoreSuite } from "./ProviderStoreSuite"
import { makeProvider } from "./support/makeProvider"

// A signal that never moves: right for a store that nothing but this cache writes to, and the strictest case for the
// cache, which must then notice its own writes by itself.
providerStoreSuite(
  "CachedProviderStore over ProviderStore.layerMemory",
  CachedProviderStore.layer.pipe(
    Layer.provide(Layer.effect(ProviderStore, makeMemory)),
    Layer.provide(Layer.succeed(ChangeSignal, ChangeSignal.of({ current: () => 0 })))
  )
)

/** The cache over a memory store that counts its reads, with a signal the test moves by hand. */
const setup = Effect.gen(function* () {
  const store = yield* makeMemory
  let reads = 0
  const counted: ProviderStoreService = {
    ...store,
    get: (id) =>
      Effect.ensuring(
        store.get(id),
        Effect.sync(() => {
          reads++
        })
      )
  }
  let version = 0
  const cached = CachedProviderStore.make(counted, { current: () => version })
  return {
    store,
    cached,
    reads: () => reads,
    /** Someone committed (this process or another). */
    commit: () => {
      version++
    }
  }
})

const provider = makeProvider("Cached")

describe("CachedProviderStore", () => {
  it.effect("answers a second get from memory, without reading the store", () =>
    Effect.gen(function* () {
      const { store, cached, reads } = yield* setup
      yield* store.insert(provider)
      const first = yield* cached.get(provider.id)
      expect(reads()).toBe(1)
      expect(yield* cached.get(provider.id)).toBe(first)
      expect(reads()).toBe(1)
      // A miss (another id) is not cached either way: each asks the store.
      yield* Effect.flip(cached.get(makeProvider("Missing").id))
      yield* Effect.flip(cached.get(makeProvider("Missing").id))
      expect(reads()).toBe(3)
    })
  )

  it.effect("reads the store again once the signal changes, and sees what another writer committed", () =>
    Effect.gen(function* () {
      const { store, cached, reads, commit } = yield* setup
      yield* store.insert(provider)
      yield* cached.get(provider.id)
      // Written past the cache, as another process would.
      yield* store.update(new Provider({ ...provider, baseUrl: "http://gpu:8000" }), 1)
      expect((yield* cached.get(provider.id)).baseUrl).toBe(provider.baseUrl)
      commit()
      expect((yield* cached.get(provider.id)).baseUrl).toBe("http://gpu:8000")
      expect(reads()).toBe(2)
      expect((yield* cached.get(provider.id)).revision).toBe(2)
      expect(reads()).toBe(2)
    })
  )

  it.effect("after a write through it, reads the store again even though the signal did not change", () =>
    Effect.gen(function* () {
      const { store, cached, reads } = yield* setup
      yield* cached.insert(provider)
      yield* cached.get(provider.id)
      yield* cached.update(new Provider({ ...provider, name: "Renamed" }), 1)
      expect(yield* cached.get(provider.id)).toMatchObject({ name: "Renamed", revision: 2 })
      expect(reads()).toBe(2)
      // A write that fails counts too: it may have raced with one that did not.
      yield* Effect.flip(cached.update(provider, 1))
      yield* cached.get(provider.id)
      expect(reads()).toBe(3)
      yield* cached.remove(provider.id)
      expect(yield* Effect.flip(cached.get(provider.id))).toMatchObject({ _tag: "NotFound" })
      yield* store.insert(provider)
      yield* cached.upsertMany([new Provider({ ...provider, name: "Imported" })])
      expect((yield* cached.get(provider.id)).name).toBe("Imported")
    })
  )

  it.effect("keeps what it read when a write fails on the storage, so a database outage does not stop reads", () =>
    Effect.gen(function* () {
      const store = yield* makeMemory
      let reads = 0
      const down = new StorageError({ operation: "update", detail: "unreachable", reason: "Unreachable" })
      const failing: ProviderStoreService = {
        ...store,
        get: (id) =>
          Effect.zipLeft(
            store.get(id),
            Effect.sync(() => reads++)
          ),
        update: () => Effect.fail(down)
      }
      const cached = CachedProviderStore.make(failing, { current: () => 0 })
      yield* store.insert(provider)
      yield* cached.get(provider.id)
      expect(yield* Effect.flip(cached.update(provider, 1))).toBe(down)
      yield* cached.get(provider.id)
      expect(reads).toBe(1)
    })
  )

  it.effect("checks the signal when a kept get runs, not when it was made", () =>
    Effect.gen(function* () {
      const { store, cached, commit } = yield* setup
      yield* store.insert(provider)
      yield* cached.get(provider.id)
      // Made while the cache holds the provider, run after the commit.
      const kept = cached.get(provider.id)
      expect((yield* kept).revision).toBe(1)
      yield* store.update(new Provider({ ...provider, enabled: false }), 1)
      commit()
      expect(yield* kept).toMatchObject({ enabled: false, revision: 2 })
    })
  )

  it.effect("does not keep a read that a later read, made after a commit, has overtaken", () =>
    Effect.gen(function* () {
      const store = yield* makeMemory
      yield* store.insert(provider)
      let version = 0
      const fetched = yield* Deferred.make<void>()
      const release = yield* Deferred.make<void>()
      let calls = 0
      // The first read fetches revision 1, then is held until the test lets it finish.
      const slow: ProviderStoreService = {
        ...store,
        get: (id) =>
          ++calls === 1
            ? store.get(id).pipe(
                Effect.tap(() => Deferred.succeed(fetched, undefined)),
                Effect.zipLeft(Deferred.await(release))
              )
            : store.get(id)
      }
      const cached = CachedProviderStore.make(slow, { current: () => version })
      const first = yield* Effect.fork(cached.get(provider.id))
      yield* Deferred.await(fetched)
      // Another process commits revision 2; a read after it caches that.
      yield* store.update(new Provider({ ...provider, enabled: false }), 1)
      version++
      expect((yield* cached.get(provider.id)).revision).toBe(2)
      yield* Deferred.succeed(release, undefined)
      expect((yield* Fiber.join(first)).revision).toBe(1)
      // The late first read must not have replaced the fresh entry.
      expect((yield* cached.get(provider.id)).revision).toBe(2)
      expect(calls).toBe(2)
    })
  )
})
