/**
 * A client's Messages request relayed to an Anthropic provider as the client wrote it: `POST /v1/messages` and
 * `POST /v1/messages/count_tokens`, the body with `model` replaced, the key in `x-api-key`, the provider's own
 * headers, and the client's `anthropic-version` and `anthropic-beta`, so every feature the client asks for (betas,
 * server tools, caching) reaches the upstream; the upstream's bytes come back unchanged (`internal/Relay`).
 */
import { endpoints } from "@switchboard/core/BaseUrl"
import type { AdapterTarget, RelayRequest, RelaySend } from "@switchboard/core/ProviderAdapter"
import { Option, Redacted } from "effect"
import { type CallContext, callContext } from "../internal/Http"
import { type RelayAgentsService, relay } from "../internal/Relay"
import { readFailure } from "./AnthropicErrors"
import { anthropicVersion } from "./AnthropicRequest"

/** What a relayed request to one provider and key always sends: computed once, not per request. */
interface RelayTarget {
  readonly origin: string
  readonly path: string
  readonly ctx: CallContext
  /** The headers for a streamed answer and for a complete one (`accept` differs, unless the provider sets it). */
  readonly headers: { readonly stream: Record<string, string>; readonly complete: Record<string, string> }
}

/**
 * Version first, then the provider's headers (which may set their own version or betas), then the key; names in lower
 * case, so a custom `X-Api-Key` cannot travel beside the key's.
 */
const baseHeaders = (target: AdapterTarget, accept: string): Record<string, string> => {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept,
    "anthropic-version": anthropicVersion
  }
  for (const name in target.provider.headers) headers[name.toLowerCase()] = target.provider.headers[name]!
  if (Option.isSome(target.apiKey)) headers["x-api-key"] = Redacted.value(target.apiKey.value)
  return headers
}

/**
 * The client's `anthropic-version` over the provider's, and its betas added to the provider's: the client wrote its
 * body for that version and those betas. The common request, which sends no beta and the version already prepared
 * (or none), keeps the prepared object.
 */
const withClientHeaders = (headers: Record<string, string>, client: RelayRequest["headers"]) => {
  const version = client?.["anthropic-version"]
  const beta = client?.["anthropic-beta"]
  if ((version === undefined || version === headers["anthropic-version"]) && beta === undefined) return headers
  const out = { ...headers }
  if (version !== undefined) out["anthropic-version"] = version
  if (beta !== undefined)
    out["anthropic-beta"] = headers["anthropic-beta"] === undefined ? beta : `${headers["anthropic-beta"]},${beta}`
  return out
}

/**
 * Relay targets by provider object, then key. The store hands out the same provider object until the provider
 * changes, so a changed provider (another URL, other headers or keys) is a new entry, and the old goes with its object.
 */
const relayTargets = (urlOf: (provider: AdapterTarget["provider"]) => string) => {
  const byProvider = new WeakMap<AdapterTarget["provider"], Map<unknown, RelayTarget>>()
  return (target: AdapterTarget): RelayTarget => {
    let byKey = byProvider.get(target.provider)
    if (byKey === undefined) {
      byKey = new Map()
      byProvider.set(target.provider, byKey)
    }
    const key = Option.getOrUndefined(target.apiKey)
    const known = byKey.get(key)
    if (known !== undefined) return known
    const url = urlOf(target.provider)
    const parsed = new URL(url)
    const made: RelayTarget = {
      origin: parsed.origin,
      path: `${parsed.pathname}${parsed.search}`,
      ctx: callContext(url, target),
      headers: { stream: baseHeaders(target, "text/event-stream"), complete: baseHeaders(target, "application/json") }
    }
    byKey.set(key, made)
    return made
  }
}

/** The Messages URL from the base-URL rules, and the token count beside it. */
const messagesUrl = (provider: AdapterTarget["provider"]) => endpoints(provider).chat
const countTokensUrl = (provider: AdapterTarget["provider"]) => {
  const url = new URL(messagesUrl(provider))
  url.pathname = `${url.pathname}/count_tokens`
  return url.toString()
}

const relaySend = (agents: RelayAgentsService, urlOf: (provider: AdapterTarget["provider"]) => string): RelaySend => {
  const targets = relayTargets(urlOf)
  return (target, request, signal) => {
    const prepared = targets(target)
    const { model: _asked, ...rest } = request.body
    const call = {
      origin: prepared.origin,
      path: prepared.path,
      headers: withClientHeaders(
        request.body.stream === true ? prepared.headers.stream : prepared.headers.complete,
        request.headers
      ),
      body: JSON.stringify({ ...rest, model: request.model }),
      timeouts: target.provider.timeouts,
      ctx: prepared.ctx,
      failure: readFailure
    }
    return relay(agents, call, signal)
  }
}

/** The Anthropic adapter's relays: Messages, and its token count. */
export const anthropicRelays = (agents: RelayAgentsService) => ({
  messages: relaySend(agents, messagesUrl),
  "count-tokens": relaySend(agents, countTokensUrl)
})
