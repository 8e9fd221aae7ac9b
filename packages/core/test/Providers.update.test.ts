import { describe, expect, it, layer } from "@effect/vitest"
import { DateTime, Effect, Layer, Redacted, Ref, TestClock } from "effect"
import * as Catalog from "../src/catalog/Catalog"
import { Conflict } from "../src/domain/Errors"
import { Providers, layer as providersLayer, layerTest } from "../src/Providers"
import { makeMemory, ProviderStore } from "../src/ProviderStore"
import { Timeouts } from "../src/domain/Timeouts"
import * as FakeAdapters from "./support/FakeAdapters"
import { failsUnchanged } from "./support/storeSnapshot"

const keyA = "sk-aaaa-000000000001"
const keyB = "sk-bbbb-000000000002"
const keyC = "sk-cccc-000000000003"

layer(layerTest(FakeAdapters.layer()))("Providers.update", (it) => {
  it.effect("changes only the fields the patch names, bumps the revision and updatedAt", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      const before = yield* providers.add({ name: "Patched", preset: "vllm", headers: { "X-A": "1" } })
      yield* TestClock.adjust("2 hours")
      const after = yield* providers.update("patched", { baseUrl: "http://gpu:9000/v1", headers: { "X-B": "2" } })
      expect(after.baseUrl).toBe("http://gpu:9000/v1")
      // Headers are replaced as a whole, like the list a settings form sends.
      expect(after.headers).toEqual({ "X-B": "2" })
      expect({ ...after, baseUrl: before.baseUrl, headers: before.headers, revision: 1 }).toEqual({
        ...before,
        updatedAt: after.updatedAt
      })
      expect(after.revision).toBe(2)
      expect(DateTime.toEpochMillis(after.updatedAt)).toBe(2 * 3_600_000)
      expect(DateTime.toEpochMillis(after.createdAt)).toBe(DateTime.toEpochMillis(before.createdAt))
      expect(yield* providers.get("patched")).toEqual(after)
    })
  )

  it.effect("merges timeouts field by field", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      yield* providers.add({ name: "Slow", preset: "ollama", timeouts: { firstByteMs: 900_000 } })
      const after = yield* providers.update("slow", { timeouts: { idleMs: 300_000 } })
      expect(after.timeouts).toEqual(new Timeouts({ ...Timeouts.defaults, firstByteMs: 900_000, idleMs: 300_000 }))
    })
  )

  it.effect("apiVersion: a value sets it, null removes it; switching to Azure adds the default", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      yield* providers.add({ name: "Versioned", preset: "openai", apiVersion: "2024-06-01" })
      expect((yield* providers.update("versioned", { apiVersion: "v1" })).apiVersion).toBe("v1")
      const removed = yield* providers.update("versioned", { apiVersion: null })
      expect(removed.apiVersion).toBeUndefined()
      expect("apiVersion" in removed).toBe(false)
      const azure = yield* providers.update("versioned", { type: "azure-openai" })
      expect([azure.type, azure.apiVersion]).toEqual(["azure-openai", "2024-10-21"])
    })
  )

  it.effect("apiKeys: strings are new keys, { id } keeps a stored one, the list replaces the stored list", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      const start = yield* providers.add({ name: "Rotating", preset: "openai", apiKeys: [keyA, keyB] })
      const [a, b] = start.apiKeys
      const next = yield* providers.update("rotating", { apiKeys: [{ id: b!.id }, keyC] })
      expect(next.apiKeys[0]).toEqual(b)
      expect(Redacted.value(next.apiKeys[1]!.value)).toBe(keyC)
      expect([a!.id, b!.id]).not.toContain(next.apiKeys[1]!.id)
      expect((yield* providers.update("rotating", { apiKeys: [] })).apiKeys).toEqual([])
    })
  )

  it.effect("apiKeys: an unknown id or a key given twice names the entry and changes nothing", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      const start = yield* providers.add({ name: "Strict keys", preset: "openai", apiKeys: [keyA] })
      const id = start.apiKeys[0]!.id
      expect(yield* failsUnchanged(providers.update("strict-keys", { apiKeys: [keyB, { id: "k-gone" }] }))).toEqual(
        expect.objectContaining({ _tag: "InvalidInput", field: "apiKeys[1]" })
      )
      expect(yield* failsUnchanged(providers.update("strict-keys", { apiKeys: [{ id }, keyA] }))).toEqual(
        expect.objectContaining({ _tag: "InvalidInput", field: "apiKeys[1]" })
      )
      expect(yield* failsUnchanged(providers.update("strict-keys", { apiKeys: [{ id }, { id }] }))).toEqual(
        expect.objectContaining({ _tag: "InvalidInput", field: "apiKeys[1]" })
      )
    })
  )

  it.effect("a rename onto another provider's name (any case) fails with DuplicateName", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      yield* providers.add({ name: "Taken Name", preset: "ollama" })
      yield* providers.add({ name: "Free Name", preset: "ollama" })
      expect(yield* failsUnchanged(providers.update("free-name", { name: " taken NAME " }))).toMatchObject({
        _tag: "DuplicateName"
      })
      // Its own name in another case is fine.
      expect((yield* providers.update("free-name", { name: "FREE name" })).name).toBe("FREE name")
    })
  )

  it.effect("with a revision: the current one applies, a stale one fails with Conflict and writes nothing", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      const v1 = yield* providers.add({ name: "Guarded", preset: "ollama" })
      const v2 = yield* providers.update("guarded", { name: "Guarded 2" }, { revision: v1.revision })
      expect(v2.revision).toBe(2)
      const stale = yield* failsUnchanged(providers.update("guarded", { name: "Guarded 3" }, { revision: 1 }))
      expect(stale).toEqual(new Conflict({ id: "guarded", expectedRevision: 1, actualRevision: 2 }))
      expect(stale.message).toContain("Reload it")
    })
  )

  it.effect("a patch that changes nothing writes nothing: no new revision, no new updatedAt", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      const start = yield* providers.add({
        name: "Steady",
        preset: "openai",
        apiKeys: [keyA, keyB],
        headers: { "X-A": "1", "X-B": "2" },
        timeouts: { idleMs: 5_000 },
        models: ["gpt-4o"]
      })
      yield* TestClock.adjust("1 hour")
      const same = [
        {},
        { name: start.name, type: start.type, baseUrl: start.baseUrl, enabled: start.enabled },
        { apiVersion: start.apiVersion ?? null },
        { apiKeys: start.apiKeys.map((key) => ({ id: key.id })) },
        // Headers in another order are the same headers; timeouts as they are, whole or in part.
        { headers: { "X-B": "2", "X-A": "1" }, timeouts: { ...start.timeouts } },
        { timeouts: { idleMs: 5_000 } }
      ]
      for (const patch of same) {
        expect(yield* providers.update("steady", patch), JSON.stringify(patch)).toEqual(start)
        // Another client holding the revision it loaded meets no spurious conflict.
        expect(yield* providers.update("steady", patch, { revision: start.revision })).toEqual(start)
      }
      expect(yield* providers.updateModel("steady", "gpt-4o", {})).toEqual(start)
      expect(yield* providers.setEnabled("steady", true)).toEqual(start)
      expect(yield* providers.get("steady")).toEqual(start)
      // A real change still lands, on the revision everyone held.
      const renamed = yield* providers.update("steady", { name: "Steady 2" }, { revision: start.revision })
      expect(renamed.revision).toBe(start.revision + 1)
    })
  )
})

