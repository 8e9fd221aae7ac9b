/**
 * A client's request relayed to an OpenAI-style endpoint as the client wrote it: Chat Completions to OpenAI-compatible
 * servers and Azure, the Responses API to `openai-responses` providers, and embeddings to all three. The body goes on
 * with `model` replaced (or left out where the URL names an Azure deployment), with the provider's headers and key,
 * and the upstream's bytes come back unchanged (`internal/Relay`).
 */
import { embeddingsUrl, endpoints } from "@switchboard/core/BaseUrl"
import type { AdapterTarget, RelaySend } from "@switchboard/core/ProviderAdapter"
import { Option } from "effect"
import { type CallContext, callContext } from "../internal/Http"
import { type RelayAgentsService, relay } from "../internal/Relay"
import { type Dialect, headersFor } from "./Dialect"
import { readFailure } from "./OpenAiError"

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

/** The URL a relay posts to, for a provider and model. */
export type RelayUrl = (provider: AdapterTarget["provider"], model: string) => string

/** The provider's chat endpoint, as its type's base-URL rules make it (`/chat/completions`, `/responses`). */
export const chatUrl: RelayUrl = (provider, model) => endpoints(provider, model).chat

/**
 * The provider's embeddings endpoint (`/v1/embeddings`, an Azure deployment's `/embeddings`): every type relayed here
 * has one, as its base-URL rules make it.
 */
export const embeddingsRelayUrl: RelayUrl = (provider, model) => embeddingsUrl(provider, model)!

/**
 * Relay targets by provider object, then key, then model. The store hands out the same provider object until the
 * provider changes, so a changed provider (another URL, other headers or keys) is a new entry, and the old goes with
 * its object.
 */
const relayTargets = (dialect: Dialect, urlOf: RelayUrl) => {
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
    const url = urlOf(target.provider, model)
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

/** Sends relayed requests to the URL `urlOf` names (the chat endpoint unless said), the key as `dialect` carries it. */
export const relaySend = (agents: RelayAgentsService, dialect: Dialect, urlOf: RelayUrl = chatUrl): RelaySend => {
  const prepared = relayTargets(dialect, urlOf)
  return (target, request, signal) => {
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
