/**
 * The `openai-responses` adapter: OpenAI (or a compatible server) over the Responses API, `POST …/v1/responses`, for
 * models served only there. Base URLs, the model list, errors and the key (`Authorization: Bearer`, only when one is
 * set) are the OpenAI adapter's; the request and the answer are the Responses API's own. A client's own Responses
 * and embeddings requests are relayed as they are (`OpenAiRelay`).
 */
import type { HttpClient } from "@effect/platform"
import { endpoints } from "@switchboard/core/BaseUrl"
import type { ProviderAdapter } from "@switchboard/core/ProviderAdapter"
import { Effect } from "effect"
import { makeAdapter } from "../internal/Adapter"
import { callContext } from "../internal/Http"
import { RelayAgents } from "../internal/Relay"
import { type Dialect, headersFor } from "../openai/Dialect"
import { listModels } from "../openai/ModelList"
import * as OpenAiAdapter from "../openai/OpenAiAdapter"
import { readFailure } from "../openai/OpenAiError"
import { embeddingsRelayUrl, relaySend } from "../openai/OpenAiRelay"
import { chatRequest, responsesUrl } from "./ResponsesRequest"
import { responsesAnswer } from "./ResponsesStream"

export const dialect: Dialect = { ...OpenAiAdapter.dialect, name: "ResponsesAdapter" }

export const make: Effect.Effect<ProviderAdapter, never, HttpClient.HttpClient | RelayAgents> = Effect.zipWith(
  RelayAgents,
  makeAdapter({
    name: dialect.name,
    listModels: (target) => {
      const url = endpoints({ type: "openai-responses", baseUrl: target.provider.baseUrl }).models
      return listModels(url, headersFor(dialect, target), callContext(url, target))
    },
    chatRequest,
    failure: readFailure,
    answer: responsesAnswer
  }),
  (agents, adapter): ProviderAdapter => ({
    ...adapter,
    // Servers of the Responses API serve OpenAI's embeddings beside it.
    relays: {
      responses: relaySend(agents, dialect, responsesUrl),
      embeddings: relaySend(agents, dialect, embeddingsRelayUrl)
    }
  })
)
