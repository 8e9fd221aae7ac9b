/**
 * A provider as the API shows it: keys as `{id, masked}` only, credential header values (the core's `SecretHeaders`
 * rule) masked the same way, capabilities resolved (inferred, then the user's overrides). The Schemas describe these shapes for the
 * OpenAPI document and the typed client; `providerView` builds them.
 */
import type { Model } from "@switchboard/core/domain/Model"
import type { Provider } from "@switchboard/core/domain/Provider"
import { ProviderType } from "@switchboard/core/domain/ProviderType"
import { maskHeaders } from "@switchboard/core/domain/SecretHeaders"
import { DateTime, Schema } from "effect"

export const ApiKeyView = Schema.Struct({
  id: Schema.String,
  /** `sk-…abcd`: enough to recognise a key, never enough to use it. */
  masked: Schema.String
}).annotations({ identifier: "ApiKey" })

const Capabilities = Schema.Struct({
  vision: Schema.Boolean,
  reasoning: Schema.Boolean,
  tools: Schema.Boolean,
  embedding: Schema.Boolean,
  webSearch: Schema.Boolean
}).annotations({ identifier: "Capabilities" })

export const ModelView = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  group: Schema.String,
  /** Inferred from the id, with the user's overrides applied. */
  capabilities: Capabilities,
  /** Only the capabilities the user set explicitly. */
  overrides: Schema.partial(Capabilities),
  contextLength: Schema.optional(Schema.Int),
  ownedBy: Schema.optional(Schema.String)
}).annotations({ identifier: "Model" })
export type ModelView = typeof ModelView.Type

export const TimeoutsView = Schema.Struct({
  firstByteMs: Schema.Int,
  idleMs: Schema.Int,
  verifyMs: Schema.Int,
  maxRetries: Schema.Int
}).annotations({ identifier: "Timeouts" })

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
  ...(model.ownedBy === undefined ? {} : { ownedBy: model.ownedBy })
})

export const providerView = (provider: Provider): ProviderView => ({
  id: provider.id,
  name: provider.name,
  type: provider.type,
  enabled: provider.enabled,
  baseUrl: provider.baseUrl,
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
