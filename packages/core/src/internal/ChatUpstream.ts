/**
 * One streamed answer from a provider, made robust: the key comes from the `KeyPool`, and until the first event
 * arrives a failure may be retried — at once with another key when this key was refused or throttled, otherwise
 * with exponential backoff and jitter (at least the provider's Retry-After), at most `maxRetries` times. Once an
 * event has been passed on, nothing is retried: the user would see the answer twice. Silence longer than
 * `firstByteMs` before the first event, or `idleMs` between events, ends the answer with a `Timeout`.
 *
 * Each attempt runs the adapter's stream in its own fiber and scope, handing its events over through a mailbox, with
 * one watchdog fiber for its silences: one timer per silence, not a timeout (two fibers and a timer) per chunk. A
 * failed attempt's scope is closed (interrupting its stream, which aborts the HTTP request) before the next one
 * starts; the one that answers lives as long as the consumer keeps reading. The retry policies are only built when a
 * first attempt failed, so an answer that goes well pays for none of them. The answer ends at `Finish`, once the
 * adapter has read the rest of the body or `finishGraceMs` passed.
 */
import { Chunk, type Clock, Effect, ExecutionStrategy, Fiber, Mailbox, Option, Scope, Stream } from "effect"
import type { ApiKey } from "../domain/ApiKey"
import type { ChatEvent } from "../domain/ChatEvent"
import type { ChatRequest } from "../domain/ChatRequest"
import { type ProviderError, silenceTimeout } from "../domain/Errors"
import type { KeyPoolService } from "../KeyPool"
import type { Provider } from "../domain/Provider"
import type { ProviderAdapter } from "../ProviderAdapter"
import { KeyOutcomes, withRetries } from "./Retries"

/**
 * Chunks read ahead of the consumer at most: enough that a burst never waits on the consumer, bounded so a slow
 * consumer holds the upstream back instead of filling memory.
 */
const readAhead = 64

export interface UpstreamInput {
  readonly adapter: ProviderAdapter
  readonly pool: KeyPoolService
  readonly provider: Provider
  readonly request: ChatRequest
  /** The chat URL, named by timeouts. */
  readonly url: string
}

/**
 * How long the adapter may go on after `Finish` (always its last event) before the answer ends without it. It is then
 * only reading the rest of the body, which normally ends at once; waiting for that end, rather than cutting the read
 * short, hands the connection back to the pool cleanly instead of aborting the request (an error and a stack trace
 * per request, sometimes the kept-alive socket). A server that keeps the body open is abandoned after this.
 */
export const finishGraceMs = 1_000

/** The answer's events, a chunk per pull; `None` at the end. */
export type UpstreamPull = Effect.Effect<Chunk.Chunk<ChatEvent>, Option.Option<ProviderError>>

/**
 * Runs `events` in a fiber in `scope`, handing its chunks over through a mailbox; `onError` sees the stream's own
 * failure first. Returns the pull of the handed-over chunks, which ends after `Finish` once the stream has ended.
 *
 * The watchdog fails the answer with a `Timeout` when the upstream is silent too long: `firstByteMs` before its first
 * event, `idleMs` after each (time spent waiting for the consumer, the mailbox full, is not the upstream's silence),
 * and ends it `finishGraceMs` after `Finish`. It sleeps at most `idleMs` and `finishGraceMs` at a time, so a deadline
 * that an event moves closer (the first one, `Finish`) is never noticed late.
 */
