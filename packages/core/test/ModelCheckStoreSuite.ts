/**
 * The behaviour every `ModelCheckStore` layer must have: `ModelCheckStore.test.ts` runs it in memory,
 * `sqlite/ModelCheckStoreSqlite.test.ts` on a SQLite file and `pg/ModelCheckStorePg.test.ts` on PostgreSQL. `layer`
 * gives the check store and the provider store beside it, built afresh for every test.
 */
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, type Layer } from "effect"
import { ModelCheck } from "../src/domain/ModelCheck"
import { KeyCheck } from "../src/domain/VerifyReport"
import { ModelCheckStore } from "../src/ModelCheckStore"
import { ProviderStore } from "../src/ProviderStore"
import { makeApiKey, makeProvider } from "./support/makeProvider"

const provider = makeProvider("Checked", {
  apiKeys: [makeApiKey("sk-one-0123456789", "a"), makeApiKey("sk-two-0123456789", "b")]
})

const result = (modelId: string, keyId: string | undefined, ok: boolean, at: string) =>
  new ModelCheck({
    modelId,
    checkedAt: DateTime.unsafeMake(at),
    result: new KeyCheck({
      ...(keyId === undefined ? { key: null } : { keyId, key: `sk-…${keyId}` }),
      ok,
      ...(ok ? {} : { reason: "NotFound" as const, status: 404, message: "no such model" }),
      latencyMs: 12,
      url: "http://127.0.0.1:1/v1/chat/completions",
      stage: "generate"
    })
  })

const sorted = (checks: ReadonlyArray<ModelCheck>) =>
  [...checks].sort((a, b) => `${a.modelId}/${a.result.keyId}`.localeCompare(`${b.modelId}/${b.result.keyId}`))

export const modelCheckStoreSuite = <E>(name: string, layer: Layer.Layer<ModelCheckStore | ProviderStore, E>) =>
  describe(name, () => {
    it.effect("keeps the last result of each model × key, each replacing the one before", () =>
      Effect.gen(function* () {
        const store = yield* ModelCheckStore
        yield* (yield* ProviderStore).insert(provider)
        expect(yield* store.list(provider.id)).toEqual([])
        const first = [
          result("m1", "a", true, "2025-01-01T00:00:00Z"),
          result("m1", "b", false, "2025-01-01T00:00:00Z")
        ]
        yield* store.save(provider.id, first)
        const again = result("m1", "b", true, "2025-01-02T00:00:00Z")
        yield* store.save(provider.id, [again, result("m2", "a", false, "2025-01-02T00:00:00Z")])
        expect(sorted(yield* store.list(provider.id))).toEqual(
          sorted([first[0]!, again, result("m2", "a", false, "2025-01-02T00:00:00Z")])
        )
      }).pipe(Effect.provide(layer))
    )

    it.effect("keeps a keyless provider's results under no key", () =>
      Effect.gen(function* () {
        const store = yield* ModelCheckStore
        yield* (yield* ProviderStore).insert(provider)
        yield* store.save(provider.id, [result("m1", undefined, false, "2025-01-01T00:00:00Z")])
        yield* store.save(provider.id, [result("m1", undefined, true, "2025-01-01T00:01:00Z")])
        expect(yield* store.list(provider.id)).toEqual([result("m1", undefined, true, "2025-01-01T00:01:00Z")])
      }).pipe(Effect.provide(layer))
    )

    it.effect("refuses results of a provider it does not hold, and forgets them with their provider", () =>
      Effect.gen(function* () {
        const store = yield* ModelCheckStore
        const providers = yield* ProviderStore
        const refused = yield* Effect.flip(store.save(provider.id, [result("m1", "a", true, "2025-01-01T00:00:00Z")]))
        expect(refused._tag).toBe("NotFound")
        yield* providers.insert(provider)
        yield* store.save(provider.id, [result("m1", "a", true, "2025-01-01T00:00:00Z")])
        yield* providers.remove(provider.id)
        expect(yield* store.list(provider.id)).toEqual([])
        // A provider added again under the same id starts with no results.
        yield* providers.insert(provider)
        expect(yield* store.list(provider.id)).toEqual([])
      }).pipe(Effect.provide(layer))
    )
  })
