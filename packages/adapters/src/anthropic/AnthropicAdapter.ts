/**
 * The Anthropic (Messages API) implementation of the core's `ProviderAdapter`: the model list across all pages, one
 * streamed generation as neutral `ChatEvent`s, and a client's own Messages request (and its token count) relayed as
 * it is (`AnthropicRelay`).
 */
import type { HttpClient } from "@effect/platform"
import type { ProviderAdapter } from "@switchboard/core/ProviderAdapter"
import { Effect } from "effect"
import { makeAdapter } from "../internal/Adapter"
import { RelayAgents } from "../internal/Relay"
import { readFailure } from "./AnthropicErrors"
import { listModels } from "./AnthropicModels"
import { anthropicRelays } from "./AnthropicRelay"
import { chatRequest } from "./AnthropicRequest"
import { messagesAnswer } from "./AnthropicStream"

export const make: Effect.Effect<ProviderAdapter, never, HttpClient.HttpClient | RelayAgents> = Effect.zipWith(
  RelayAgents,
  makeAdapter({
    name: "AnthropicAdapter",
    listModels,
    chatRequest,
    failure: readFailure,
    answer: messagesAnswer
  }),
  (agents, adapter): ProviderAdapter => ({ ...adapter, relays: anthropicRelays(agents) })
)
