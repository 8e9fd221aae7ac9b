/**
 * A read cache over any `ProviderStore`, driven by the store's `ChangeSignal`: `get` answers from memory until the
 * signal changes, so the gateway, which reads its provider on every request, skips the query while nobody writes.
 * Any commit, by this process or another one on the same database, empties it; so does every write made through this
 * cache (whether or not the signal sees it), so the next `get` reads what was written. `list` is not cached.
 *
 * A write does not put what it wrote into the cache: the signal cannot tell this process's commit from another
 * process's commit right after it, so a provider filled in after a write could be stale until the next change. The
 * read that follows a write asks the store, which is cheap when the store's codec remembers the document it wrote
 * (`ProviderDocument`).
 */
import { Cause, Effect, Exit, Layer, Option } from "effect"
import { ChangeSignal, type ChangeSignalService } from "./ChangeSignal"
import { type NotFound, StorageError } from "./domain/Errors"
import type { Provider, ProviderId } from "./domain/Provider"
import { ProviderStore, type ProviderStoreService } from "./ProviderStore"

/** `store` with `get` cached until `signal` changes or a write goes through the result. */
export const make = (store: ProviderStoreService, signal: ChangeSignalService): ProviderStoreService => {
  const cached = new Map<ProviderId, Provider>()
  // What the entries of `cached` were read under: the signal's value, and how many writes had gone through here.
  let cachedAt = -1
  let cachedWrites = -1
  let writes = 0

  // Checked when the effect runs, not when it is made: a `get` kept and run again must see later commits.
  const get = (id: ProviderId): Effect.Effect<Provider, NotFound | StorageError> =>
    Effect.suspend(() => {
      // Read before the query: a commit during it changes the version again, so its result is not trusted for long.
      const version = signal.current()
      const writesBefore = writes
      if (version !== cachedAt || writesBefore !== cachedWrites) {
        cached.clear()
        cachedAt = version
        cachedWrites = writesBefore
      }
      const hit = cached.get(id)
      if (hit !== undefined) return Effect.succeed(hit)
      return Effect.tap(store.get(id), (provider) => {
        // Kept only if nothing changed while the query ran (it may have read the state from before a write).
        if (cachedAt === version && cachedWrites === writesBefore && writes === writesBefore) cached.set(id, provider)
      })
    })

  // Counted when the write ends, however it ends (a Conflict means someone else wrote), so a `get` that started
  // before then keeps nothing it read; but not after a storage failure:
  // the store could not be written, and forgetting what was read would turn a database outage for writes into one
  // for reads too. A commit that landed after all (its answer lost) still moves the signal.
  const write = <A, E>(effect: Effect.Effect<A, E>): Effect.Effect<A, E> =>
    Effect.onExit(effect, (exit) =>
      Exit.isFailure(exit) && Option.exists(Cause.failureOption(exit.cause), (error) => error instanceof StorageError)
        ? Effect.void
        : Effect.sync(() => {
            writes++
          })
    )

  return ProviderStore.of({
    list: store.list,
    get,
    insert: (provider) => write(store.insert(provider)),
    update: (provider, expectedRevision) => write(store.update(provider, expectedRevision)),
    remove: (id) => write(store.remove(id)),
    reorder: (ids) => write(store.reorder(ids)),
    upsertMany: (providers) => write(store.upsertMany(providers)),
    // Not a change of the provider: what `get` holds stays true.
    saveVerify: store.saveVerify,
    lastVerify: store.lastVerify
  })
}

/** The cache over the `ProviderStore` below it (provide the store and its signal to this layer). */
export const layer: Layer.Layer<ProviderStore, never, ProviderStore | ChangeSignal> = Layer.effect(
  ProviderStore,
  Effect.zipWith(ProviderStore, ChangeSignal, make)
)
