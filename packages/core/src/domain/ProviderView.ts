/**
 * A provider as every frontend shows it: the REST API's JSON, `switchboard … --json`, and the types the dashboard
 * reads. Keys appear as `{id, masked}` only, credential header values (the `SecretHeaders` rule) masked the same way,
 * a model's facts resolved with their sources (see `ModelFacts`). The Schemas describe the shape for the OpenAPI
 * document and for decoding; `providerView` builds it.
 */
import { DateTime, Schema } from "effect"
import { Capability } from "./ModelCapabilities"
import { ModelFactsView, modelFacts } from "./ModelFacts"
import type { Model } from "./Model"
import type { Provider } from "./Provider"
import { ProviderType } from "./ProviderType"
import { maskHeaders } from "./SecretHeaders"
import { maskUrl } from "./SecretUrl"

export const ApiKeyView = Schema.Struct({
  id: Schema.String,
  /** `sk-…abcd`: enough to recognise a key, never enough to use it. */
  masked: Schema.String
}).annotations({ identifier: "ApiKey" })
export type ApiKeyView = typeof ApiKeyView.Type

const Capabilities = Schema.Record({ key: Capability, value: Schema.Boolean }).annotations({
  identifier: "Capabilities"
})

export const ModelView = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  group: Schema.String,
  /** Inferred from the id, with the user's overrides applied. */
  capabilities: Capabilities,
  /** Only the capabilities the user set explicitly. */
  overrides: Schema.partial(Capabilities),
  /** The context window the provider's list gave, as it gave it (`facts.contextWindow` is the one to show). */
  contextLength: Schema.optional(Schema.Int),
  ownedBy: Schema.optional(Schema.String),
  /** Every fact with where it came from: `user` (yours), `provider`, `catalog` or `inferred`. */
  facts: ModelFactsView,
  /** The catalog entry the facts came from, as `source/entryId` (`openai/gpt-4o`). */
  catalogEntry: Schema.optional(Schema.String),
  /** When a sync last found the model gone from the provider's list. */
  goneAt: Schema.optional(Schema.String)
}).annotations({ identifier: "Model" })
export type ModelView = typeof ModelView.Type

export const TimeoutsView = Schema.Struct({
  firstByteMs: Schema.Int,
  idleMs: Schema.Int,
  verifyMs: Schema.Int,
  maxRetries: Schema.Int
}).annotations({ identifier: "Timeouts" })
export type TimeoutsView = typeof TimeoutsView.Type

export const ProviderView = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  type: ProviderType,
  enabled: Schema.Boolean,
  baseUrl: Schema.String,
  apiKeys: Schema.Array(ApiKeyView),
  apiVersion: Schema.optional(Schema.String),
  headers: Schema.Record({ key: Schema.String, value: Schema.String }),
  timeouts: TimeoutsView,
  models: Schema.Array(ModelView),
  /** Send it back as `revision` in a PATCH to fail with 409 instead of overwriting someone else's change. */
  revision: Schema.Int,
  createdAt: Schema.String,
  updatedAt: Schema.String
}).annotations({ identifier: "Provider" })
export type ProviderView = typeof ProviderView.Type

export const modelView = (model: Model): ModelView => ({
  id: model.id,
  name: model.name,
  group: model.group,
  capabilities: model.capabilities,
  overrides: model.overrides,
  ...(model.contextLength === undefined ? {} : { contextLength: model.contextLength }),
  ...(model.ownedBy === undefined ? {} : { ownedBy: model.ownedBy }),
  facts: modelFacts(model),
  ...(model.catalog === undefined ? {} : { catalogEntry: `${model.catalog.source}/${model.catalog.entryId}` }),
  ...(model.goneAt === undefined ? {} : { goneAt: DateTime.formatIso(model.goneAt) })
})

export const providerView = (provider: Provider): ProviderView => ({
  id: provider.id,
  name: provider.name,
  type: provider.type,
  enabled: provider.enabled,
  baseUrl: maskUrl(provider.baseUrl),
  apiKeys: provider.apiKeys.map((key) => ({ id: key.id, masked: key.masked })),
  ...(provider.apiVersion === undefined ? {} : { apiVersion: provider.apiVersion }),
  headers: maskHeaders(provider.headers),
  timeouts: {
    firstByteMs: provider.timeouts.firstByteMs,
    idleMs: provider.timeouts.idleMs,
    verifyMs: provider.timeouts.verifyMs,
    maxRetries: provider.timeouts.maxRetries
  },
  models: provider.models.map(modelView),
  revision: provider.revision,
  createdAt: DateTime.formatIso(provider.createdAt),
  updatedAt: DateTime.formatIso(provider.updatedAt)
})
