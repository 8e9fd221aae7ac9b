/**
 * The persistence port for providers. Every write is checked against the revision it was based on (optimistic
 * concurrency), so a stale update fails with `Conflict` instead of silently overwriting someone else's change.
 *
 * `layerMemory` is for tests; the embedded default is `ProviderStoreSqlite.layer`. Both pass the same behavioural
 * suite (`test/ProviderStoreSuite.ts`).
 */
import { Context, Effect, Layer, Option, SynchronizedRef } from "effect"
import { Conflict, DuplicateName, InvalidInput, NotFound, type StorageError } from "./domain/Errors"
import { Provider, type ProviderId } from "./domain/Provider"
import type { LastVerify } from "./domain/VerifyReport"

export interface ProviderStoreService {
  /** Every provider, in the user's order. */
  readonly list: Effect.Effect<ReadonlyArray<Provider>, StorageError>
  readonly get: (id: ProviderId) => Effect.Effect<Provider, NotFound | StorageError>
  /** Appends a new provider (revision 1) to the end of the order. An id already taken fails with `Conflict`. */
  readonly insert: (provider: Provider) => Effect.Effect<Provider, DuplicateName | Conflict | StorageError>
  /** Writes `provider` as revision `expectedRevision + 1` if the stored one is still at `expectedRevision`. */
  readonly update: (
    provider: Provider,
    expectedRevision: number
  ) => Effect.Effect<Provider, NotFound | Conflict | DuplicateName | StorageError>
  readonly remove: (id: ProviderId) => Effect.Effect<void, NotFound | StorageError>
  /** Sets the user's order; `ids` must be exactly the stored ids. */
  readonly reorder: (ids: ReadonlyArray<ProviderId>) => Effect.Effect<void, InvalidInput | StorageError>
  /**
   * Writes several providers at once, all or nothing (import): an id already stored is overwritten (revision
   * bumped), a new one is appended. A name clash with a provider not in the batch fails with `DuplicateName`.
   */
  readonly upsertMany: (
    providers: ReadonlyArray<Provider>
  ) => Effect.Effect<ReadonlyArray<Provider>, DuplicateName | StorageError>
  /**
   * Keeps `verified` as the provider's last verify report, replacing the one before. It is not part of the provider
   * (no revision is bumped, so nobody's edit conflicts with a check), and goes when the provider is removed.
   */
  readonly saveVerify: (id: ProviderId, verified: LastVerify) => Effect.Effect<void, NotFound | StorageError>
  /** The provider's last verify report; none if it was never verified. */
  readonly lastVerify: (id: ProviderId) => Effect.Effect<Option.Option<LastVerify>, NotFound | StorageError>
}

export class ProviderStore extends Context.Tag("@switchboard/core/ProviderStore")<
  ProviderStore,
  ProviderStoreService
>() {}

/** What makes two names "the same" for uniqueness: case and surrounding whitespace do not count. */
export const nameKey = (name: string): string => name.trim().toLowerCase()

interface Named {
  readonly id: string
  readonly name: string
}

/**
 * The provider of `batch` whose name clashes once `batch` is written over `stored` (`upsertMany`): with a stored
 * provider the batch does not overwrite, or with another provider of the batch. A later entry with the same id as an
 * earlier one overwrites it, as the writes are applied in order.
 */
export const findNameClash = <P extends Named>(
  stored: ReadonlyArray<Named>,
  batch: ReadonlyArray<P>
): P | undefined => {
  const final = new Map<string, Named>([...stored, ...batch].map((p) => [p.id, p]))
  const owners = new Set<string>()
  const clashing = new Set<string>()
  for (const p of final.values()) {
    const key = nameKey(p.name)
    if (owners.has(key)) clashing.add(key)
    owners.add(key)
  }
  return batch.find((p) => final.get(p.id) === p && clashing.has(nameKey(p.name)))
}

type Step<A, E> = Effect.Effect<readonly [A, ReadonlyArray<Provider>], E>

const withRevision = (provider: Provider, revision: number) => new Provider({ ...provider, revision })

