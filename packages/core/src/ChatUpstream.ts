/**
 * One streamed answer from a provider, made robust: the key comes from the `KeyPool`, and until the first event
 * arrives a failure may be retried — at once with another key when this key was refused or throttled, otherwise
 * with exponential backoff and jitter (at least the provider's Retry-After), at most `maxRetries` times. Once an
 * event has been passed on, nothing is retried: the user would see the answer twice. Silence longer than
 * `firstByteMs` before the first event, or `idleMs` between events, ends the answer with a `Timeout`.
 *
 * Each attempt's adapter stream lives in its own scope: a failed attempt is closed (aborting its HTTP request)
 * before the next one starts, and the one that answers lives as long as the consumer keeps reading.
 */
import { Chunk, Duration, Effect, ExecutionStrategy, Exit, Option, Schedule, Scope, Stream } from "effect"
import type { ApiKey } from "./ApiKey"
import type { ChatEvent } from "./ChatEvent"
import type { ChatRequest } from "./ChatRequest"
import { ProviderError } from "./Errors"
import type { KeyPoolService } from "./KeyPool"
import type { Provider } from "./Provider"
import type { ProviderAdapter } from "./ProviderAdapter"

/** The first backoff delay; each further retry doubles it (before jitter). */
export const retryBaseMs = 500

/** No single backoff delay exceeds this (Retry-After may still ask for longer, and is honoured). */
export const retryCapMs = 20_000

export interface UpstreamInput {
  readonly adapter: ProviderAdapter
  readonly pool: KeyPoolService
  readonly provider: Provider
  readonly request: ChatRequest
  /** The chat URL, named by timeouts. */
  readonly url: string
}

type Pull = Effect.Effect<Chunk.Chunk<ChatEvent>, Option.Option<ProviderError>>

/** The next non-empty chunk, or `None` at the end of the stream. */
const pullNonEmpty = (pull: Pull): Effect.Effect<Option.Option<Chunk.Chunk<ChatEvent>>, ProviderError> =>
  pull.pipe(
    Effect.map(Option.some),
    Effect.catchAll(Option.match({ onNone: () => Effect.succeedNone, onSome: Effect.fail })),
    Effect.flatMap((chunk) =>
      Option.isSome(chunk) && Chunk.isEmpty(chunk.value) ? pullNonEmpty(pull) : Effect.succeed(chunk)
    )
  )

/** A failure that belongs to the key rather than the request: another key may well succeed at once. */
const isKeyFailure = (error: ProviderError) => error.reason === "Authentication" || error.reason === "RateLimit"

export const upstream = ({
  adapter,
  pool,
  provider,
  request,
  url
}: UpstreamInput): Stream.Stream<ChatEvent, ProviderError> =>
  Stream.unwrapScoped(
    Effect.gen(function* () {
      const { firstByteMs, idleMs, maxRetries } = provider.timeouts
      const parent = yield* Effect.scope

      const report = (key: Option.Option<ApiKey>, error: ProviderError) =>
        Option.match(key, { onNone: () => Effect.void, onSome: (k) => pool.report(provider, k, error) })

      /**
       * `pull` within `ms`, else a Timeout. The request's scope is closed as interrupted right away: the adapter's
       * contract is that interruption aborts the HTTP request, and a request we stopped waiting for is abandoned.
       */
      const within = <A>(
        pull: Effect.Effect<A, ProviderError>,
        scope: Scope.CloseableScope,
        ms: number,
        what: string
      ) =>
        pull.pipe(
          Effect.timeout(Duration.millis(ms)),
          Effect.catchTag("TimeoutException", () =>
            Effect.zipRight(
              Effect.flatMap(Effect.fiberId, (id) => Scope.close(scope, Exit.interrupt(id))),
              Effect.fail(new ProviderError({ reason: "Timeout", url, detail: `${what} within ${ms} ms.` }))
            )
          )
        )

      /** One request with the next key, up to its first event; its scope stays open only if it succeeds. */
      const attempt = Effect.gen(function* () {
        const key = yield* pool.next(provider)
        const scope = yield* Scope.fork(parent, ExecutionStrategy.sequential)
        const target = { provider, apiKey: Option.map(key, (k) => k.value) }
        return yield* Effect.gen(function* () {
          const pull = yield* Scope.extend(Stream.toPull(adapter.streamChat(target, request)), scope)
          const first = yield* within(pullNonEmpty(pull), scope, firstByteMs, "No answer started")
          return { pull, first, key, scope }
        }).pipe(
          Effect.onExit((exit) => (exit._tag === "Failure" ? Scope.close(scope, exit) : Effect.void)),
          Effect.tapError((error) => report(key, error))
        )
      })

      // Another key right away, while one is free: bounded by the number of keys, so it always ends.
      const failover = Schedule.recurs(Math.max(0, provider.apiKeys.length - 1)).pipe(
        Schedule.whileInputEffect((error: ProviderError) =>
          isKeyFailure(error) && provider.apiKeys.length > 1
            ? Effect.map(pool.freeInMs(provider), (ms) => ms === 0)
            : Effect.succeed(false)
        )
      )

      // Then backoff with jitter, never shorter than Retry-After or the time until a cooled key frees.
      const backoff = Schedule.intersect(
        Schedule.identity<ProviderError>(),
        Schedule.exponential(Duration.millis(retryBaseMs)).pipe(
          Schedule.modifyDelay((delay) => Duration.min(delay, Duration.millis(retryCapMs))),
          Schedule.jittered
        )
      ).pipe(
        Schedule.intersect(Schedule.recurs(maxRetries)),
        Schedule.whileInput((error: ProviderError) => error.retryable),
        Schedule.modifyDelayEffect(([[error]], delay) =>
          Effect.map(pool.freeInMs(provider), (freeInMs) =>
            Duration.max(delay, Duration.millis(Math.max(error.retryAfterMs ?? 0, freeInMs)))
          )
        )
      )

      const { pull, first, key, scope } = yield* attempt.pipe(Effect.retry(failover), Effect.retry(backoff))

      const rest = within(pullNonEmpty(pull), scope, idleMs, "The answer stalled: nothing arrived").pipe(
        // A key throttled mid-answer should still rest before the next request uses it.
        Effect.tapError((error) => report(key, error)),
        Effect.mapError(Option.some),
        Effect.flatMap(Option.match({ onNone: () => Effect.fail(Option.none()), onSome: Effect.succeed }))
      )
      return Option.match(first, {
        onNone: () => Stream.empty,
        onSome: (chunk) => Stream.concat(Stream.fromChunk(chunk), Stream.repeatEffectChunkOption(rest))
      })
    })
  )
