/**
 * `/api/providers/:id/models`: the models registered on a provider. Model ids contain `/` and `:`
 * (`meta-llama/Llama-3.1-8B-Instruct`, `qwen2.5:7b`), so the id in the path is URL-encoded — and a raw `/` is
 * tolerated too, since the id is the rest of the path. Every change answers with the whole updated provider.
 * `POST /:id/models-sync` compares the stored models with the provider's own list (see `ModelSync`).
 */
import { ModelPatch, NewModel } from "@switchboard/core/domain/ProviderInput"
import { syncView } from "@switchboard/core/domain/ModelViews"
import { Models } from "@switchboard/core/Models"
import { SyncInput } from "@switchboard/core/ModelSync"
import { Providers } from "@switchboard/core/Providers"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import type { AppServices } from "../AppServices"
import { jsonBody } from "../Body"
import type { Runner } from "../Runner"
import { providerView } from "@switchboard/core/domain/ProviderView"

/** `addNew` adds the models new upstream, `removeGone` removes those no longer offered; neither: only marks. */
export const SyncBody = SyncInput

/** One model (an id, or an object with id and settings) or a list of them. */
export const NewModels = Schema.Union(NewModel, Schema.Array(NewModel))

export const modelsRoutes = (runner: Runner<AppServices>) =>
  new Hono()
    .post("/:id/models", jsonBody(NewModels), (c) => {
      const models = c.req.valid("json")
      return runner.run(
        c,
        Effect.flatMap(Providers, (p) => p.addModels(c.req.param("id"), Array.isArray(models) ? models : [models])),
        (provider) => c.json(providerView(provider), 201)
      )
    })
    .patch("/:id/models/:modelId{.+}", jsonBody(ModelPatch), (c) => {
      const patch = c.req.valid("json")
      return runner.run(
        c,
        Effect.flatMap(Providers, (p) => p.updateModel(c.req.param("id"), c.req.param("modelId"), patch)),
        (provider) => c.json(providerView(provider), 200)
      )
    })
    .post("/:id/models-sync", jsonBody(SyncBody, { optional: true }), (c) => {
      const options = c.req.valid("json")
      return runner.run(
        c,
        Effect.flatMap(Models, (models) => models.sync(c.req.param("id"), options)),
        (synced) => c.json(syncView(synced), 200)
      )
    })
    .delete("/:id/models/:modelId{.+}", (c) =>
      runner.run(
        c,
        Effect.flatMap(Providers, (p) => p.removeModel(c.req.param("id"), c.req.param("modelId"))),
        (provider) => c.json(providerView(provider), 200)
      )
    )
