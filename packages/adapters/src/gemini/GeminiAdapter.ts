/**
 * The Gemini (Generative Language API) implementation of the core's `ProviderAdapter`: the model list across all
 * pages, one streamed generation (`alt=sse`) as neutral `ChatEvent`s, and embeddings through `batchEmbedContents`
 * (`GeminiEmbeddings`).
 */
import type { HttpClient } from "@effect/platform"
import type { ProviderAdapter } from "@switchboard/core/ProviderAdapter"
import { Effect } from "effect"
import { makeAdapter } from "../internal/Adapter"
import { RelayAgents } from "../internal/Relay"
import { embedWith } from "./GeminiEmbeddings"
import { readFailure } from "./GeminiErrors"
import { listModels } from "./GeminiModels"
import { chatRequest } from "./GeminiRequest"
import { generateContentAnswer } from "./GeminiStream"

export const make: Effect.Effect<ProviderAdapter, never, HttpClient.HttpClient | RelayAgents> = Effect.zipWith(
  RelayAgents,
  makeAdapter({
    name: "GeminiAdapter",
    listModels,
    chatRequest,
    failure: readFailure,
    answer: generateContentAnswer
  }),
  (agents, adapter): ProviderAdapter => ({ ...adapter, embed: embedWith(agents) })
)
