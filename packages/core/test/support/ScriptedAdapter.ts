/**
 * A fake `ProviderAdapter` driven by a script, for testing the core's Chat and Verify without HTTP. Each scripted
 * call says which operation and key it expects and what happens (models, an error, events with pauses, a hang);
 * a call nobody scripted dies loudly instead of inventing an answer. It records every call, and how each chat
 * stream ended, so tests can prove key rotation and that cancelling the consumer ran the adapter's finalizer.
 * Pauses use `Effect.sleep`, so `TestClock` drives them.
 */
import { Cause, Context, Duration, Effect, Layer, Option, Redacted, Ref, Stream } from "effect"
import { type ChatEvent, Finish, type FinishReason, TextDelta, Usage } from "../../src/domain/ChatEvent"
import type { ChatRequest } from "../../src/domain/ChatRequest"
import type { ProviderError } from "../../src/domain/Errors"
import { type AdapterTarget, ProviderAdapters } from "../../src/ProviderAdapter"
import type { RemoteModel } from "../../src/domain/RemoteModel"

/** One step of a scripted chat stream. */
export type Step =
  | { readonly _tag: "Emit"; readonly event: ChatEvent }
  | { readonly _tag: "Sleep"; readonly ms: number }
  | { readonly _tag: "Fail"; readonly error: ProviderError }
  | { readonly _tag: "Hang" }

export const emit = (event: ChatEvent): Step => ({ _tag: "Emit", event })
export const text = (value: string): Step => emit(new TextDelta({ text: value }))
export const usage = (inputTokens: number, outputTokens: number): Step => emit(new Usage({ inputTokens, outputTokens }))
export const finish = (reason: FinishReason = "stop", raw?: string): Step =>
  emit(new Finish(raw === undefined ? { reason } : { reason, raw }))
export const sleep = (ms: number): Step => ({ _tag: "Sleep", ms })
export const fail = (error: ProviderError): Step => ({ _tag: "Fail", error })
export const hang: Step = { _tag: "Hang" }

/** The key a call is expected with: its plain value, `null` for a keyless call, or `undefined` for any key. */
type ExpectedKey = string | null | undefined

export type Expectation =
  | {
      readonly op: "listModels"
      readonly key: ExpectedKey
      readonly delayMs: number
      readonly outcome:
        | { readonly _tag: "Models"; readonly models: ReadonlyArray<RemoteModel> }
        | { readonly _tag: "Error"; readonly error: ProviderError }
        | { readonly _tag: "Hang" }
    }
  | { readonly op: "streamChat"; readonly key: ExpectedKey; readonly steps: ReadonlyArray<Step> }

export const onList = (
  key: ExpectedKey,
  outcome: ReadonlyArray<RemoteModel> | ProviderError | "hang",
  options: { readonly delayMs?: number } = {}
): Expectation => ({
  op: "listModels",
  key,
  delayMs: options.delayMs ?? 0,
  outcome:
    outcome === "hang"
      ? { _tag: "Hang" }
      : Array.isArray(outcome)
        ? { _tag: "Models", models: outcome }
        : { _tag: "Error", error: outcome as ProviderError }
})

export const onChat = (key: ExpectedKey, steps: ReadonlyArray<Step>): Expectation => ({ op: "streamChat", key, steps })

/** A call the adapter received. `ended` is how a chat stream's finalizer saw it end (unset while it runs). */
export interface Call {
  readonly op: "listModels" | "streamChat"
  readonly key: string | null
  readonly providerId: string
  readonly request?: ChatRequest
  ended?: "done" | "failed" | "interrupted"
}

export interface ScriptedAdapterService {
  /** Every call received so far, in order. */
  readonly calls: Effect.Effect<ReadonlyArray<Call>>
  /** The keys of the calls so far, in order (`null` for keyless calls). */
  readonly keys: Effect.Effect<ReadonlyArray<string | null>>
  /** Scripted calls nobody made yet. */
  readonly unused: Effect.Effect<ReadonlyArray<Expectation>>
  /** Adds expectations to the end of the script. */
  readonly expect: (...expectations: ReadonlyArray<Expectation>) => Effect.Effect<void>
}

