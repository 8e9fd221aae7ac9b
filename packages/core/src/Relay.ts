/**
 * The OpenAI-compatible gateway's fast lane: a Chat Completions request sent on as its client wrote it, to a provider
 * whose protocol is Chat Completions too (OpenAI-compatible servers, Azure OpenAI). Nothing is translated, so every
 * field reaches the upstream (tools, `n`, logprobs, response formats) and the answer's bytes go back unchanged. It
 * keeps what the core promises of every call: the provider must exist, be enabled and have the model; keys rotate
 * through the process's `KeyPool`; a failure before the answer is retried (`Retries`); silences end in a `Timeout`
 * (the adapter's watchdog). Providers of other protocols answer `None`: the gateway then goes through `Chat`.
 */
import { Context, Effect, Layer, Option } from "effect"
import { resolveTarget, type TargetError } from "./ChatTarget"
import type { ProviderError } from "./Errors"
import { KeyPool } from "./KeyPool"
import { ProviderAdapters, type RelayResponse } from "./ProviderAdapter"
import { ProviderStore } from "./ProviderStore"
import { withRetries } from "./Retries"

export interface RelayInput {
  readonly provider: string
  /** A model id registered on the provider. */
  readonly model: string
  /** The client's parsed JSON body, sent on with `model` replaced. */
  readonly body: Readonly<Record<string, unknown>>
}

export interface Relayed extends RelayResponse {
  /** From sending the request that answered to its answer's headers: the upstream's share of the wait. */
  readonly upstreamMs: number
}

export interface RelayService {
  /** The upstream's 2xx answer, unread; `None` when the provider's protocol cannot take the request as it is. */
  readonly open: (input: RelayInput) => Effect.Effect<Option.Option<Relayed>, TargetError | ProviderError>
}

export class Relay extends Context.Tag("@switchboard/core/Relay")<Relay, RelayService>() {}

export const make = Effect.gen(function* () {
  const store = yield* ProviderStore
  const adapters = yield* ProviderAdapters
  const pool = yield* KeyPool

  const open: RelayService["open"] = (input) =>
    Effect.flatMap(resolveTarget(store, input.provider, input.model), (provider) => {
      const relay = adapters.get(provider.type).relay
      if (relay === undefined) return Effect.succeedNone
      const request = { model: input.model, body: input.body }
      const attempt = Effect.flatMap(pool.next(provider), (key) => {
        const sentAt = performance.now()
        return relay({ provider, apiKey: Option.map(key, (k) => k.value) }, request).pipe(
          Effect.map((response): Relayed => ({ ...response, upstreamMs: performance.now() - sentAt })),
          Effect.tapError((error) => (Option.isSome(key) ? pool.report(provider, key.value, error) : Effect.void))
        )
      })
      return Effect.map(withRetries(provider, pool, attempt), Option.some)
    })

  return Relay.of({ open })
})

export const layer: Layer.Layer<Relay, never, ProviderStore | ProviderAdapters | KeyPool> = Layer.effect(Relay, make)