/**
 * A memory store where the first `readers` reads of a provider wait until all of them have read, so every writer
 * starts from the same revision and all but one must lose the race. Counts the conflicts it reported.
 */
const contendedStore = (readers: number, conflicts: Ref.Ref<number>) =>
  Layer.effect(
    ProviderStore,
    Effect.gen(function* () {
      const store = yield* makeMemory
      const reads = yield* Ref.make(0)
      const together = yield* Effect.makeLatch(false)
      return ProviderStore.of({
        ...store,
        get: (id) =>
          Effect.gen(function* () {
            const read = yield* store.get(id)
            const count = yield* Ref.updateAndGet(reads, (n) => n + 1)
            if (count === readers) yield* together.open
            if (count <= readers) yield* together.await
            return read
          }),
        update: (provider, expected) =>
          store
            .update(provider, expected)
            .pipe(Effect.tapError((e) => (e._tag === "Conflict" ? Ref.update(conflicts, (n) => n + 1) : Effect.void)))
      })
    })
  )

const contended = <A, E>(readers: number, body: (conflicts: Ref.Ref<number>) => Effect.Effect<A, E, Providers>) =>
  Effect.gen(function* () {
    const conflicts = yield* Ref.make(0)
    const live = providersLayer.pipe(
      Layer.provide(contendedStore(readers, conflicts)),
      Layer.provide(FakeAdapters.layer()),
      Layer.provide(Layer.orDie(Catalog.layerBundled))
    )
    return yield* body(conflicts).pipe(Effect.provide(live))
  })

