/**
 * Where the last result of every model × key check is kept (see `Models.check`): one per provider, model and key,
 * each replacing the one before, going when the provider does. Kept apart from the provider's document, so a check
 * bumps no revision and conflicts with nobody's edit. `layerMemory` is for tests; the SQL stores are
 * `sqlite/ModelCheckStoreSqlite` and `pg/ModelCheckStorePg`, and all pass `test/ModelCheckStoreSuite.ts`.
 */
import { Context, Effect, Layer } from "effect"
import type { NotFound, StorageError } from "./domain/Errors"
import type { ModelCheck } from "./domain/ModelCheck"
import type { ProviderId } from "./domain/Provider"
import { ProviderStore } from "./ProviderStore"

export interface ModelCheckStoreService {
  /** Keeps `checks` as the last results of their model × key, replacing earlier ones; `NotFound` for no provider. */
  readonly save: (
    providerId: ProviderId,
    checks: ReadonlyArray<ModelCheck>
  ) => Effect.Effect<void, NotFound | StorageError>
  /** The last result of every model × key of the provider ever checked (none for a removed provider). */
  readonly list: (providerId: ProviderId) => Effect.Effect<ReadonlyArray<ModelCheck>, StorageError>
}

export class ModelCheckStore extends Context.Tag("@switchboard/core/ModelCheckStore")<
  ModelCheckStore,
  ModelCheckStoreService
>() {}

/** The row key of a result: its model and its key's id (empty for a keyless provider). */
export const slotOf = (check: ModelCheck): string => `${check.modelId}\u0000${check.result.keyId ?? ""}`

/** In memory, beside the in-memory provider store, whose removals it follows. */
export const makeMemory = Effect.gen(function* () {
  const providers = yield* ProviderStore
  const results = new Map<string, Map<string, ModelCheck>>()
  const exists = (id: ProviderId) =>
    providers.get(id).pipe(
      Effect.as(true),
      Effect.catchTag("NotFound", () => Effect.succeed(false))
    )
  return ModelCheckStore.of({
    save: (id, checks) =>
      Effect.flatMap(providers.get(id), () =>
        Effect.sync(() => {
          const slots = results.get(id) ?? new Map<string, ModelCheck>()
          for (const check of checks) slots.set(slotOf(check), check)
          results.set(id, slots)
        })
      ),
    list: (id) =>
      Effect.map(exists(id), (found) => {
        if (!found) results.delete(id)
        return [...(results.get(id)?.values() ?? [])]
      })
  })
})

export const layerMemory: Layer.Layer<ModelCheckStore, never, ProviderStore> = Layer.effect(ModelCheckStore, makeMemory)
