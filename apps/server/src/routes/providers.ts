/**
 * `/api/providers`: the provider lifecycle — list, add (from scratch or a preset), read, change, reorder, remove —
 * plus the actions on one provider: verify its keys (and read the last check), fetch its own model list, and preview
 * the exact URLs its requests go to. Every body is validated by the core's own Schemas before the core sees it.
 */
import { BaseUrlField, shownEndpoints } from "@switchboard/core/BaseUrl"
import { InvalidInput } from "@switchboard/core/domain/Errors"
import { ApiVersionField, MaskedHeadersField, NewProvider, ProviderPatch } from "@switchboard/core/domain/ProviderInput"
import { Providers, type ProvidersService } from "@switchboard/core/Providers"
import { ProviderType } from "@switchboard/core/domain/ProviderType"
import { restoreMaskedHeaders } from "@switchboard/core/domain/SecretHeaders"
import { restoreMaskedUrl } from "@switchboard/core/domain/SecretUrl"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import type { AppServices } from "../AppServices"
import { jsonBody, queryParams } from "../Body"
import type { Runner } from "../Runner"
import { providerView } from "@switchboard/core/domain/ProviderView"
import { lastVerifyView, remoteModelView, verifyReportView } from "@switchboard/core/domain/ReportViews"

const withProviders = <A, E>(f: (providers: ProvidersService) => Effect.Effect<A, E>) => Effect.flatMap(Providers, f)

/** A PATCH may carry the revision it was based on; a provider changed since then answers 409. */
export const PatchBody = Schema.Struct({
  ...ProviderPatch.fields,
  headers: Schema.optional(MaskedHeadersField),
  revision: Schema.optional(Schema.Int)
})

/** Every provider id exactly once, in the new order. */
export const OrderBody = Schema.Struct({ order: Schema.Array(Schema.String) })

export const VerifyBody = Schema.Struct({
  /** Check by generating one token with this model instead of (or after) listing models. */
  model: Schema.optional(Schema.String)
})

/** Unsaved settings to preview over the stored ones, so the dashboard can show the URLs while the user types. */
export const UrlsQuery = Schema.Struct({
  model: Schema.optional(Schema.String),
  type: Schema.optional(ProviderType),
  baseUrl: Schema.optional(BaseUrlField),
  apiVersion: Schema.optional(ApiVersionField)
})

export const providersRoutes = (runner: Runner<AppServices>) =>
  new Hono()
    .get("/", (c) =>
      runner.run(
        c,
        withProviders((p) => p.list),
        (list) => c.json(list.map(providerView), 200)
      )
    )
    .post("/", jsonBody(NewProvider), (c) => {
      const input = c.req.valid("json")
      return runner.run(
        c,
        withProviders((p) => p.add(input)),
        (provider) => c.json(providerView(provider), 201)
      )
    })
    .put("/order", jsonBody(OrderBody), (c) => {
      const { order } = c.req.valid("json")
      return runner.run(
        c,
        withProviders((p) => p.reorder(order)).pipe(
          // The core names the list `ids`; in this body it is `order`.
          Effect.mapError((error) =>
            error._tag === "InvalidInput" && error.field.startsWith("ids")
              ? new InvalidInput({ field: `order${error.field.slice(3)}`, problem: error.problem })
              : error
          )
        ),
        (list) => c.json(list.map(providerView), 200)
      )
    })
    .get("/:id", (c) =>
      runner.run(
        c,
        withProviders((p) => p.get(c.req.param("id"))),
        (provider) => c.json(providerView(provider), 200)
      )
    )
    .patch("/:id", jsonBody(PatchBody), (c) => {
      const id = c.req.param("id")
      const { revision, ...patch } = c.req.valid("json")
      return runner.run(
        c,
        withProviders((p) =>
          Effect.gen(function* () {
            // Masked credential headers, or a masked base URL, sent back unchanged keep their stored values.
            const stored = patch.headers === undefined && patch.baseUrl === undefined ? undefined : yield* p.get(id)
            const headers =
              patch.headers === undefined || stored === undefined
                ? undefined
                : restoreMaskedHeaders(patch.headers, stored.headers)
            const baseUrl =
              patch.baseUrl === undefined || stored === undefined
                ? undefined
                : restoreMaskedUrl(patch.baseUrl, stored.baseUrl)
            return yield* p.update(
              id,
              {
                ...patch,
                ...(headers === undefined ? {} : { headers }),
                ...(baseUrl === undefined ? {} : { baseUrl })
              },
              revision === undefined ? {} : { revision }
            )
          })
        ),
        (provider) => c.json(providerView(provider), 200)
      )
    })
    .delete("/:id", (c) =>
      runner.run(
        c,
        withProviders((p) => p.remove(c.req.param("id"))),
        () => c.body(null, 204)
      )
    )
    .post("/:id/verify", jsonBody(VerifyBody, { optional: true }), (c) => {
      const { model } = c.req.valid("json")
      return runner.run(
        c,
        withProviders((p) => p.verify(c.req.param("id"), model === undefined ? {} : { model })),
        (report) => c.json(verifyReportView(report), 200)
      )
    })
    .get("/:id/verify", (c) =>
      runner.run(
        c,
        withProviders((p) => p.lastVerify(c.req.param("id"))),
        (last) => c.json(lastVerifyView(last), 200)
      )
    )
    .get("/:id/remote-models", (c) =>
      runner.run(
        c,
        withProviders((p) => p.remoteModels(c.req.param("id"))),
        (models) => c.json(models.map(remoteModelView), 200)
      )
    )
    .get("/:id/urls", queryParams(UrlsQuery), (c) => {
      const { model, ...overrides } = c.req.valid("query")
      return runner.run(
        c,
        withProviders((p) => p.get(c.req.param("id"))),
        (provider) => {
          const settings = {
            type: overrides.type ?? provider.type,
            baseUrl:
              overrides.baseUrl === undefined
                ? provider.baseUrl
                : restoreMaskedUrl(overrides.baseUrl, provider.baseUrl),
            apiVersion: overrides.apiVersion ?? provider.apiVersion
          }
          // A model for the preview: the one asked for, else the first registered one, else the `{model}` placeholder.
          const chosen = model ?? provider.models[0]?.id
          return c.json(shownEndpoints(settings, chosen), 200)
        }
      )
    })