const watched = (
  events: Stream.Stream<ChatEvent, ProviderError>,
  onError: (error: ProviderError) => Effect.Effect<void>,
  scope: Scope.Scope,
  clock: Clock.Clock,
  { firstByteMs, idleMs }: Provider["timeouts"],
  url: string
) =>
  Effect.gen(function* () {
    // Chunks, not events: the consumer gets the adapter's chunks as they were, so what it took is what was read.
    const mailbox = yield* Mailbox.make<Chunk.Chunk<ChatEvent>, ProviderError>(readAhead)
    let lastAt = clock.unsafeCurrentTimeMillis()
    let started = false
    let finished = false
    let handingOver = false

    const handOver = (chunk: Chunk.Chunk<ChatEvent>) => {
      if (Chunk.isEmpty(chunk)) return Effect.void
      started = true
      finished = Chunk.unsafeLast(chunk)._tag === "Finish"
      handingOver = true
      return Effect.map(mailbox.offer(chunk), () => {
        handingOver = false
        lastAt = clock.unsafeCurrentTimeMillis()
      })
    }
    // Read through the stream's pull, not `Stream.run*`: those fork a fiber and stack three channel executors per run.
    const produce = Effect.scoped(
      Effect.flatMap(Stream.toPull(events), (pull) => {
        const loop: Effect.Effect<void, ProviderError> = Effect.matchEffect(pull, {
          onFailure: Option.match({ onNone: () => Effect.void, onSome: Effect.fail }),
          onSuccess: (chunk) => Effect.flatMap(handOver(chunk), () => loop)
        })
        return loop
      })
    )

    const watchdog: Effect.Effect<unknown> = Effect.suspend(() => {
      const limit = finished ? finishGraceMs : started ? idleMs : firstByteMs
      const left = handingOver ? idleMs : lastAt + limit - clock.unsafeCurrentTimeMillis()
      if (left > 0) return Effect.zipRight(Effect.sleep(Math.min(left, idleMs, finishGraceMs)), watchdog)
      if (finished) return mailbox.end
      return mailbox.fail(silenceTimeout(url, started, started ? idleMs : firstByteMs))
    })
    // Both fibers end with the attempt's scope (closing it interrupts and awaits them, which aborts the request).
    yield* Effect.uninterruptibleMask((restore) =>
      Effect.gen(function* () {
        const producer = yield* Effect.forkDaemon(
          restore(produce.pipe(Effect.tapError(onError), Mailbox.into(mailbox)))
        )
        const watcher = yield* Effect.forkDaemon(restore(watchdog))
        yield* Scope.addFinalizer(scope, Fiber.interruptAll([producer, watcher]))
      })
    )

    const ended: UpstreamPull = Effect.fail(Option.none())
    // After `Finish` nothing more is passed on: the stream's end (however it ends) is only waited for.
    const toEnd: UpstreamPull = Effect.matchEffect(mailbox.take, { onFailure: () => ended, onSuccess: () => toEnd })
    let passedFinish = false
    const next: UpstreamPull = Effect.suspend(() =>
      passedFinish
        ? toEnd
        : Effect.mapBoth(mailbox.take, {
            onFailure: (error) => (error._tag === "NoSuchElementException" ? Option.none() : Option.some(error)),
            onSuccess: (chunk) => {
              passedFinish = Chunk.unsafeLast(chunk)._tag === "Finish"
              return chunk
            }
          })
    )
    return next
  })

/**
 * Sends the request (retrying as the module doc says) and succeeds once the first events arrived, with the pull of
 * the whole answer, first events included. Its requests live in `parent`: closing it aborts whatever still runs.
 */
export const openUpstream = (
  { adapter, pool, provider, request, url }: UpstreamInput,
  parent: Scope.Scope
): Effect.Effect<UpstreamPull, ProviderError> =>
  Effect.gen(function* () {
    const clock = yield* Effect.clock

    const report = (key: Option.Option<ApiKey>) => (error: ProviderError) =>
      Option.match(key, { onNone: () => Effect.void, onSome: (k) => pool.report(provider, k, error) })

    // Made at the first failure only: an answer that goes well pays nothing for it.
    let outcomes: KeyOutcomes | undefined
    const note = (key: Option.Option<ApiKey>) => (error: ProviderError) =>
      Effect.sync(() => {
        outcomes ??= new KeyOutcomes()
        outcomes.note(key, error)
      })

    /** One request with the next key, up to its first events; its scope stays open only if it succeeds. */
    const attempt = Effect.gen(function* () {
      const key = yield* pool.next(provider)
      const scope = yield* Scope.fork(parent, ExecutionStrategy.sequential)
      const target = { provider, apiKey: Option.map(key, (k) => k.value) }
      const events = adapter.streamChat(target, request)
      return yield* Effect.gen(function* () {
        // A key throttled mid-answer should still rest before the next request uses it.
        const next = yield* watched(events, report(key), scope, clock, provider.timeouts, url)
        // The first chunk, or `None` when the answer ended without any.
        const first = yield* Effect.catchAll(
          Effect.map(next, Option.some),
          Option.match({ onNone: () => Effect.succeedNone, onSome: Effect.fail })
        )
        return { next, first }
      }).pipe(
        Effect.onExit((exit) => (exit._tag === "Failure" ? Scope.close(scope, exit) : Effect.void)),
        Effect.tapError(note(key))
      )
    })

    const { next, first } = yield* withRetries(provider, pool, attempt, (error) => outcomes?.failure(error) ?? error)
    let held = Option.getOrUndefined(first)
    return Effect.suspend(() => {
      if (held === undefined) return next
      const chunk = held
      held = undefined
      return Effect.succeed(chunk)
    })
  })

/** `openUpstream` as a stream, for consumers that want one. */
export const upstream = (input: UpstreamInput): Stream.Stream<ChatEvent, ProviderError> =>
  Stream.unwrapScoped(
    Effect.map(
      Effect.flatMap(Effect.scope, (scope) => openUpstream(input, scope)),
      Stream.repeatEffectChunkOption
    )
  )
