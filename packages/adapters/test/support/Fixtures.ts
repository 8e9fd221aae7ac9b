/**
 * Builders for what adapter tests pass in: a `Provider` as the core would hand it over (default timeouts, fixed
 * timestamps), the `AdapterTarget` of one call, a minimal `ChatRequest`, and the HTTP client layer tests run on.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { ApiKey, ApiKeyId } from "@switchboard/core/domain/ApiKey"
import { ChatRequest, textMessage } from "@switchboard/core/domain/ChatRequest"
import { makeModel } from "@switchboard/core/domain/Model"
import { Provider, ProviderId } from "@switchboard/core/domain/Provider"
import type { AdapterTarget } from "@switchboard/core/ProviderAdapter"
import type { ProviderType } from "@switchboard/core/domain/ProviderType"
import { Timeouts } from "@switchboard/core/domain/Timeouts"
import { DateTime, Layer, Option, Redacted } from "effect"
import * as Relay from "../../src/internal/Relay"

export interface ProviderOptions {
  readonly type: ProviderType
  readonly baseUrl: string
  readonly name?: string
  /** Plain keys; each becomes an `ApiKey` with id `key-<n>`. */
  readonly apiKeys?: ReadonlyArray<string>
  readonly apiVersion?: string
  readonly headers?: Record<string, string>
  /** Model ids the user registered. */
  readonly models?: ReadonlyArray<string>
  readonly enabled?: boolean
}

const epoch = DateTime.unsafeMake(0)

/** A `Provider` with `Timeouts.defaults`, revision 1 and fixed timestamps. */
export const provider = (options: ProviderOptions): Provider =>
  new Provider({
    id: ProviderId.make(`test-${options.type}`),
    name: options.name ?? `Test ${options.type}`,
    type: options.type,
    enabled: options.enabled ?? true,
    baseUrl: options.baseUrl,
    apiKeys: (options.apiKeys ?? []).map(
      (value, index) => new ApiKey({ id: ApiKeyId.make(`key-${index + 1}`), value: Redacted.make(value) })
    ),
    ...(options.apiVersion === undefined ? {} : { apiVersion: options.apiVersion }),
    headers: options.headers ?? {},
    timeouts: Timeouts.defaults,
    models: (options.models ?? []).map((id) => makeModel(id)),
    revision: 1,
    createdAt: epoch,
    updatedAt: epoch
  })

/** One call's target: the provider and the key to use (none for a keyless server such as vLLM). */
export const target = (provider: Provider, key?: string): AdapterTarget => ({
  provider,
  apiKey: key === undefined ? Option.none() : Option.some(Redacted.make(key))
})

const user = textMessage("user", "Say hello.")

/** A one-message chat request; `extra` sets `maxTokens`, `temperature` or a system prompt. */
export const chatRequest = (
  model: string,
  extra: { readonly maxTokens?: number; readonly temperature?: number; readonly system?: string } = {}
): ChatRequest =>
  new ChatRequest({
    model,
    messages: extra.system === undefined ? [user] : [textMessage("system", extra.system), user],
    ...(extra.maxTokens === undefined ? {} : { maxTokens: extra.maxTokens }),
    ...(extra.temperature === undefined ? {} : { temperature: extra.temperature })
  })

/**
 * The client layers adapter tests run on (and the ones apps get): undici, whose requests are aborted when the fiber
 * reading the response is interrupted (`test/internal/Http.test.ts` proves it on a real socket), and the relay's pool.
 */
export const HttpClientLive = Layer.merge(NodeHttpClient.layerUndici, Relay.layerAgents)
