/**
 * The Anthropic (Messages API) implementation of the core's `ProviderAdapter`: the model list across all pages, and
 * one streamed generation as neutral `ChatEvent`s.
 */
import type { HttpClient } from "@effect/platform"
import type { ProviderAdapter } from "@switchboard/core/ProviderAdapter"
import type { Effect } from "effect"
import { makeAdapter } from "../internal/Adapter"
import type { RelayAgents } from "../internal/Relay"
import { readFailure } from "./AnthropicErrors"
import { listModels } from "./AnthropicModels"
import { chatRequest } from "./AnthropicRequest"
import { messagesAnswer } from "./AnthropicStream"

export const make: Effect.Effect<ProviderAdapter, never, HttpClient.HttpClient | RelayAgents> = makeAdapter({
  name: "AnthropicAdapter",
  listModels,
  chatRequest,
  failure: readFailure,
  answer: messagesAnswer
})
