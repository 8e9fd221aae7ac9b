/**
 * What a provider's models need beyond their settings (`Providers`): the check of every model × key, its last
 * results and the bulk removals they suggest, the sync with the provider's own list, and the refill from the catalog
 * after `catalog update`. Every write goes through the same read-modify-write as `Providers`' own.
 */
import { Clock, Context, DateTime, Effect, Layer, Ref, Stream } from "effect"
import type { ApiKey } from "./domain/ApiKey"
import type { CatalogService } from "./catalog/Catalog"
import { Catalog, layerBundled } from "./catalog/Catalog"
import { fillModel } from "./catalog/ModelFill"
import {
  type Conflict,
  type DuplicateName,
  InvalidInput,
  type NotFound,
  type ProviderError,
  type StorageError
} from "./domain/Errors"
import {
  type CheckEvent,
  CheckFinished,
  CheckInput,
  CheckProgress,
  CheckStarted,
  checkFailures,
  ModelCheck
} from "./domain/ModelCheck"
import { Provider, type ProviderId } from "./domain/Provider"
import { decodeInput } from "./domain/ProviderInput"
import { modifyProvider } from "./internal/ModifyProvider"
import * as ModelCheckStore from "./ModelCheckStore"
import { type SyncDiff, SyncInput, type SyncOptions, syncModels } from "./ModelSync"
import { ProviderAdapters } from "./ProviderAdapter"
import * as ProviderStore from "./ProviderStore"
import * as Providers from "./Providers"
import { listRemoteModels, probeModel } from "./Verify"

type WriteError = NotFound | Conflict | DuplicateName | StorageError

/** What a bulk removal removed (model ids, or key ids), and the provider after it. */
export interface Removed {
  readonly provider: Provider
  readonly removed: ReadonlyArray<string>
}

export interface SyncResult extends SyncDiff {
  readonly provider: Provider
}

export interface ModelsService {
  /**
   * Probes every model (or `models`) with every key (or `keyId`): one token generated, or one text embedded for an
   * embedding model, `concurrency` at a time under `timeoutMs` each. Streams `CheckStarted`, then a `CheckProgress`
   * per result as it finishes, then `CheckFinished`; each result is stored as it comes, so a cancelled check keeps what it learnt.
   * Interrupting the stream aborts the upstream requests still running.
   */
  readonly check: (id: string, input?: CheckInput) => Stream.Stream<CheckEvent, NotFound | InvalidInput | StorageError>
  /** The last result of every current model × key, by any frontend; models or keys removed since are left out. */
  readonly lastChecks: (id: string) => Effect.Effect<ReadonlyArray<ModelCheck>, NotFound | StorageError>
  /** Removes the models no key passed while that key passed another model (see `checkFailures`). */
  readonly removeFailedModels: (id: string) => Effect.Effect<Removed, WriteError>
  /** Removes the keys that passed no model while that model passed with another key (see `checkFailures`). */
  readonly removeFailedKeys: (id: string) => Effect.Effect<Removed, WriteError>
  /**
   * Reads the provider's list and syncs the stored models with it (see `ModelSync`): marks the gone, refreshes the
   * provider's and the catalog's facts, and with `addNew`/`removeGone` adds the new and removes the gone.
   */
  readonly sync: (
    id: string,
    options?: SyncOptions
  ) => Effect.Effect<SyncResult, WriteError | ProviderError | InvalidInput>
  /**
   * Every stored model filled again from `catalog` (the running one unless given: after `catalog update`, the new
   * one); the user's settings stay. Answers how many models the catalog knows.
   */
  readonly refill: (catalog?: CatalogService) => Effect.Effect<number, WriteError>
}

export class Models extends Context.Tag("@switchboard/core/Models")<Models, ModelsService>() {}

/** How many probes run at once unless the caller says: gentle on a provider's rate limit, still quick. */
export const defaultConcurrency = 4

