/**
 * The key-check value: a fixed text sealed with the master key and stored once beside the sealed keys. At start it
 * tells whether the master key is the one the stored keys were sealed with, so a deleted `master.key` (silently
 * replaced by a new one) or a changed `SWITCHBOARD_MASTER_KEY` stops the start with a message that says so, instead
 * of every key turning unreadable. The rule lives here once; a store gives only how to read and write the value and
 * one of the sealed secrets it holds (`sqlite/KeyCheckSqlite.ts`, `pg/KeyCheckPg.ts`).
 */
import { Effect, Option, Redacted } from "effect"
import { StorageError } from "./domain/Errors"
import { Secrets } from "./Secrets"

/** Where a store keeps its key-check value. */
export interface KeyCheckStore {
  /** The stored check value, if one was written. */
  readonly read: Effect.Effect<Option.Option<string>, StorageError>
  /** Stores `sealed` as the check value, replacing any other. */
  readonly write: (sealed: string) => Effect.Effect<void, StorageError>
  /** One sealed secret (a key or a credential header) the store holds, if it holds any. */
  readonly anySealed: Effect.Effect<Option.Option<string>, StorageError>
}

// Versioned, like the sealed format: a later check can coexist with this one.
const checkText = "switchboard/key-check/v1"

/** The start refused: the master key given is not the one the stored keys were sealed with. */
export const wrongMasterKey = new StorageError({
  operation: "start",
  detail:
    "the master key (from master.key in the data directory, or SWITCHBOARD_MASTER_KEY) is not the one the API keys " +
    "in this database were sealed with, so none of them could be read",
  reason: "MasterKey"
})

/**
 * Checks the master key against `store`, writing the check value on first use. A store that holds no sealed secret
 * has nothing to lose: any master key is accepted and becomes the one checked. A store written before check values
 * existed is checked by unsealing one of its secrets instead.
 */
/** What `sealed` unseals to with the current master key; none if it does not open. */
const opens = (sealed: string) =>
  Effect.flatMap(Secrets, (secrets) =>
    secrets.unseal(sealed).pipe(
      Effect.map((plain) => Redacted.value(plain)),
      Effect.option
    )
  )

export const verify = Effect.fn("KeyCheck.verify")(function* (store: KeyCheckStore) {
  const secrets = yield* Secrets
  const stored = yield* store.read
  if (Option.isSome(stored) && Option.contains(yield* opens(stored.value), checkText)) return
  const sealed = yield* store.anySealed
  if (Option.isSome(sealed) && (Option.isSome(stored) || Option.isNone(yield* opens(sealed.value)))) {
    return yield* wrongMasterKey
  }
  yield* store.write(yield* secrets.seal(Redacted.make(checkText)))
})

/**
 * `verify` for a store several instances share: a check value the master key does not open refuses the start even
 * while no secret is stored, since an instance holding the other key may seal one at any moment.
 */
export const verifyShared = Effect.fn("KeyCheck.verifyShared")(function* (store: KeyCheckStore) {
  const stored = yield* store.read
  if (Option.isSome(stored) && !Option.contains(yield* opens(stored.value), checkText)) return yield* wrongMasterKey
  yield* verify(store)
})

/** Writes the check value for the current master key, whatever was there: after the unreadable keys are dropped. */
export const reset = Effect.fn("KeyCheck.reset")(function* (store: KeyCheckStore) {
  yield* store.write(yield* (yield* Secrets).seal(Redacted.make(checkText)))
})
