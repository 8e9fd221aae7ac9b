/**
 * Which of a provider's API keys the next request uses. Requests go round-robin over the keys, so the load (and the
 * rate limits) spread; a key the provider refused (401/403) or throttled (429) is cooled down and skipped while
 * another key is free. The state is per process and in memory: cooldowns are short-lived facts about the upstream,
 * not configuration worth storing. Instances sharing a database also share their cooldowns, when `KeyCooldowns` is
 * in the context. Time comes from `Clock`, so tests drive it with `TestClock`.
 */
import { Clock, Context, Effect, Layer, Option, Ref } from "effect"
import type { ApiKey } from "./domain/ApiKey"
import type { ProviderError } from "./domain/Errors"
import type { Provider } from "./domain/Provider"
import { KeyCooldowns } from "./KeyCooldowns"

/** How long a refused key rests: a revoked or mistyped key will not heal in seconds. */
export const authCooldownMs = 10 * 60_000

/** How long a throttled key rests when the provider did not say (no Retry-After). */
export const rateLimitCooldownMs = 30_000

export interface KeyPoolService {
  /**
   * The key for the next request to `provider`: the next one round-robin that is not cooling down, or if all are,
   * the one that frees first. `None` for a provider without keys.
   */
  readonly next: (provider: Provider) => Effect.Effect<Option.Option<ApiKey>>
  /** Records a failed request: Authentication and RateLimit failures cool the key down; other reasons do not. */
  readonly report: (provider: Provider, key: ApiKey, error: ProviderError) => Effect.Effect<void>
  /** Milliseconds until one of the provider's keys is free: 0 when one is free now (or the provider has none). */
  readonly freeInMs: (provider: Provider) => Effect.Effect<number>
}

export class KeyPool extends Context.Tag("@switchboard/core/KeyPool")<KeyPool, KeyPoolService>() {}

interface State {
  /** Per provider, the index the next round-robin search starts at. */
  readonly cursors: ReadonlyMap<string, number>
  /** Per `providerId/keyId`, the epoch millisecond its cooldown ends. */
  readonly coolUntil: ReadonlyMap<string, number>
}

/** The keys that can be sent: one the master key could not unseal (`ApiKey.unreadable`) never is. */
const readableKeys = (keys: ReadonlyArray<ApiKey>) =>
  keys.some((key) => key.unreadable === true) ? keys.filter((key) => key.unreadable !== true) : keys

const slot = (provider: Provider, key: ApiKey) => `${provider.id}/${key.id}`

const cooldownOf = (error: ProviderError): number | undefined => {
  switch (error.reason) {
    case "Authentication":
      return authCooldownMs
    case "RateLimit":
      return error.retryAfterMs ?? rateLimitCooldownMs
    default:
      return undefined
  }
}

export const make: Effect.Effect<KeyPoolService> = Effect.gen(function* () {
  const state = yield* Ref.make<State>({ cursors: new Map(), coolUntil: new Map() })
  const shared = Option.getOrUndefined(yield* Effect.serviceOption(KeyCooldowns))

  const freeAt = (s: State, provider: Provider, key: ApiKey, now: number) => {
    const at = slot(provider, key)
    return Math.max(now, s.coolUntil.get(at) ?? now, shared?.current().get(at) ?? now)
  }

  // Called on every request, so a plain function rather than `Effect.fn` (a span and a captured stack per call).
  const next = (provider: Provider): Effect.Effect<Option.Option<ApiKey>> => {
    const keys = readableKeys(provider.apiKeys)
    // Nothing to choose between (a keyless local server, or one key): no state to read or write.
    if (keys.length <= 1) return Effect.succeed(Option.fromNullable(keys[0]))
    return Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Ref.modify(state, (s): readonly [Option.Option<ApiKey>, State] => {
        const start = (s.cursors.get(provider.id) ?? 0) % keys.length
        // Walk from the cursor: the first free key wins, else the one whose cooldown ends first (ties: walk order).
        let chosen = start
        for (let step = 0; step < keys.length; step++) {
          const index = (start + step) % keys.length
          const at = freeAt(s, provider, keys[index]!, now)
          if (at < freeAt(s, provider, keys[chosen]!, now)) chosen = index
          if (at === now) {
            chosen = index
            break
          }
        }
        const cursors = new Map(s.cursors).set(provider.id, (chosen + 1) % keys.length)
        return [Option.some(keys[chosen]!), { ...s, cursors }]
      })
    )
  }

  const report = Effect.fn("KeyPool.report")(function* (provider: Provider, key: ApiKey, error: ProviderError) {
    const cooldown = cooldownOf(error)
    if (cooldown === undefined) return
    const now = yield* Clock.currentTimeMillis
    yield* Ref.update(state, (s) => ({
      ...s,
      coolUntil: new Map(s.coolUntil).set(slot(provider, key), now + cooldown)
    }))
    if (shared !== undefined) yield* shared.record(slot(provider, key), now + cooldown)
  })

  // Over the keys `next` may pick: an unreadable key is never cooled, and counted it would always look free.
  const freeInMs = Effect.fn("KeyPool.freeInMs")(function* (provider: Provider) {
    const keys = readableKeys(provider.apiKeys)
    if (keys.length === 0) return 0
    const now = yield* Clock.currentTimeMillis
    const s = yield* Ref.get(state)
    return Math.min(...keys.map((key) => freeAt(s, provider, key, now))) - now
  })

  return KeyPool.of({ next, report, freeInMs })
})

/** One pool per process (per layer build). */
export const layer: Layer.Layer<KeyPool> = Layer.effect(KeyPool, make)
