/**
 * Read-modify-write of one stored provider, the one way every service changes a provider (`Providers` for settings
 * and models, `Models` for checks and syncs), so concurrent writers from any of them lose no update.
 */
import { DateTime, Effect, Schema } from "effect"
import { Conflict, type DuplicateName, type NotFound, type StorageError } from "../domain/Errors"
import { Provider, type ProviderId } from "../domain/Provider"
import type { ProviderStoreService } from "../ProviderStore"

/**
 * How often a write without a revision is re-read and re-applied after losing a race. Each retry means another
 * write landed, so this only runs out under a storm of writers to one provider.
 */
export const maxAttempts = 64

/** Whether a change left every setting as it was (headers in another order included); then nothing is written. */
const unchanged = Schema.equivalence(Provider)

/**
 * With `revision`, a stale read fails with `Conflict`; without, a `Conflict` (someone wrote first) re-reads and
 * re-applies `change`, so concurrent changes of different fields all land. A change that leaves every setting as it
 * was writes nothing and answers the provider as it is, at its revision.
 */
export const modifyProvider =
  (store: ProviderStoreService) =>
  <E>(
    id: string,
    change: (current: Provider) => Effect.Effect<Provider, E>,
    revision?: number
  ): Effect.Effect<Provider, E | NotFound | Conflict | DuplicateName | StorageError> => {
    const attempt = Effect.gen(function* () {
      const current = yield* store.get(id as ProviderId)
      if (revision !== undefined && current.revision !== revision)
        return yield* new Conflict({ id, expectedRevision: revision, actualRevision: current.revision })
      const next = yield* change(current)
      // A new revision would make every other client's next write a spurious `Conflict`.
      if (unchanged(next, current)) return current
      const updatedAt = yield* DateTime.now
      return yield* store.update(new Provider({ ...next, updatedAt }), current.revision)
    })
    return revision === undefined
      ? Effect.retry(attempt, { while: (e) => e instanceof Conflict, times: maxAttempts })
      : attempt
  }