describe("Providers.update under concurrency", () => {
  it.effect("patches of different fields sent at once without a revision all land", () =>
    contended(11, (conflicts) =>
      Effect.gen(function* () {
        const providers = yield* Providers
        yield* providers.add({ name: "Busy", preset: "ollama" })
        const patches: ReadonlyArray<Record<string, unknown>> = [
          { name: "Busy Box" },
          { baseUrl: "http://gpu:11434" },
          { apiKeys: [keyA] },
          { apiVersion: "2025-01-01" },
          { headers: { "X-Tenant": "t1" } },
          { enabled: false },
          { timeouts: { firstByteMs: 111_000 } },
          { timeouts: { idleMs: 222_000 } },
          { timeouts: { verifyMs: 33_000 } },
          { timeouts: { maxRetries: 7 } },
          { type: "anthropic" }
        ]
        yield* Effect.forEach(patches, (patch) => providers.update("busy", patch), { concurrency: "unbounded" })
        const final = yield* providers.get("busy")
        expect(final.name).toBe("Busy Box")
        expect(final.baseUrl).toBe("http://gpu:11434")
        expect(final.apiKeys.map((k) => Redacted.value(k.value))).toEqual([keyA])
        expect(final.apiVersion).toBe("2025-01-01")
        expect(final.headers).toEqual({ "X-Tenant": "t1" })
        expect(final.enabled).toBe(false)
        expect(final.timeouts).toEqual(
          new Timeouts({ firstByteMs: 111_000, idleMs: 222_000, verifyMs: 33_000, maxRetries: 7 })
        )
        expect(final.type).toBe("anthropic")
        expect(final.revision).toBe(1 + patches.length)
        // Every writer read revision 1, so all but the first had to re-read and re-apply.
        expect(yield* Ref.get(conflicts)).toBeGreaterThanOrEqual(patches.length - 1)
      })
    )
  )

  it.effect("ten fibers each adding a model at once: all ten models land", () =>
    contended(10, () =>
      Effect.gen(function* () {
        const providers = yield* Providers
        yield* providers.add({ name: "Crowded", preset: "vllm" })
        const ids = Array.from({ length: 10 }, (_, i) => `model-${i}`)
        yield* Effect.forEach(ids, (id) => providers.addModels("crowded", id), { concurrency: "unbounded" })
        const final = yield* providers.get("crowded")
        expect(final.models.map((m) => m.id).sort()).toEqual(ids)
        expect(final.revision).toBe(11)
      })
    )
  )

  it.effect("writers that all send the revision they read: one wins, the others get Conflict", () =>
    contended(5, (conflicts) =>
      Effect.gen(function* () {
        const providers = yield* Providers
        const start = yield* providers.add({ name: "Raced", preset: "vllm" })
        const outcomes = yield* Effect.forEach(
          [1, 2, 3, 4, 5],
          (n) => Effect.either(providers.update("raced", { name: `Raced ${n}` }, { revision: start.revision })),
          { concurrency: "unbounded" }
        )
        const won = outcomes.filter((o) => o._tag === "Right")
        expect(won).toHaveLength(1)
        expect(outcomes.filter((o) => o._tag === "Left" && o.left._tag === "Conflict")).toHaveLength(4)
        expect(yield* Ref.get(conflicts)).toBe(4)
        const final = yield* providers.get("raced")
        expect([final.revision, won[0]!._tag === "Right" && won[0]!.right.name]).toEqual([2, final.name])
      })
    )
  )
})
