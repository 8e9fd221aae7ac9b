/**
 * One `ProviderAdapter` for every server speaking Chat Completions, parameterised by a `Dialect`: what differs between
 * OpenAI-compatible servers and Azure OpenAI is only how the key travels and whether the model goes in the body. The
 * URLs come from the core's base-URL rules, so the adapter calls exactly the URL every frontend shows.
 */
import { type HttpClient, HttpClientRequest } from "@effect/platform"
import { endpoints } from "@switchboard/core/BaseUrl"
import type { AdapterTarget, ProviderAdapter } from "@switchboard/core/ProviderAdapter"
import { Effect, Option, Redacted } from "effect"
import { makeAdapter } from "../internal/Adapter"
import { callContext, send } from "../internal/Http"
import { RelayAgents, relay } from "../internal/Relay"
import { chatBody } from "./ChatCompletionRequest"
import { chatCompletionAnswer } from "./ChatCompletionStream"
import { listModels } from "./ModelList"
import { refineStatus } from "./OpenAiError"

export interface Dialect {
  /** Span prefix (`OpenAiAdapter`, `AzureAdapter`). */
  readonly name: string
  /** The headers that carry a key. Never called for a keyless provider: such servers get no auth header at all. */
  readonly authHeaders: (key: string) => Record<string, string>
  /** Whether the body names the model (false when the chat URL already names an Azure deployment). */
  readonly modelInBody: (chatUrl: string) => boolean
}

/** The provider's custom headers, then the key's headers (a key always wins over a stale custom auth header). */
const headersFor = (dialect: Dialect, target: AdapterTarget): Record<string, string> => ({
  ...target.provider.headers,
  ...Option.match(target.apiKey, {
    onNone: () => ({}),
    onSome: (key) => dialect.authHeaders(Redacted.value(key))
  })
})

/**
 * Header names in lower case, the later of two spellings winning: a plain object goes to Node's client as it is, and a
 * custom `Authorization` next to the key's `authorization` would send both (the server reading the stale one).
 */
const lowerCased = (headers: Record<string, string>): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const name in headers) out[name.toLowerCase()] = headers[name]!
  return out
}

/** The client's body with the provider's model, or none where the URL names the deployment. */
const relayBody = (body: Readonly<Record<string, unknown>>, model: string, modelInBody: boolean) => {
  const { model: _asked, ...rest } = body
  return JSON.stringify(modelInBody ? { ...rest, model } : rest)
}

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
        return {
          request: HttpClientRequest.post(url).pipe(
            HttpClientRequest.setHeaders({ accept: "text/event-stream", ...headersFor(dialect, target) }),
            HttpClientRequest.bodyUnsafeJson(chatBody(request, { modelInBody: dialect.modelInBody(url) }))
          ),
          ctx: callContext(url, target)
        }
      },
      send: (request, ctx) => send(request, ctx, refineStatus),
      answer: chatCompletionAnswer
    }),
    (agents, adapter): ProviderAdapter => ({
      ...adapter,
      relay: (target, request) =>
        Effect.suspend(() => {
          const url = endpoints(target.provider, request.model).chat
          return relay(agents, {
            url,
            headers: lowerCased({
              "content-type": "application/json",
              accept: request.body.stream === true ? "text/event-stream" : "application/json",
              ...headersFor(dialect, target)
            }),
            body: relayBody(request.body, request.model, dialect.modelInBody(url)),
            timeouts: target.provider.timeouts,
            ctx: callContext(url, target),
            refine: refineStatus
          })
        })
    })
  )
