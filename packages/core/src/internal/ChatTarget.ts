/**
 * What every way of talking to a model checks first, once: the provider exists, is enabled and has the model
 * registered. `Chat` and `Relay` both start here.
 */
import { Effect } from "effect"
import { type NotFound, ProviderDisabled, type StorageError, UnknownModel } from "../domain/Errors"
import type { Provider, ProviderId } from "../domain/Provider"
import type { ProviderStoreService } from "../ProviderStore"

export type TargetError = NotFound | ProviderDisabled | UnknownModel | StorageError

/** The provider that answers `modelId`, or the reason it cannot. */
export const resolveTarget = (
  store: ProviderStoreService,
  providerId: string,
  modelId: string
): Effect.Effect<Provider, TargetError> =>
  Effect.flatMap(store.get(providerId as ProviderId), (provider): Effect.Effect<Provider, TargetError> => {
    if (!provider.enabled) return Effect.fail(new ProviderDisabled({ providerId: provider.id }))
    if (!provider.models.some((m) => m.id === modelId))
      return Effect.fail(new UnknownModel({ providerId: provider.id, modelId }))
    return Effect.succeed(provider)
  })
