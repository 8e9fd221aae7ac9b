/**
 * The gateway's fast lane. A client's request goes on as its client wrote it to a provider whose protocol is the
 * client's too (Chat Completions to OpenAI-compatible servers and Azure OpenAI, Messages to Anthropic, Responses to
 * OpenAI Responses): nothing is translated, so every field reaches the upstream (tools, `n`, logprobs, response
 * formats) and the answer's bytes go back unchanged. To a provider of another protocol it goes translated, when the
 * caller says how (`translate`, `embedding`): the adapter sends the neutral request in its own form (`openAnswer`,
 * `embed`) and hands back what reads its answer. Either
 * way it keeps what the core promises of every call: the provider must exist, be enabled and have the model; keys
 * rotate through the process's `KeyPool`; a failure before the answer is retried (`Retries`); silences end in a
 * `Timeout` (the adapter's watchdog). All of it without a fiber per request when the first attempt goes well.
 */
import { Cause, Context, Effect, Either, Exit, Fiber, FiberId, Layer, Option, Runtime } from "effect"
import type { ChatRequest } from "./domain/ChatRequest"
import type { EmbeddingRequest, Embeddings } from "./domain/Embeddings"
import { type ModelUse, resolveTarget, type TargetError } from "./internal/ChatTarget"
import { type InvalidInput, ProviderError } from "./domain/Errors"
import type { ApiKey } from "./domain/ApiKey"
import { KeyPool } from "./KeyPool"
import type { Provider } from "./domain/Provider"
import {
  type AdapterTarget,
  type AnswerReader,
  type ClientProtocol,
  type OpenedAnswer,
  type OpenedEmbeddings,
  type ProviderAdapter,
  ProviderAdapters,
  type RelayResponse
} from "./ProviderAdapter"
import { ProviderStore } from "./ProviderStore"
import { KeyOutcomes, retryAfter } from "./internal/Retries"

export interface RelayInput {
  /** The client's protocol; Chat Completions when not said. */
  readonly protocol?: ClientProtocol
  readonly provider: string
  /** A model id registered on the provider. */
  readonly model: string
  /** The client's parsed JSON body, sent on with `model` replaced. */
  readonly body: Readonly<Record<string, unknown>>
  /** The client's headers a relay passes on (`RelayRequest.headers`). */
  readonly headers?: Readonly<Record<string, string>> | undefined
  /**
   * For a provider whose protocol is not the client's: the client's request as the core's neutral request for this
   * provider, or why it cannot be one. Without it, such a provider answers `None`.
   */
  readonly translate?: (provider: Provider) => Either.Either<ChatRequest, InvalidInput>
  /** `translate` for an embeddings request. */
  readonly embedding?: (provider: Provider) => Either.Either<EmbeddingRequest, InvalidInput>
}

export interface Relayed extends RelayResponse {
  /** From sending the request that answered to its answer's headers: the upstream's share of the wait. */
  readonly upstreamMs: number
  /** A translated answer's reader, which turns its body into neutral events; none for a relayed one. */
  readonly reader?: AnswerReader
  /** A translated embeddings answer's reading; none for a relayed one. */
  readonly read?: () => Promise<Embeddings>
}

export type RelayError = TargetError | InvalidInput | ProviderError

export type RelayExit = Exit.Exit<Option.Option<Relayed>, RelayError>

export interface RelayService {
  /** The upstream's 2xx answer, unread; `None` when the provider's protocol needs a translation none was given for. */
  readonly open: (input: RelayInput) => Effect.Effect<Option.Option<Relayed>, RelayError>
  /**
   * `open` for a caller outside a fiber (the gateway's Node lane): the same checks, keys, retries, timeouts and
   * answer. The lookup runs synchronously and a first attempt that goes well runs on no fiber at all (a fiber per
   * request was a measurable share of a relayed hop); a first attempt that fails continues on the runtime under
   * `Retries`. Aborting `signal` (the client left) ends it as interrupted.
   */
  readonly openNow: (input: RelayInput, signal: AbortSignal) => Promise<RelayExit>
}

export class Relay extends Context.Tag("@switchboard/core/Relay")<Relay, RelayService>() {}

/** One attempt's request, as the protocol sends it: the client's body relayed, or the translated one opened. */
type Send = (target: AdapterTarget, signal: AbortSignal) => Promise<RelayResponse | OpenedAnswer | OpenedEmbeddings>

/** How `adapter` sends `input` to `provider`; `undefined` when it takes no relay and no translation was given. */
const sendOf = (
  adapter: ProviderAdapter,
  provider: Provider,
  input: RelayInput
): Either.Either<Send | undefined, InvalidInput> => {
  const relay = adapter.relays?.[input.protocol ?? "chat-completions"]
  if (relay !== undefined) {
    const request = { model: input.model, body: input.body, headers: input.headers }
    return Either.right((target, signal) => relay(target, request, signal))
  }
  const { embed, openAnswer: open } = adapter
  if (input.embedding !== undefined)
    return embed === undefined
      ? Either.right(undefined)
      : Either.map(input.embedding(provider), (request) => (target, signal) => embed(target, request, signal))
  if (open === undefined || input.translate === undefined) return Either.right(undefined)
  const options = { stream: input.body.stream === true }
  return Either.map(input.translate(provider), (request) => (target, signal) => open(target, request, signal, options))
}

