/**
 * How a request to a provider is retried before anything reached the user, the same for a chat (`ChatUpstream`) and
 * a relayed request (`Relay`): at once with another key while one is free, when this one was refused or throttled;
 * otherwise with exponential backoff and jitter, never shorter than the provider's Retry-After, at most `maxRetries`
 * times. The policies are only built once a first attempt failed, so a request that goes well pays for none of them.
 * A request that tried several keys and failed reports each key's own outcome (`KeyOutcomes`), not only the last.
 */
import { Duration, Effect, Option, Schedule } from "effect"
import type { ApiKey } from "../domain/ApiKey"
import { type ProviderError, withProviderFields } from "../domain/Errors"
import type { KeyPoolService } from "../KeyPool"
import type { Provider } from "../domain/Provider"

/** The first backoff delay; each further retry doubles it (before jitter). */
export const retryBaseMs = 500

/** No single backoff delay exceeds this (Retry-After may still ask for longer, and is honoured). */
export const retryCapMs = 20_000

/** A failure that belongs to the key rather than the request: another key may well succeed at once. */
export const isKeyFailure = (error: ProviderError) => error.reason === "Authentication" || error.reason === "RateLimit"

/**
 * `attempt` (which takes its own key from `pool` each time), retried as the module doc says. `summarize` turns the
 * last failure into the one reported (`KeyOutcomes.failure`), before `settled` adds what the client needs.
 */
export const withRetries = <A, R>(
  provider: Provider,
  pool: KeyPoolService,
  attempt: Effect.Effect<A, ProviderError, R>,
  summarize?: (last: ProviderError) => ProviderError
): Effect.Effect<A, ProviderError, R> =>
  Effect.catchAll(attempt, (first) => retryAfter(first, provider, pool, attempt, summarize))

/**
 * What `withRetries` does once a first attempt failed with `first`: for a first attempt made outside Effect
 * (`Relay.openNow`). The policies see that failure as if they had run the attempt themselves: a replay, then
 * attempts.
 */
export const retryAfter = <A, R>(
  first: ProviderError,
  provider: Provider,
  pool: KeyPoolService,
  attempt: Effect.Effect<A, ProviderError, R>,
  summarize: (last: ProviderError) => ProviderError = (last) => last
): Effect.Effect<A, ProviderError, R> => {
  // Another key right away, while one is free: bounded by the number of keys, so it always ends.
  const failover = Schedule.recurs(Math.max(0, provider.apiKeys.length - 1)).pipe(
    Schedule.whileInputEffect((error: ProviderError) =>
      isKeyFailure(error) && provider.apiKeys.length > 1
        ? Effect.map(pool.freeInMs(provider), (ms) => ms === 0)
        : Effect.succeed(false)
    )
  )

  // Then backoff with jitter, never shorter than the upstream's Retry-After. Not the time until a cooled key frees:
  // without a Retry-After that cooldown is only our guess (30 s), and a one-key vLLM answering 429 would hang on it.
  const backoff = Schedule.intersect(
    Schedule.identity<ProviderError>(),
    Schedule.exponential(Duration.millis(retryBaseMs)).pipe(
      Schedule.modifyDelay((delay) => Duration.min(delay, Duration.millis(retryCapMs))),
      Schedule.jittered
    )
  ).pipe(
    Schedule.intersect(Schedule.recurs(provider.timeouts.maxRetries)),
    Schedule.whileInput((error: ProviderError) => error.retryable),
    Schedule.modifyDelay(([[error]], delay) => Duration.max(delay, Duration.millis(error.retryAfterMs ?? 0)))
  )

  let replayed = false
  let attempts = 1
  const again = Effect.suspend(() => {
    if (!replayed) {
      replayed = true
      return Effect.fail(first)
    }
    attempts++
    return attempt
  })
  return again.pipe(
    Effect.retry(failover),
    Effect.retry(backoff),
    Effect.catchAll((last) => Effect.flatMap(settled(summarize(last), attempts, provider, pool), Effect.fail))
  )
}

/**
 * The failure as the client is told it, once the core gave up: how many requests it made (so the gateway can tell an
 * SDK not to multiply them with its own retries), and for a rate limit with every key cooling down, the time until
 * the first one is free (each key rests for its upstream's Retry-After, or `KeyPool`'s guess without one).
 */
export const settled = (
  error: ProviderError,
  attempts: number,
  provider: Provider,
  pool: KeyPoolService
): Effect.Effect<ProviderError> =>
  Effect.map(error.reason === "RateLimit" ? pool.freeInMs(provider) : Effect.succeed(0), (freeInMs) =>
    attempts === 1 && freeInMs === 0
      ? error
      : withProviderFields(error, {
          ...(attempts === 1 ? {} : { attempts }),
          ...(freeInMs === 0 ? {} : { retryAfterMs: Math.round(freeInMs) })
        })
  )

/**
 * Each key's own outcome in one request that rotated keys, in the order tried. Without it a request that met a 429
 * on its first key and a 401 on the second reported only the second key's Authentication error: the throttled key,
 * which would answer again after its Retry-After, went unmentioned, and the gateway's client was told its key was bad.
 */
export class KeyOutcomes {
  /** By key id: the key as shown and its latest failure. */
  private readonly outcomes = new Map<string, { readonly shown: string; readonly error: ProviderError }>()

  /** Notes `error` as the latest outcome of `key` (a keyless request has nothing to note). */
  note(key: Option.Option<ApiKey>, error: ProviderError): void {
    if (Option.isNone(key)) return
    this.outcomes.delete(key.value.id)
    this.outcomes.set(key.value.id, { shown: key.value.masked, error })
  }

  /**
   * The failure to report once `last` ended the request: `last` itself when one key was tried; otherwise the most
   * hopeful outcome (a throttled key will answer again) with every key's outcome in its detail.
   */
  failure(last: ProviderError): ProviderError {
    if (this.outcomes.size < 2) return last
    const all = [...this.outcomes.values()]
    const base = all.find(({ error }) => error.reason === "RateLimit")?.error ?? last
    const each = all
      .map(({ shown, error }) => {
        const status = error.status === undefined ? "" : ` (HTTP ${error.status})`
        return `${shown}: ${error.reason}${status}: ${error.detail}`
      })
      .join("; ")
    return withProviderFields(base, { detail: `${this.outcomes.size} keys tried, none answered. ${each}` })
  }
}
