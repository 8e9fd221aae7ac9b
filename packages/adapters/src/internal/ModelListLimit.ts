/**
 * How many models a provider's list may hold. Each page is bounded in bytes (`BodyLimits.maxModelListBytes`), but a
 * 16 MiB page of `{"id":"m"},` is 1.5 million models, and pages go on: the list is refused past a count no real
 * provider comes near (OpenRouter lists about 400), before the models are kept.
 */
import type { RemoteModel } from "@switchboard/core/domain/RemoteModel"
import { Effect } from "effect"
import type { ProviderError } from "@switchboard/core/domain/Errors"
import { type CallContext, invalidOutput } from "./Http"

/** The most models one provider's list may hold. */
export const maxRemoteModels = 20_000

/** Appends a page's `page` to `models`, or fails with `InvalidOutput` when the list would pass `maxRemoteModels`. */
export const appendModels = (
  models: Array<RemoteModel>,
  page: ReadonlyArray<RemoteModel>,
  ctx: CallContext
): Effect.Effect<void, ProviderError> => {
  if (models.length + page.length > maxRemoteModels)
    return Effect.fail(invalidOutput(ctx, `the model list has more than ${maxRemoteModels} models`))
  for (const model of page) models.push(model)
  return Effect.void
}
