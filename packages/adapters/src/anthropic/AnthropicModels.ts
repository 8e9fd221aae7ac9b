/**
 * Reads Anthropic's whole model list: `GET /v1/models` page after page (`has_more`, continuing `after_id` = the
 * page's `last_id`) until the last one, mapped to `RemoteModel`.
 */
import type { HttpClient } from "@effect/platform"
import type { ProviderError } from "@switchboard/core/domain/Errors"
import type { AdapterTarget } from "@switchboard/core/ProviderAdapter"
import { RemoteModel } from "@switchboard/core/domain/RemoteModel"
import { Effect, Schema } from "effect"
import { maxModelListBytes } from "../internal/BodyLimits"
import { appendModels } from "../internal/ModelListLimit"
import { decodeJsonBody, invalidOutput, send } from "../internal/Http"
import { readFailure } from "./AnthropicErrors"
import { modelsRequest } from "./AnthropicRequest"
import { ModelsPage } from "./AnthropicWire"

/** A bound on pages, so a server that keeps answering `has_more` cannot keep us reading forever. */
export const maxModelPages = 100

const decodePage = Schema.decodeUnknownEither(ModelsPage)

const fetchPage = (target: AdapterTarget, afterId: string | undefined) => {
  const { ctx, request } = modelsRequest(target, afterId)
  return send(request, ctx, readFailure).pipe(
    Effect.flatMap((response) => decodeJsonBody(response, ctx, decodePage, "model list", maxModelListBytes)),
    Effect.map((page) => ({ page, ctx }))
  )
}

export const listModels = (
  target: AdapterTarget
): Effect.Effect<ReadonlyArray<RemoteModel>, ProviderError, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const models: Array<RemoteModel> = []
    let afterId: string | undefined
    for (let pageNumber = 1; ; pageNumber++) {
      const { page, ctx } = yield* fetchPage(target, afterId)
      const listed = page.data.map(
        (model) => new RemoteModel({ id: model.id, ...(model.display_name ? { displayName: model.display_name } : {}) })
      )
      yield* appendModels(models, listed, ctx)
      const next = page.last_id ?? page.data.at(-1)?.id
      if (page.has_more !== true || next === undefined) return models
      if (next === afterId) return yield* invalidOutput(ctx, `the model list repeats the page after "${next}"`)
      if (pageNumber >= maxModelPages)
        return yield* invalidOutput(ctx, `the model list still has more after ${maxModelPages} pages`)
      afterId = next
    }
  })
