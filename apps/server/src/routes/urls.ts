/**
 * `/api/urls`: the URL preview for settings that are not saved yet (the "add provider" dialog), from the query
 * string: `GET /api/urls?type=openai&baseUrl=http://localhost:8000/&model=gpt2`. The rules are the core's
 * (`BaseUrl.ts`), so the preview is exactly what the adapters will call. A stored provider's preview, optionally
 * with unsaved changes on top, is `GET /api/providers/:id/urls`.
 */
import { BaseUrlField, shownEndpoints } from "@switchboard/core/BaseUrl"
import { ApiVersionField } from "@switchboard/core/domain/ProviderInput"
import { ProviderType } from "@switchboard/core/domain/ProviderType"
import { Schema } from "effect"
import { Hono } from "hono"
import { queryParams } from "../Body"

export const UrlPreviewQuery = Schema.Struct({
  type: ProviderType,
  baseUrl: BaseUrlField,
  apiVersion: Schema.optional(ApiVersionField),
  /** The model (Gemini) or deployment (Azure) the chat URL names; `{model}` stands in without one. */
  model: Schema.optional(Schema.String)
})

export const EndpointsView = Schema.Struct({
  chat: Schema.String,
  models: Schema.String
}).annotations({ identifier: "Endpoints" })

export const urlsRoutes = () =>
  new Hono().get("/", queryParams(UrlPreviewQuery), (c) => {
    const { model, ...settings } = c.req.valid("query")
    return c.json(shownEndpoints(settings, model), 200)
  })
