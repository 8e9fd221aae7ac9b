/**
 * The provider every micro-benchmark talks to: OpenAI-style, enabled, one model (`gpt2`), default timeouts.
 */
import { DateTime } from "effect"
import { makeModel } from "../src/domain/Model"
import { Provider, type ProviderId } from "../src/domain/Provider"
import { Timeouts } from "../src/domain/Timeouts"

const createdAt = DateTime.unsafeMake("2025-01-01T00:00:00Z")

export const benchProvider = (
  fields: Partial<ConstructorParameters<typeof Provider>[0]> & Pick<Provider, "baseUrl">
): Provider =>
  new Provider({
    id: "fast" as ProviderId,
    name: "Fast",
    type: "openai",
    enabled: true,
    apiKeys: [],
    headers: {},
    timeouts: Timeouts.defaults,
    models: [makeModel("gpt2")],
    revision: 1,
    createdAt,
    updatedAt: createdAt,
    ...fields
  })
