/**
 * The OpenAI-compatible adapter: OpenAI itself and every server that copies its API (vLLM, Ollama, LM Studio,
 * OpenRouter, DeepSeek, Groq…). The key travels as `Authorization: Bearer`, and only when one is set: keyless local
 * servers get no auth header at all.
 */
import type { HttpClient } from "@effect/platform"
import type { ProviderAdapter } from "@switchboard/core/ProviderAdapter"
import type { Effect } from "effect"
import type { RelayAgents } from "../internal/Relay"
import { type Dialect, make as makeChatCompletions } from "./ChatCompletionsAdapter"

export const dialect: Dialect = {
  name: "OpenAiAdapter",
  authHeaders: (key) => ({ authorization: `Bearer ${key}` }),
  modelInBody: () => true
}

export const make: Effect.Effect<ProviderAdapter, never, HttpClient.HttpClient | RelayAgents> =
  makeChatCompletions(dialect)
