/**
 * Builds a valid `Provider` for tests: only the name is required, everything else has a plain default that the
 * test can override. The id is a simple slug of the name, as `Providers.add` would make it.
 */
import { Redacted } from "effect"
import * as DateTime from "effect/DateTime"
import { ApiKey, type ApiKeyId } from "../../src/domain/ApiKey"
import { Provider, type ProviderId } from "../../src/domain/Provider"
import { Timeouts } from "../../src/domain/Timeouts"

type ProviderFields = ConstructorParameters<typeof Provider>[0]

const createdAt = DateTime.unsafeMake("2025-01-01T00:00:00Z")

export const makeProvider = (name: string, overrides: Partial<ProviderFields> = {}): Provider =>
  new Provider({
    id: name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") as ProviderId,
    name,
    type: "openai",
    enabled: true,
    baseUrl: "http://localhost:8000/",
    apiKeys: [],
    headers: {},
    timeouts: Timeouts.defaults,
    models: [],
    revision: 1,
    createdAt,
    updatedAt: createdAt,
    ...overrides
  })

/** An API key with the given plain value (its id defaults to `k1`). */
export const makeApiKey = (value: string, id = "k1"): ApiKey =>
  new ApiKey({ id: id as ApiKeyId, value: Redacted.make(value) })
