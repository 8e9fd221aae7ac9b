/**
 * The OpenAI-compatible gateway's fast lane: a Chat Completions request sent on as its client wrote it, to a provider
 * whose protocol is Chat Completions too (OpenAI-compatible servers, Azure OpenAI). Nothing is translated, so every
 * field reaches the upstream (tools, `n`, logprobs, response formats) and the answer's bytes go back unchanged. It
 * keeps what the core promises of every call: the provider must exist, be enabled and have the model; keys rotate
 * through the process's `KeyPool`; a failure before the answer is retried (`Retries`); silences end in a `Timeout`
 * (the adapter's watchdog). Providers of other protocols answer `None`: the gateway then goes through `Chat`.
 */
import { Cause, Context, Effect, Exit, Fiber, FiberId, Layer, Option, Runtime } from "effect"
import { resolveTarget, type TargetError } from "./internal/ChatTarget"
import { ProviderError } from "./domain/Errors"
import type { ApiKey } from "./domain/ApiKey"
import { KeyPool } from "./KeyPool"
import type { Provider } from "./domain/Provider"
import { type ProviderAdapter, ProviderAdapters, type RelayRequest, type RelayResponse } from "./ProviderAdapter"
import { ProviderStore } from "./ProviderStore"
import { KeyOutcomes, retryAfter } from "./internal/Retries"

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

export type RelayExit = Exit.Exit<Option.Option<Relayed>, TargetError | ProviderError>

export interface RelayService {
  /** The upstream's 2xx answer, unread; `None` when the provider's protocol cannot take the request as it is. */
  readonly open: (input: RelayInput) => Effect.Effect<Option.Option<Relayed>, TargetError | ProviderError>
  /**
   * `open` for a caller outside a fiber (the gateway's Node lane): the same checks, keys, retries, timeouts and
   * answer. The lookup runs synchronously and a first attempt that goes well runs on no fiber at all (a fiber per
   * request was a measurable share of a relayed hop); a first attempt that fails continues on the runtime under
   * `Retries`. Aborting `signal` (the client left) ends it as interrupted.
   */
  readonly openNow: (input: RelayInput, signal: AbortSignal) => Promise<RelayExit>
}

export class Relay extends Context.Tag("@switchboard/core/Relay")<Relay, RelayService>() {}

type Send = NonNullable<ProviderAdapter["relay"]>

/** Everything a first attempt needs, found before anything is sent. */
interface Ready {
  readonly provider: Provider
  readonly send: Send
  readonly key: Option.Option<ApiKey>
}

const interrupted: RelayExit = Exit.interrupt(FiberId.none)

export const make = Effect.gen(function* () {
  const store = yield* ProviderStore
  const adapters = yield* ProviderAdapters
  const pool = yield* KeyPool
  const runtime = yield* Effect.runtime<never>()
  const runSyncExit = Runtime.runSyncExit(runtime)
  const runPromiseExit = Runtime.runPromiseExit(runtime)

  /** One request with `key`, timed from sending to the answer's headers; rejects only with a `ProviderError`. */
  const sendWith = (ready: Ready, request: RelayRequest, signal: AbortSignal): Promise<Relayed> => {
    const sentAt = performance.now()
    return ready
      .send({ provider: ready.provider, apiKey: Option.map(ready.key, (k) => k.value) }, request, signal)
      .then((response) => ({ ...response, upstreamMs: performance.now() - sentAt }))
  }

  const report = (provider: Provider, key: Option.Option<ApiKey>, error: ProviderError) =>
    Option.isSome(key) ? pool.report(provider, key.value, error) : Effect.void

  /** One attempt with `ready`'s key; a failure is held against that key. */
  const attemptWith = (ready: Ready, request: RelayRequest) =>
    Effect.async<Relayed, ProviderError>((resume, signal) => {
      sendWith(ready, request, signal).then(
        (relayed) => resume(Effect.succeed(relayed)),
        (error: unknown) => resume(error instanceof ProviderError ? Effect.fail(error) : Effect.die(error))
      )
    }).pipe(Effect.tapError((error) => report(ready.provider, ready.key, error)))

  /**
   * What follows a first attempt that failed with `error`: `Retries`, each attempt with the next key; a failure in the
   * end reports each key's own outcome.
   */
  const retried = (first: Ready, request: RelayRequest, error: ProviderError) => {
    const outcomes = new KeyOutcomes()
    outcomes.note(first.key, error)
    return retryAfter(
      error,
      first.provider,
      pool,
      Effect.flatMap(pool.next(first.provider), (key) =>
        Effect.tapError(attemptWith({ ...first, key }, request), (failed) =>
          Effect.sync(() => outcomes.note(key, failed))
        )
      ),
      (last) => outcomes.failure(last)
    )
  }

  const requestOf = (input: RelayInput): RelayRequest => ({ model: input.model, body: input.body })

  /** The provider, its adapter's relay and the next key; `undefined` when the protocol cannot relay. */
  const ready = (input: RelayInput): Effect.Effect<Ready | undefined, TargetError> =>
    Effect.flatMap(resolveTarget(store, input.provider, input.model), (provider) => {
      const send = adapters.get(provider.type).relay
      if (send === undefined) return Effect.succeed(undefined)
      return Effect.map(pool.next(provider), (key) => ({ provider, send, key }))
    })

  const open: RelayService["open"] = (input) =>
    Effect.flatMap(ready(input), (first) => {
      if (first === undefined) return Effect.succeedNone
      const request = requestOf(input)
      const answer = Effect.catchAll(attemptWith(first, request), (error) => retried(first, request, error))
      return Effect.map(answer, Option.some)
    })

  /** The first attempt, made outside Effect; its failure goes on under `Retries`, on the runtime. */
  const sendFirst = (
    found: Exit.Exit<Ready | undefined, TargetError>,
    input: RelayInput,
    signal: AbortSignal
  ): Promise<RelayExit> => {
    if (Exit.isFailure(found)) return Promise.resolve(Exit.failCause(found.cause))
    const first = found.value
    if (first === undefined) return Promise.resolve(Exit.succeed(Option.none()))
    const request = requestOf(input)
    return sendWith(first, request, signal).then(
      (relayed): RelayExit => Exit.succeed(Option.some(relayed)),
      (error: unknown): RelayExit | Promise<RelayExit> => {
        if (signal.aborted) return interrupted
        if (!(error instanceof ProviderError)) return Exit.die(error)
        const answer = Effect.zipRight(report(first.provider, first.key, error), retried(first, request, error))
        return runPromiseExit(Effect.map(answer, Option.some), { signal })
      }
    )
  }

  const openNow: RelayService["openNow"] = (input, signal) => {
    const found = runSyncExit(ready(input))
    if (Exit.isSuccess(found) || !Cause.isDie(found.cause)) return sendFirst(found, input, signal)
    // The store had to wait for its database (the provider changed since its last read): the lookup finishes on its
    // fiber, and the request goes on from there.
    const pending = Cause.squash(found.cause)
    if (!Runtime.isAsyncFiberException(pending)) return sendFirst(found, input, signal)
    const lookup = pending.fiber as Fiber.RuntimeFiber<Ready | undefined, TargetError>
    return runPromiseExit(Fiber.join(lookup)).then((exit) => sendFirst(exit, input, signal))
  }

  return Relay.of({ open, openNow })
})

export const layer: Layer.Layer<Relay, never, ProviderStore | ProviderAdapters | KeyPool> = Layer.effect(Relay, make)