export const make = Effect.gen(function* () {
  const store = yield* ProviderStore.ProviderStore
  const checks = yield* ModelCheckStore.ModelCheckStore
  const adapters = yield* ProviderAdapters
  const catalog = yield* Catalog
  const modify = modifyProvider(store)

  const get = (id: string) => store.get(id as ProviderId)

  /** The models and keys a check probes, each named in the error when unknown. */
  const targets = (provider: Provider, input: typeof CheckInput.Type) =>
    Effect.gen(function* () {
      const registered = new Set(provider.models.map((m) => m.id))
      const unknown = (input.models ?? []).findIndex((id) => !registered.has(id))
      if (unknown !== -1)
        return yield* new InvalidInput({ field: `models[${unknown}]`, problem: "is not a model of this provider" })
      const models = input.models ?? provider.models.map((m) => m.id)
      if (input.keyId === undefined) {
        const keys: ReadonlyArray<ApiKey | null> = provider.apiKeys.length === 0 ? [null] : provider.apiKeys
        return { models, keys }
      }
      const key = provider.apiKeys.find((k) => k.id === input.keyId)
      if (key === undefined)
        return yield* new InvalidInput({ field: "keyId", problem: "names no key of this provider" })
      return { models, keys: [key] }
    })

  const check = (id: string, raw: CheckInput = {}) =>
    Stream.unwrap(
      Effect.gen(function* () {
        const input = yield* decodeInput(CheckInput)(raw)
        const provider = yield* get(id)
        const { models, keys } = yield* targets(provider, input)
        const adapter = adapters.get(provider.type)
        const timeoutMs = input.timeoutMs ?? provider.timeouts.verifyMs
        const concurrency = input.concurrency ?? defaultConcurrency
        const pairs = models.flatMap((model) => keys.map((key) => [model, key] as const))
        const total = pairs.length
        const probe = ([model, key]: readonly [string, ApiKey | null]) =>
          Effect.gen(function* () {
            const result = yield* probeModel(adapter, provider, key, model, timeoutMs)
            const done = new ModelCheck({ modelId: model, checkedAt: yield* DateTime.now, result })
            // The result stands even if it cannot be kept (the provider was removed meanwhile, the disk is full).
            yield* checks
              .save(provider.id, [done])
              .pipe(Effect.catchAll((error) => Effect.logWarning("Could not keep a model check", error)))
            return done
          })
        const started = new CheckStarted({
          providerId: provider.id,
          total,
          models,
          keys: keys.map((key) => key?.masked ?? null),
          concurrency,
          timeoutMs
        })
        const startedAt = yield* Clock.currentTimeMillis
        const passed = yield* Ref.make(0)
        const finished = Effect.gen(function* () {
          const ok = yield* Ref.get(passed)
          const elapsedMs = (yield* Clock.currentTimeMillis) - startedAt
          return new CheckFinished({ total, passed: ok, failed: total - ok, elapsedMs })
        })
        return Stream.succeed<CheckEvent>(started).pipe(
          Stream.concat(
            Stream.fromIterable(pairs).pipe(
              Stream.mapEffect(probe, { concurrency, unordered: true }),
              Stream.tap((done) => (done.result.ok ? Ref.update(passed, (n) => n + 1) : Effect.void)),
              Stream.zipWithIndex,
              Stream.map(([done, i]): CheckEvent => new CheckProgress({ done: i + 1, total, check: done }))
            )
          ),
          Stream.concat(Stream.fromEffect(finished))
        )
      })
    ).pipe(Stream.withSpan("Models.check"))

  const lastChecks = Effect.fn("Models.lastChecks")(function* (id: string) {
    const provider = yield* get(id)
    const models = new Set(provider.models.map((m) => m.id))
    const keys = new Set(provider.apiKeys.map((k) => k.id as string))
    const keyless = provider.apiKeys.length === 0
    return (yield* checks.list(provider.id)).filter(
      (c) => models.has(c.modelId) && (c.result.keyId === undefined ? keyless : keys.has(c.result.keyId))
    )
  })

  const removeFailedModels = Effect.fn("Models.removeFailedModels")(function* (id: string) {
    const failed = new Set(checkFailures(yield* lastChecks(id)).models)
    const provider = yield* modify(id, (current) =>
      Effect.succeed(new Provider({ ...current, models: current.models.filter((m) => !failed.has(m.id)) }))
    )
    return { provider, removed: [...failed] }
  })

  const removeFailedKeys = Effect.fn("Models.removeFailedKeys")(function* (id: string) {
    const failed = new Set(checkFailures(yield* lastChecks(id)).keys)
    const provider = yield* modify(id, (current) =>
      Effect.succeed(new Provider({ ...current, apiKeys: current.apiKeys.filter((k) => !failed.has(k.id)) }))
    )
    return { provider, removed: [...failed] }
  })

  const sync = Effect.fn("Models.sync")(function* (id: string, raw: SyncOptions = {}) {
    const options = yield* decodeInput(SyncInput)(raw)
    const remote = yield* listRemoteModels(yield* get(id)).pipe(Effect.provideService(ProviderAdapters, adapters))
    const now = yield* DateTime.now
    let diff: SyncDiff = { added: [], gone: [], unchanged: [] }
    const provider = yield* modify(id, (current) => {
      const synced = syncModels(catalog, current, remote, options, now)
      diff = synced.diff
      return Effect.succeed(new Provider({ ...current, models: synced.models }))
    })
    return { provider, ...diff }
  })

  const refill = Effect.fn("Models.refill")(function* (using: CatalogService = catalog) {
    let known = 0
    for (const { id } of yield* store.list) {
      const provider = yield* modify(id, (current) =>
        Effect.succeed(new Provider({ ...current, models: current.models.map((m) => fillModel(using, current, m)) }))
      )
      known += provider.models.filter((m) => m.catalog !== undefined).length
    }
    return known
  })

  return Models.of({ check, lastChecks, removeFailedModels, removeFailedKeys, sync, refill })
})

export const layer: Layer.Layer<
  Models,
  never,
  ProviderStore.ProviderStore | ModelCheckStore.ModelCheckStore | ProviderAdapters | Catalog
> = Layer.effect(Models, make)

/** `Models` and `Providers` over fresh in-memory stores, the bundled catalog and the given adapters (tests). */
export const layerTest = <E>(
  adapters: Layer.Layer<ProviderAdapters, E>
): Layer.Layer<Models | Providers.Providers | ProviderStore.ProviderStore, E> =>
  Layer.mergeAll(layer, Providers.layer).pipe(
    Layer.provideMerge(ModelCheckStore.layerMemory.pipe(Layer.provideMerge(ProviderStore.layerMemory))),
    Layer.provide(adapters),
    Layer.provide(Layer.orDie(layerBundled))
  )
