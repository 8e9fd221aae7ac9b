/**
 * A fake `ProviderAdapters` for testing the core's `Relay` without HTTP. The Chat Completions protocols (`openai`,
 * `azure-openai`) get an adapter whose relays (Chat Completions and embeddings) follow a script: each scripted call
 * says which key it expects and whether it answers (a fake 2xx `RelayResponse`, its body a `Readable` of the given
 * chunks) or fails with a `ProviderError`, after an optional pause on the `Clock` (so `TestClock` drives it). The
 * other protocols get an adapter without `relay`. Every relay call is recorded (key, provider, request, the response
 * given), and a call nobody scripted dies loudly instead of inventing an answer. `listModels` and `streamChat` are
 * never expected.
 */
import { Readable } from "node:stream"
import { Cause, Context, Duration, Effect, Exit, Layer, Option, Redacted, Ref, Runtime, Stream } from "effect"
import { ProviderError } from "../../src/domain/Errors"
import {
  type AdapterTarget,
  type ProviderAdapter,
  ProviderAdapters,
  type RelayRequest,
  type RelaySend,
  type RelayResponse
} from "../../src/ProviderAdapter"
import type { ProviderType } from "../../src/domain/ProviderType"

/** The protocols whose fake adapter implements `relay`; the others have none. */
export const relayTypes: ReadonlyArray<ProviderType> = ["openai", "azure-openai"]

/** The key a call is expected with: its plain value, `null` for a keyless call, or `undefined` for any key. */
type ExpectedKey = string | null | undefined

export interface Answer {
  readonly url: string
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  /** The body's bytes, one chunk each. */
  readonly chunks: ReadonlyArray<string>
}

export interface Expectation {
  readonly key: ExpectedKey
  readonly delayMs: number
  readonly outcome:
    | { readonly _tag: "Answer"; readonly answer: Answer }
    | { readonly _tag: "Fail"; readonly error: ProviderError }
}

export const defaultUrl = "http://localhost:8000/v1/chat/completions"

/** A 2xx answer; by default a 200 of JSON with one chunk. */
export const answer = (key: ExpectedKey, fields: Partial<Answer> = {}, options: { readonly delayMs?: number } = {}) =>
  ({
    key,
    delayMs: options.delayMs ?? 0,
    outcome: {
      _tag: "Answer",
      answer: {
        url: defaultUrl,
        status: 200,
        headers: { "content-type": "application/json" },
        chunks: ['{"id":"chatcmpl-1"}'],
        ...fields
      }
    }
  }) satisfies Expectation

export const fail = (key: ExpectedKey, error: ProviderError, options: { readonly delayMs?: number } = {}) =>
  ({ key, delayMs: options.delayMs ?? 0, outcome: { _tag: "Fail", error } }) satisfies Expectation

/** A relay call the adapter received, and the response it gave (unset when it failed or is still pausing). */
export interface Call {
  readonly key: string | null
  readonly providerId: string
  readonly providerType: ProviderType
  readonly request: RelayRequest
  response?: RelayResponse
}

export interface RelayAdapterService {
  /** Every relay call received so far, in order. */
  readonly calls: Effect.Effect<ReadonlyArray<Call>>
  /** The keys of the calls so far, in order (`null` for keyless calls). */
  readonly keys: Effect.Effect<ReadonlyArray<string | null>>
  /** Scripted calls nobody made yet. */
  readonly unused: Effect.Effect<ReadonlyArray<Expectation>>
}

export class RelayAdapter extends Context.Tag("@switchboard/core/test/RelayAdapter")<
  RelayAdapter,
  RelayAdapterService
>() {}

const plainKey = (target: AdapterTarget) => Option.match(target.apiKey, { onNone: () => null, onSome: Redacted.value })

const describeKey = (key: string | null) => (key === null ? "no key" : `key ending "${key.slice(-4)}"`)

const unexpected = (op: string) => Effect.dieMessage(`RelayAdapter: unexpected ${op} call`)

export const make = (script: ReadonlyArray<Expectation>) =>
  Effect.gen(function* () {
    const remaining = yield* Ref.make<ReadonlyArray<Expectation>>(script)
    const calls = yield* Ref.make<ReadonlyArray<Call>>([])

    // The port's relay is a Promise; the script runs on the test's runtime, so its pauses follow the `TestClock`.
    const runtime = yield* Effect.runtime<never>()
    const scripted = (target: AdapterTarget, request: RelayRequest) =>
      Effect.gen(function* () {
        const key = plainKey(target)
        const call: Call = { key, providerId: target.provider.id, providerType: target.provider.type, request }
        yield* Ref.update(calls, (all) => [...all, call])
        const found = yield* Ref.modify(remaining, (all) => {
          const index = all.findIndex((e) => e.key === undefined || e.key === key)
          if (index < 0) return [undefined, all] as const
          return [all[index], all.filter((_, i) => i !== index)] as const
        })
        if (found === undefined)
          return yield* Effect.dieMessage(`RelayAdapter: unscripted relay call with ${describeKey(key)}`)
        if (found.delayMs > 0) yield* Effect.sleep(Duration.millis(found.delayMs))
        if (found.outcome._tag === "Fail") return yield* Effect.fail(found.outcome.error)
        const { chunks, ...rest } = found.outcome.answer
        const response: RelayResponse = { ...rest, body: Readable.from(chunks.map((c) => Buffer.from(c))) }
        call.response = response
        return response
      })

    const base: ProviderAdapter = {
      listModels: () => unexpected("listModels"),
      streamChat: () => Stream.unwrap(unexpected("streamChat"))
    }
    const relay: RelaySend = (target, request, signal) =>
      Runtime.runPromiseExit(runtime)(scripted(target, request), { signal }).then((exit) => {
        if (Exit.isSuccess(exit)) return exit.value
        // Aborted: a real adapter's request then fails as a cut connection.
        if (Exit.isInterrupted(exit)) throw new ProviderError({ reason: "Network", url: defaultUrl, detail: "aborted" })
        throw Cause.squash(exit.cause)
      })
    const withRelay: ProviderAdapter = { ...base, relays: { "chat-completions": relay, embeddings: relay } }

    const service: RelayAdapterService = {
      calls: Ref.get(calls),
      keys: Effect.map(Ref.get(calls), (all) => all.map((c) => c.key)),
      unused: Ref.get(remaining)
    }
    return { get: (type: ProviderType) => (relayTypes.includes(type) ? withRelay : base), service }
  })

/** The fakes as every protocol's adapter, plus the `RelayAdapter` handle for assertions. */
export const layer = (script: ReadonlyArray<Expectation> = []): Layer.Layer<ProviderAdapters | RelayAdapter> =>
  Layer.effectContext(
    Effect.map(make(script), ({ get, service }) =>
      Context.make(RelayAdapter, service).pipe(Context.add(ProviderAdapters, { get }))
    )
  )

/** The whole body of a response, as text. */
export const readBody = (response: RelayResponse) =>
  Effect.promise(async () => {
    const parts: Array<Buffer> = []
    for await (const chunk of response.body) parts.push(Buffer.from(chunk as Buffer))
    return Buffer.concat(parts).toString("utf8")
  })
