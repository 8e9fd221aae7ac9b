/**
 * One `ProviderAdapter` for every server speaking Chat Completions, parameterised by a `Dialect`: what differs between
 * OpenAI-compatible servers and Azure OpenAI is only how the key travels and whether the model goes in the body. The
 * URLs come from the core's base-URL rules, so the adapter calls exactly the URL every frontend shows.
 */
import { type HttpClient, HttpClientRequest } from "@effect/platform"
import { endpoints } from "@switchboard/core/BaseUrl"
import { ProviderError } from "@switchboard/core/domain/Errors"
import type { ProviderAdapter } from "@switchboard/core/ProviderAdapter"
import { Effect } from "effect"
import { makeAdapter } from "../internal/Adapter"
import { callContext } from "../internal/Http"
import { RelayAgents } from "../internal/Relay"
import { chatBody, Unsendable } from "./ChatCompletionRequest"
import { chatCompletionAnswer } from "./ChatCompletionStream"
import { type Dialect, headersFor } from "./Dialect"
import { listModels } from "./ModelList"
import { readFailure } from "./OpenAiError"
import { embeddingsRelayUrl, relaySend } from "./OpenAiRelay"

export type { Dialect }

/**
 * The adapter for one dialect; a client's own Chat Completions and embeddings requests are relayed as they are
 * (`OpenAiRelay`).
 */
export const make = (dialect: Dialect): Effect.Effect<ProviderAdapter, never, HttpClient.HttpClient | RelayAgents> =>
  Effect.zipWith(
    RelayAgents,
    makeAdapter({
      name: dialect.name,
      listModels: (target) => {
        const url = endpoints(target.provider).models
        return listModels(url, headersFor(dialect, target), callContext(url, target))
      },
      chatRequest: (target, request) => {
        const url = endpoints(target.provider, request.model).chat
        const ctx = callContext(url, target)
        const body = chatBody(request, { modelInBody: dialect.modelInBody(url) })
        if (body instanceof Unsendable)
          return new ProviderError({ reason: "InvalidRequest", url: ctx.url, detail: body.detail })
        return {
          request: HttpClientRequest.post(url).pipe(
            HttpClientRequest.setHeaders({ accept: "text/event-stream", ...headersFor(dialect, target) }),
            HttpClientRequest.bodyUnsafeJson(body)
          ),
          ctx
        }
      },
      failure: readFailure,
      answer: chatCompletionAnswer
    }),
    (agents, adapter): ProviderAdapter => ({
      ...adapter,
      relays: {
        "chat-completions": relaySend(agents, dialect),
        embeddings: relaySend(agents, dialect, embeddingsRelayUrl)
      }
    })
  )
