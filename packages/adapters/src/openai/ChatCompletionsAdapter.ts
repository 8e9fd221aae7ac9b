/**
 * One `ProviderAdapter` for every server speaking Chat Completions, parameterised by a `Dialect`: what differs between
 * OpenAI-compatible servers and Azure OpenAI is only how the key travels and whether the model goes in the body. The
 * URLs come from the core's base-URL rules, so the adapter calls exactly the URL every frontend shows.
 */
import { type HttpClient, HttpClientRequest } from "@effect/platform"
import { endpoints } from "@switchboard/core/BaseUrl"
import { ProviderError } from "@switchboard/core/domain/Errors"
import type { AdapterTarget, ProviderAdapter } from "@switchboard/core/ProviderAdapter"
import { Effect, Option, Redacted } from "effect"
import { makeAdapter } from "../internal/Adapter"
import { type CallContext, callContext } from "../internal/Http"
import { RelayAgents, relay } from "../internal/Relay"
import { chatBody, Unsendable } from "./ChatCompletionRequest"
import { chatCompletionAnswer } from "./ChatCompletionStream"
import { listModels } from "./ModelList"
import { readFailure } from "./OpenAiError"

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
 * Header names in lower case, the later of two spellings winning: a plain object goes to undici as it is, and a
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

/** What a relayed request to one provider, model and key always sends: computed once, not per request. */
interface RelayTarget {
  readonly origin: string
  readonly path: string
  readonly ctx: CallContext
  readonly modelInBody: boolean
  /** The headers for a streamed answer and for a complete one (`accept` differs, unless the provider sets it). */
  readonly headers: { readonly stream: Record<string, string>; readonly complete: Record<string, string> }
}

/**
 * Relay targets by provider object, then key, then model. The store hands out the same provider object until the
 * provider changes, so a changed provider (another URL, other headers or keys) is a new entry, and the old goes with
 * its object.
 */
const relayTargets = (dialect: Dialect) => {
  const byProvider = new WeakMap<AdapterTarget["provider"], Map<unknown, Map<string, RelayTarget>>>()
  return (target: AdapterTarget, model: string): RelayTarget => {
    let byKey = byProvider.get(target.provider)
    if (byKey === undefined) {
      byKey = new Map()
      byProvider.set(target.provider, byKey)
    }
    const key = Option.getOrUndefined(target.apiKey)
    let byModel = byKey.get(key)
    if (byModel === undefined) {
      byModel = new Map()
      byKey.set(key, byModel)
    }
    const known = byModel.get(model)
    if (known !== undefined) return known
    const url = endpoints(target.provider, model).chat
    const headers = (accept: string) =>
      lowerCased({ "content-type": "application/json", accept, ...headersFor(dialect, target) })
    const parsed = new URL(url)
    const made: RelayTarget = {
      origin: parsed.origin,
      path: `${parsed.pathname}${parsed.search}`,
      ctx: callContext(url, target),
      modelInBody: dialect.modelInBody(url),
      headers: { stream: headers("text/event-stream"), complete: headers("application/json") }
    }
    byModel.set(model, made)
    return made
  }
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
    (agents, adapter): ProviderAdapter => {
      const prepared = relayTargets(dialect)
      return {
        ...adapter,
        relays: {
          "chat-completions": (target, request, signal) => {
            const call = prepared(target, request.model)
            const relayed = {
              origin: call.origin,
              path: call.path,
              headers: request.body.stream === true ? call.headers.stream : call.headers.complete,
              body: relayBody(request.body, request.model, call.modelInBody),
              timeouts: target.provider.timeouts,
              ctx: call.ctx,
              failure: readFailure
            }
            return relay(agents, relayed, signal)
          }
        }
      }
    }
  )
