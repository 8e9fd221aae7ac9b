/**
 * The Azure OpenAI adapter: Chat Completions on Azure's URLs (a deployment URL with `api-version`, or the `v1` API
 * where the model goes in the body), with the key in the `api-key` header. Azure's additions to the stream
 * (`prompt_filter_results` chunks with empty `choices`, `content_filter_results` on choices, `content_filter` finish
 * reasons, `innererror` on content-policy errors) are read by the shared Chat Completions decoding, unchanged.
 */
import type { HttpClient } from "@effect/platform"
import type { ProviderAdapter } from "@switchboard/core/ProviderAdapter"
import type { Effect } from "effect"
import type { RelayAgents } from "../internal/Relay"
import { type Dialect, make as makeChatCompletions } from "../openai/ChatCompletionsAdapter"

export const dialect: Dialect = {
  name: "AzureAdapter",
  authHeaders: (key) => ({ "api-key": key }),
  // `/openai/deployments/{name}/chat/completions` names the model; `/openai/v1/chat/completions` does not.
  modelInBody: (chatUrl) => !new URL(chatUrl).pathname.includes("/deployments/")
}

export const make: Effect.Effect<ProviderAdapter, never, HttpClient.HttpClient | RelayAgents> =
  makeChatCompletions(dialect)
