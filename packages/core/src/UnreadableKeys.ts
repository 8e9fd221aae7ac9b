/**
 * Recovery when the master key is lost for good: the keys and credential headers it sealed can never be read again,
 * so the user may drop them and keep everything else (providers, models, settings, the keys sealed with the current
 * master key). The start refuses until then (see `KeyCheck`); `switchboard keys forget-unreadable` runs this.
 */
import { Effect } from "effect"
import type { StorageError } from "./domain/Errors"
import { Provider } from "./domain/Provider"
import { isSecretHeader } from "./domain/SecretHeaders"
import * as KeyCheck from "./KeyCheck"
import { ProviderStore } from "./ProviderStore"

/** What one provider loses: the ids of its unreadable keys, and the names of its credential headers left empty. */
export interface Unreadable {
  readonly providerId: string
  readonly name: string
  readonly keyIds: ReadonlyArray<string>
  readonly headers: ReadonlyArray<string>
}

// A credential header that reads as empty is one whose sealed value would not unseal (an empty credential is of no
// use either way).
const emptyCredentials = (provider: Provider) =>
  Object.keys(provider.headers).filter((name) => isSecretHeader(name) && provider.headers[name] === "")

/** The providers with secrets the master key cannot read, and which. */
export const find: Effect.Effect<ReadonlyArray<Unreadable>, StorageError, ProviderStore> = Effect.map(
  Effect.flatMap(ProviderStore, (store) => store.list),
  (providers) =>
    providers.flatMap((provider) => {
      const keyIds = provider.apiKeys.filter((key) => key.unreadable === true).map((key) => key.id)
      const headers = emptyCredentials(provider)
      return keyIds.length + headers.length === 0
        ? []
        : [{ providerId: provider.id, name: provider.name, keyIds, headers }]
    })
)

/**
 * Drops every unreadable key and empty credential header, then writes the key check anew with the current master
 * key, so the next start accepts it. Returns what was dropped.
 */
export const forget = Effect.fn("UnreadableKeys.forget")(function* (check: KeyCheck.KeyCheckStore) {
  const store = yield* ProviderStore
  const found = yield* find
  for (const entry of found) {
    const provider = yield* store.get(entry.providerId as Provider["id"])
    const headers = Object.fromEntries(
      Object.entries(provider.headers).filter(([name]) => !entry.headers.includes(name))
    )
    const apiKeys = provider.apiKeys.filter((key) => key.unreadable !== true)
    yield* store.update(new Provider({ ...provider, apiKeys, headers }), provider.revision)
  }
  yield* KeyCheck.reset(check)
  return found
})
