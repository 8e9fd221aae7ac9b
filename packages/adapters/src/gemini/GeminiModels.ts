/**
 * Reads Gemini's whole model list: `GET /v1beta/models` page after page (`nextPageToken` → `pageToken`) until a page
 * has no token, mapped to `RemoteModel` with the metadata Gemini gives (display name, input token limit as context
 * length, supported generation methods). Ids lose the `models/` prefix: users and URLs name models without it.
 */
import type { HttpClient } from "@effect/platform"
import type { ProviderError } from "@switchboard/core/domain/Errors"
import type { AdapterTarget } from "@switchboard/core/ProviderAdapter"
import { RemoteModel } from "@switchboard/core/domain/RemoteModel"
import { Effect, Schema } from "effect"
import { maxModelListBytes } from "../internal/BodyLimits"
import { appendModels } from "../internal/ModelListLimit"
import { decodeJsonBody, invalidOutput } from "../internal/Http"
import { send } from "../internal/Http"
import { readFailure } from "./GeminiErrors"
import { modelsRequest } from "./GeminiRequest"
import { type ModelsPage, ModelsPage as ModelsPageSchema } from "./GeminiWire"

/** A bound on pages, so a server that keeps handing out tokens cannot keep us reading forever. */
export const maxModelPages = 100

const decodePage = Schema.decodeUnknownEither(ModelsPageSchema)

const fetchPage = (target: AdapterTarget, pageToken: string | undefined) => {
  const { ctx, request } = modelsRequest(target, pageToken)
  return send(request, ctx, readFailure).pipe(
    Effect.flatMap((response) => decodeJsonBody(response, ctx, decodePage, "model list", maxModelListBytes)),
    Effect.map((page) => ({ page, ctx }))
  )
}

const toRemoteModel = (model: NonNullable<ModelsPage["models"]>[number]) =>
  new RemoteModel({
    id: model.name.replace(/^models\//, ""),
    ...(model.displayName ? { displayName: model.displayName } : {}),
    ...(model.inputTokenLimit === undefined ? {} : { contextLength: model.inputTokenLimit }),
    ...(model.supportedGenerationMethods === undefined ? {} : { methods: model.supportedGenerationMethods })
  })

export const listModels = (
  target: AdapterTarget
): Effect.Effect<ReadonlyArray<RemoteModel>, ProviderError, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const models: Array<RemoteModel> = []
    const seen = new Set<string>()
    let pageToken: string | undefined
    for (let pageNumber = 1; ; pageNumber++) {
      const { page, ctx } = yield* fetchPage(target, pageToken)
      yield* appendModels(models, (page.models ?? []).map(toRemoteModel), ctx)
      const next = page.nextPageToken
      if (next === undefined || next === "") return models
      if (seen.has(next)) return yield* invalidOutput(ctx, `the model list repeats page token "${next}"`)
      if (pageNumber >= maxModelPages)
        return yield* invalidOutput(ctx, `the model list still has more after ${maxModelPages} pages`)
      seen.add(next)
      pageToken = next
    }
  })
