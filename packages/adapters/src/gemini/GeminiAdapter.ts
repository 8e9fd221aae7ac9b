/**
 * The Gemini (Generative Language API) implementation of the core's `ProviderAdapter`: the model list across all
 * pages, and one streamed generation (`alt=sse`) as neutral `ChatEvent`s.
 */
import type { HttpClient } from "@effect/platform"
import type { ProviderAdapter } from "@switchboard/core/ProviderAdapter"
import type { Effect } from "effect"
import { makeAdapter } from "../internal/Adapter"
import type { RelayAgents } from "../internal/Relay"
import { readFailure } from "./GeminiErrors"
import { listModels } from "./GeminiModels"
import { chatRequest } from "./GeminiRequest"
import { generateContentAnswer } from "./GeminiStream"

export const make: Effect.Effect<ProviderAdapter, never, HttpClient.HttpClient | RelayAgents> = makeAdapter({
  name: "GeminiAdapter",
  listModels,
  chatRequest,
  failure: readFailure,
  answer: generateContentAnswer
})
