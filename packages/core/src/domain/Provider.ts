/**
 * A configured provider: one endpoint speaking one protocol, with its keys and the models the user picked.
 */
import { Schema } from "effect"
import { ApiKey } from "./ApiKey"
import { Model } from "./Model"
import { ProviderType } from "./ProviderType"
import { Timeouts } from "./Timeouts"

/** A readable slug made from the name at creation (`"My vLLM"` → `my-vllm`), stable across renames. */
export const ProviderId = Schema.String.pipe(Schema.pattern(/^[a-z0-9]+(?:-[a-z0-9]+)*$/), Schema.brand("ProviderId"))
export type ProviderId = typeof ProviderId.Type

export class Provider extends Schema.Class<Provider>("Provider")({
  id: ProviderId,
  name: Schema.String,
  type: ProviderType,
  enabled: Schema.Boolean,
  baseUrl: Schema.String,
  apiKeys: Schema.Array(ApiKey),
  /** Azure OpenAI's `api-version` (`2024-10-21`, or `v1` for the v1 API). */
  apiVersion: Schema.optional(Schema.String),
  /** Extra headers sent with every request to this provider. */
  headers: Schema.Record({ key: Schema.String, value: Schema.String }),
  timeouts: Timeouts,
  models: Schema.Array(Model),
  /** Bumped by every write; updates carry the revision they were based on. */
  revision: Schema.Int,
  createdAt: Schema.DateTimeUtc,
  updatedAt: Schema.DateTimeUtc
}) {}
