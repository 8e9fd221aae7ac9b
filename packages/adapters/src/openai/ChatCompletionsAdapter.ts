/**
 * One `ProviderAdapter` for every server speaking Chat Completions, parameterised by a `Dialect`: what differs between
 * OpenAI-compatible servers and Azure OpenAI is only how the key travels and whether the model goes in the body. The
 * URLs come from the core's base-URL rules, so the adapter calls exactly the URL every frontend shows.
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { endpoints } from "@switchboard/core/BaseUrl"
import type { AdapterTarget, ProviderAdapter } from "@switchboard/core/ProviderAdapter"
import { Effect, Option, Redacted, Stream } from "effect"
import { callContext, send } from "../internal/Http"
import { chatBody } from "./ChatCompletionRequest"
import { chatEvents } from "./ChatCompletionStream"
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

export const make = (dialect: Dialect): Effect.Effect<ProviderAdapter, never, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    const provide = Effect.provideService(HttpClient.HttpClient, client)

    const listModelsFor = Effect.fn(`${dialect.name}.listModels`)(function* (target: AdapterTarget) {
      const url = endpoints(target.provider).models
      return yield* listModels(url, headersFor(dialect, target), callContext(url, target)).pipe(provide)
    })

    const streamChat: ProviderAdapter["streamChat"] = (target, request) => {
      const url = endpoints(target.provider, request.model).chat
      const ctx = callContext(url, target)
      const httpRequest = HttpClientRequest.post(url).pipe(
        HttpClientRequest.setHeaders({ accept: "text/event-stream", ...headersFor(dialect, target) }),
        HttpClientRequest.bodyUnsafeJson(chatBody(request, { modelInBody: dialect.modelInBody(url) }))
      )
      return send(httpRequest, ctx, refineStatus).pipe(
        provide,
        Effect.map((response) => chatEvents(response, ctx)),
        Stream.unwrap,
        Stream.withSpan(`${dialect.name}.streamChat`, { attributes: { url: ctx.url, model: request.model } })
      )
    }

    return { listModels: listModelsFor, streamChat } satisfies ProviderAdapter
  })
