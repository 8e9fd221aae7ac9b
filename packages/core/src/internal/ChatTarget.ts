/**
 * What every way of talking to a model checks first, once: the provider exists, is enabled and has the model
 * registered, and the model does what it is asked (an embedding model is not chatted with). `Chat` and `Relay` both
 * start here.
 */
import { Effect } from "effect"
import { InvalidInput, type NotFound, ProviderDisabled, type StorageError, UnknownModel } from "../domain/Errors"
import { quotedId } from "../domain/Excerpt"
import { isEmbeddingOnly } from "../domain/ModelCapabilities"
import type { Provider, ProviderId } from "../domain/Provider"
import type { ProviderStoreService } from "../ProviderStore"

export type TargetError = NotFound | ProviderDisabled | UnknownModel | StorageError | InvalidInput

/** What a request asks of the model: to generate (a chat, a token count) or to embed. */
export type ModelUse = "chat" | "embeddings"

/** A chat with an embedding-only model: refused here, where the upstream's own refusal would not say why. */
const embeddingModel = (modelId: string) =>
  new InvalidInput({
    field: "model",
    problem:
      `"${quotedId(modelId)}" is an embedding model, which cannot chat: send it to POST /v1/embeddings. If it can ` +
      "chat, turn its embedding capability off in the model's settings."
  })

/** The provider that answers `modelId` for `use`, or the reason it cannot. */
export const resolveTarget = (
  store: ProviderStoreService,
  providerId: string,
  modelId: string,
  use: ModelUse = "chat"
): Effect.Effect<Provider, TargetError> =>
  Effect.flatMap(store.get(providerId as ProviderId), (provider): Effect.Effect<Provider, TargetError> => {
    if (!provider.enabled) return Effect.fail(new ProviderDisabled({ providerId: provider.id }))
    const model = provider.models.find((m) => m.id === modelId)
    if (model === undefined) return Effect.fail(new UnknownModel({ providerId: provider.id, modelId }))
    if (use === "chat" && isEmbeddingOnly(model.capabilities)) return Effect.fail(embeddingModel(modelId))
    return Effect.succeed(provider)
  })
