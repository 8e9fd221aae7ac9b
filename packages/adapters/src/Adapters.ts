/**
 * The adapter registry: the core's `ProviderAdapters` filled with one adapter per protocol. Apps provide it with an
 * `HttpClient` layer (use `NodeHttpClient.layerUndici` from `@effect/platform-node`: interrupting a chat aborts its
 * upstream request on it). Relayed gateway requests go through connection pools of the adapters' own (`Relay.ts`).
 */
import type { HttpClient } from "@effect/platform"
import { ProviderAdapters } from "@switchboard/core/ProviderAdapter"
import type { ProviderType } from "@switchboard/core/domain/ProviderType"
import { Effect, Layer } from "effect"
import * as AnthropicAdapter from "./anthropic/AnthropicAdapter"
import * as AzureAdapter from "./azure/AzureAdapter"
import * as GeminiAdapter from "./gemini/GeminiAdapter"
import * as Relay from "./internal/Relay"
import * as OpenAiAdapter from "./openai/OpenAiAdapter"
import * as ResponsesAdapter from "./responses/ResponsesAdapter"

export const layer: Layer.Layer<ProviderAdapters, never, HttpClient.HttpClient> = Layer.effect(
  ProviderAdapters,
  Effect.gen(function* () {
    const adapters = {
      openai: yield* OpenAiAdapter.make,
      "openai-responses": yield* ResponsesAdapter.make,
      "azure-openai": yield* AzureAdapter.make,
      anthropic: yield* AnthropicAdapter.make,
      gemini: yield* GeminiAdapter.make
    } satisfies Record<ProviderType, unknown>
    return { get: (type: ProviderType) => adapters[type] }
  })
).pipe(Layer.provide(Relay.layerAgents))