export class ScriptedAdapter extends Context.Tag("@switchboard/core/test/ScriptedAdapter")<
  ScriptedAdapter,
  ScriptedAdapterService
>() {}

const plainKey = (target: AdapterTarget) => Option.match(target.apiKey, { onNone: () => null, onSome: Redacted.value })

const describeKey = (key: string | null) => (key === null ? "no key" : `key ending "${key.slice(-4)}"`)

const stepStream = (step: Step): Stream.Stream<ChatEvent, ProviderError> => {
  switch (step._tag) {
    case "Emit":
      return Stream.make(step.event)
    case "Sleep":
      return Stream.drain(Stream.fromEffect(Effect.sleep(Duration.millis(step.ms))))
    case "Fail":
      return Stream.fail(step.error)
    case "Hang":
      return Stream.never
  }
}

export const make = (script: ReadonlyArray<Expectation>) =>
  Effect.gen(function* () {
    const remaining = yield* Ref.make<ReadonlyArray<Expectation>>(script)
    const calls = yield* Ref.make<ReadonlyArray<Call>>([])

    /** Takes the first unused expectation that fits, or dies naming the call nobody scripted. */
    const take = <Op extends Expectation["op"]>(op: Op, target: AdapterTarget, request?: ChatRequest) =>
      Effect.gen(function* () {
        const key = plainKey(target)
        const call: Call = {
          op,
          key,
          providerId: target.provider.id,
          ...(request === undefined ? {} : { request })
        }
        yield* Ref.update(calls, (all) => [...all, call])
        const found = yield* Ref.modify(remaining, (all) => {
          const index = all.findIndex((e) => e.op === op && (e.key === undefined || e.key === key))
          if (index < 0) return [undefined, all] as const
          return [all[index], all.filter((_, i) => i !== index)] as const
        })
        if (found === undefined)
          return yield* Effect.dieMessage(`ScriptedAdapter: unscripted ${op} call with ${describeKey(key)}`)
        return [found as Extract<Expectation, { op: Op }>, call] as const
      })

    const adapter = {
      listModels: (target: AdapterTarget) =>
        Effect.gen(function* () {
          const [expectation] = yield* take("listModels", target)
          if (expectation.delayMs > 0) yield* Effect.sleep(Duration.millis(expectation.delayMs))
          switch (expectation.outcome._tag) {
            case "Models":
              return expectation.outcome.models
            case "Error":
              return yield* Effect.fail(expectation.outcome.error)
            case "Hang":
              return yield* Effect.never
          }
        }),
      streamChat: (target: AdapterTarget, request: ChatRequest) =>
        Stream.unwrap(
          Effect.map(take("streamChat", target, request), ([expectation, call]) =>
            Stream.fromIterable(expectation.steps).pipe(
              Stream.flatMap(stepStream),
              Stream.ensuringWith((exit) =>
                Effect.sync(() => {
                  call.ended =
                    exit._tag === "Success" ? "done" : Cause.isInterruptedOnly(exit.cause) ? "interrupted" : "failed"
                })
              )
            )
          )
        )
    }

    const service: ScriptedAdapterService = {
      calls: Ref.get(calls),
      keys: Effect.map(Ref.get(calls), (all) => all.map((c) => c.key)),
      unused: Ref.get(remaining),
      expect: (...expectations) => Ref.update(remaining, (all) => [...all, ...expectations])
    }
    return { adapter, service }
  })

/** The fake as every protocol's adapter, plus its `ScriptedAdapter` handle for assertions. */
export const layer = (script: ReadonlyArray<Expectation> = []): Layer.Layer<ProviderAdapters | ScriptedAdapter> =>
  Layer.effectContext(
    Effect.map(make(script), ({ adapter, service }) =>
      Context.make(ScriptedAdapter, service).pipe(Context.add(ProviderAdapters, { get: () => adapter }))
    )
  )