/** Embeddings ask a model to embed; every other protocol asks it to generate. */
const useOf = (input: RelayInput): ModelUse => (input.protocol === "embeddings" ? "embeddings" : "chat")

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
  const sendWith = (ready: Ready, signal: AbortSignal): Promise<Relayed> => {
    const sentAt = performance.now()
    return ready
      .send({ provider: ready.provider, apiKey: Option.map(ready.key, (k) => k.value) }, signal)
      .then((response) => ({ ...response, upstreamMs: performance.now() - sentAt }))
  }

  const report = (provider: Provider, key: Option.Option<ApiKey>, error: ProviderError) =>
    Option.isSome(key) ? pool.report(provider, key.value, error) : Effect.void

  /** One attempt with `ready`'s key; a failure is held against that key. */
  const attemptWith = (ready: Ready) =>
    Effect.async<Relayed, ProviderError>((resume, signal) => {
      sendWith(ready, signal).then(
        (relayed) => resume(Effect.succeed(relayed)),
        (error: unknown) => resume(error instanceof ProviderError ? Effect.fail(error) : Effect.die(error))
      )
    }).pipe(Effect.tapError((error) => report(ready.provider, ready.key, error)))

  /**
   * What follows a first attempt that failed with `error`: `Retries`, each attempt with the next key; a failure in the
   * end reports each key's own outcome.
   */
  const retried = (first: Ready, error: ProviderError) => {
    const outcomes = new KeyOutcomes()
    outcomes.note(first.key, error)
    return retryAfter(
      error,
      first.provider,
      pool,
      Effect.flatMap(pool.next(first.provider), (key) =>
        Effect.tapError(attemptWith({ ...first, key }), (failed) => Effect.sync(() => outcomes.note(key, failed)))
      ),
      (last) => outcomes.failure(last)
    )
  }

  /** The provider, how to send to it and the next key; `undefined` when it needs a translation none was given for. */
  const ready = (input: RelayInput): Effect.Effect<Ready | undefined, TargetError | InvalidInput> =>
    Effect.flatMap(resolveTarget(store, input.provider, input.model, useOf(input)), (provider) =>
      Either.match(sendOf(adapters.get(provider.type), provider, input), {
        onLeft: Effect.fail,
        onRight: (send) =>
          send === undefined
            ? Effect.succeed(undefined)
            : Effect.map(pool.next(provider), (key) => ({ provider, send, key }))
      })
    )

  const open: RelayService["open"] = (input) =>
    Effect.flatMap(ready(input), (first) => {
      if (first === undefined) return Effect.succeedNone
      const answer = Effect.catchAll(attemptWith(first), (error) => retried(first, error))
      return Effect.map(answer, Option.some)
    })

  /** The first attempt, made outside Effect; its failure goes on under `Retries`, on the runtime. */
  const sendFirst = (
    found: Exit.Exit<Ready | undefined, TargetError | InvalidInput>,
    signal: AbortSignal
  ): Promise<RelayExit> => {
    if (Exit.isFailure(found)) return Promise.resolve(Exit.failCause(found.cause))
    const first = found.value
    if (first === undefined) return Promise.resolve(Exit.succeed(Option.none()))
    return sendWith(first, signal).then(
      (relayed): RelayExit => Exit.succeed(Option.some(relayed)),
      (error: unknown): RelayExit | Promise<RelayExit> => {
        if (signal.aborted) return interrupted
        if (!(error instanceof ProviderError)) return Exit.die(error)
        const answer = Effect.zipRight(report(first.provider, first.key, error), retried(first, error))
        return runPromiseExit(Effect.map(answer, Option.some), { signal })
      }
    )
  }

  const openNow: RelayService["openNow"] = (input, signal) => {
    const found = runSyncExit(ready(input))
    if (Exit.isSuccess(found) || !Cause.isDie(found.cause)) return sendFirst(found, signal)
    // The store had to wait for its database (the provider changed since its last read): the lookup finishes on its
    // fiber, and the request goes on from there.
    const pending = Cause.squash(found.cause)
    if (!Runtime.isAsyncFiberException(pending)) return sendFirst(found, signal)
    const lookup = pending.fiber as Fiber.RuntimeFiber<Ready | undefined, TargetError | InvalidInput>
    return runPromiseExit(Fiber.join(lookup)).then((exit) => sendFirst(exit, signal))
  }

  return Relay.of({ open, openNow })
})

export const layer: Layer.Layer<Relay, never, ProviderStore | ProviderAdapters | KeyPool> = Layer.effect(Relay, make)