/** An in-memory store with the same semantics as the SQLite one. */
export const makeMemory: Effect.Effect<ProviderStoreService> = Effect.gen(function* () {
  const state = yield* SynchronizedRef.make<ReadonlyArray<Provider>>([])
  // Changed only inside `state`'s updates, so a report never outlives its provider.
  const verified = new Map<string, LastVerify>()

  const nameTaken = (all: ReadonlyArray<Provider>, name: string, except: ReadonlySet<string>) =>
    all.some((p) => !except.has(p.id) && nameKey(p.name) === nameKey(name))

  const get = (id: ProviderId) =>
    SynchronizedRef.get(state).pipe(
      Effect.flatMap((all) => {
        const found = all.find((p) => p.id === id)
        return found ? Effect.succeed(found) : Effect.fail(new NotFound({ entity: "provider", id }))
      })
    )

  return ProviderStore.of({
    list: SynchronizedRef.get(state),
    get,
    insert: (provider) =>
      SynchronizedRef.modifyEffect(state, (all): Step<Provider, DuplicateName | Conflict> => {
        const existing = all.find((p) => p.id === provider.id)
        if (existing !== undefined)
          return Effect.fail(new Conflict({ id: provider.id, expectedRevision: 0, actualRevision: existing.revision }))
        if (nameTaken(all, provider.name, new Set())) return Effect.fail(new DuplicateName({ name: provider.name }))
        const stored = withRevision(provider, 1)
        return Effect.succeed([stored, [...all, stored]] as const)
      }),
    update: (provider, expectedRevision) =>
      SynchronizedRef.modifyEffect(state, (all): Step<Provider, NotFound | Conflict | DuplicateName> => {
        const index = all.findIndex((p) => p.id === provider.id)
        const current = all[index]
        if (current === undefined) return Effect.fail(new NotFound({ entity: "provider", id: provider.id }))
        if (current.revision !== expectedRevision)
          return Effect.fail(new Conflict({ id: provider.id, expectedRevision, actualRevision: current.revision }))
        if (nameTaken(all, provider.name, new Set([provider.id])))
          return Effect.fail(new DuplicateName({ name: provider.name }))
        const stored = withRevision(provider, expectedRevision + 1)
        return Effect.succeed([stored, all.map((p, i) => (i === index ? stored : p))] as const)
      }),
    remove: (id) =>
      SynchronizedRef.modifyEffect(state, (all) =>
        all.some((p) => p.id === id)
          ? Effect.sync(() => {
              verified.delete(id)
              return [undefined, all.filter((p) => p.id !== id)] as const
            })
          : Effect.fail(new NotFound({ entity: "provider", id }))
      ),
    reorder: (ids) =>
      SynchronizedRef.modifyEffect(state, (all) => {
        const byId = new Map(all.map((p) => [p.id as string, p]))
        if (ids.length !== all.length || new Set(ids).size !== ids.length || !ids.every((id) => byId.has(id)))
          return Effect.fail(new InvalidInput({ field: "order", problem: "must list every provider id exactly once" }))
        return Effect.succeed([undefined, ids.map((id) => byId.get(id)!)] as const)
      }),
    upsertMany: (providers) =>
      SynchronizedRef.modifyEffect(state, (all) => {
        const clash = findNameClash(all, providers)
        if (clash) return Effect.fail(new DuplicateName({ name: clash.name }))
        const next = [...all]
        const stored = providers.map((provider) => {
          const index = next.findIndex((p) => p.id === provider.id)
          const current = next[index]
          const written = withRevision(provider, current === undefined ? 1 : current.revision + 1)
          if (current === undefined) next.push(written)
          else next[index] = written
          return written
        })
        return Effect.succeed([stored, next] as const)
      }),
    saveVerify: (id, report) =>
      SynchronizedRef.modifyEffect(state, (all) =>
        all.some((p) => p.id === id)
          ? Effect.sync(() => {
              verified.set(id, report)
              return [undefined, all] as const
            })
          : Effect.fail(new NotFound({ entity: "provider", id }))
      ),
    lastVerify: (id) => Effect.map(get(id), () => Option.fromNullable(verified.get(id)))
  })
})

export const layerMemory: Layer.Layer<ProviderStore> = Layer.effect(ProviderStore, makeMemory)
