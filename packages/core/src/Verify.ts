/**
 * The Verify ("Check") action and the remote model list, against the `ProviderAdapter` port. A check is cheap and
 * staged — list the models, and only when needed generate one token (or, for an embedding-only model, which cannot
 * chat, embed one text) — and runs for every key at once, so checking many keys takes about as long as the slowest
 * one. Each key gets a precise answer (reason, status, upstream message, latency, exact URL), never a bare "failed".
 */
import { Clock, Duration, Effect, Option, Redacted, Ref, Stream } from "effect"
import type { ApiKey } from "./domain/ApiKey"
import { embeddingsUrl, shownEndpoints } from "./BaseUrl"
import { ChatRequest, textMessage } from "./domain/ChatRequest"
import { ProviderError } from "./domain/Errors"
import { isEmbeddingOnly } from "./domain/ModelCapabilities"
import type { Provider } from "./domain/Provider"
import { type AdapterTarget, type ProviderAdapter, ProviderAdapters } from "./ProviderAdapter"
import { KeyCheck, VerifyReport } from "./domain/VerifyReport"
import { scrubSecrets } from "./domain/SecretForms"
import { maskUrl } from "./domain/SecretUrl"

/** What a check stage did and where it sent its request. */
interface StageInfo {
  readonly stage: KeyCheck["stage"]
  readonly url: string
}

/** An outcome of one stage: the stage that ran and, if it failed, why. */
interface StageOutcome extends StageInfo {
  readonly error: Option.Option<ProviderError>
}

/** A key with an empty value is treated as absent: sending `Bearer ` would only earn a confusing 401. */
const usableKey = (key: ApiKey): Option.Option<Redacted.Redacted<string>> =>
  Redacted.value(key.value).trim() === "" ? Option.none() : Option.some(key.value)

/**
 * A model list that does not exist on the server (many OpenAI-compatible servers and Azure deployments have none):
 * the check falls back to a one-token generation instead of reporting the key as bad.
 */
const listEndpointMissing = (error: ProviderError) =>
  error.reason === "NotFound" || (error.reason === "InvalidRequest" && (error.status === 405 || error.status === 501))

/**
 * A failure the adapter did not map (a defect, i.e. a bug) still becomes a readable check result; the key is
 * scrubbed from its text in case the foreign error quoted the request.
 */
const fromDefect = (defect: unknown, url: string, key: Option.Option<Redacted.Redacted<string>>) => {
  const text = defect instanceof Error ? defect.message : String(defect)
  const scrubbed = scrubSecrets(text, Option.toArray(Option.map(key, Redacted.value)))
  return new ProviderError({ reason: "InvalidOutput", url, detail: `Unexpected failure: ${scrubbed}` })
}

const generateOneToken = (adapter: ProviderAdapter, target: AdapterTarget, model: string) =>
  adapter
    .streamChat(target, new ChatRequest({ model, messages: [textMessage("user", "Hi")], maxTokens: 1 }))
    // `Finish` is the last event: the check is done there, whatever the server does with the rest of its body.
    .pipe(
      Stream.takeUntil((event) => event._tag === "Finish"),
      Stream.runDrain
    )

/** A port call made outside Effect, as an Effect: interrupting it aborts the request. */
const fromPort = <A>(call: (signal: AbortSignal) => Promise<A>): Effect.Effect<A, ProviderError> =>
  Effect.async<A, ProviderError>((resume, signal) => {
    call(signal).then(
      (value) => resume(Effect.succeed(value)),
      // The port rejects with a `ProviderError` only; anything else is a defect, reported as one.
      (error: unknown) => resume(error instanceof ProviderError ? Effect.fail(error) : Effect.die(error))
    )
  })

/**
 * One text embedded with `model`, the way the gateway sends embeddings: relayed as OpenAI's request, or through the
 * adapter's own `embed` and its answer read. A protocol with neither (Anthropic) has nothing to check an embedding
 * model with, and says so.
 */
const embedOneText = (adapter: ProviderAdapter, target: AdapterTarget, model: string, url: string) => {
  const relay = adapter.relays?.embeddings
  if (relay !== undefined)
    // A 2xx answer is the proof; its vectors are not needed.
    return fromPort((signal) => relay(target, { model, body: { model, input: "Hi" } }, signal)).pipe(
      Effect.map((response) => response.body.destroy())
    )
  const { embed } = adapter
  if (embed !== undefined)
    return fromPort((signal) => embed(target, { model, inputs: ["Hi"] }, signal).then((opened) => opened.read()))
  return Effect.fail(
    new ProviderError({
      reason: "InvalidRequest",
      url,
      detail:
        "This is an embedding model, and this provider's API has no embeddings (Anthropic has none): it cannot be checked or used."
    })
  )
}

/** The stage that proves `model` answers: one token generated, or one text embedded for an embedding-only model. */
const useStage = (
  adapter: ProviderAdapter,
  target: AdapterTarget,
  model: string
): { readonly info: StageInfo; readonly run: Effect.Effect<unknown, ProviderError> } => {
  const { provider } = target
  const registered = provider.models.find((m) => m.id === model)
  if (registered === undefined || !isEmbeddingOnly(registered.capabilities)) {
    const info: StageInfo = { stage: "generate", url: shownEndpoints(provider, model).chat }
    return { info, run: generateOneToken(adapter, target, model) }
  }
  const url = maskUrl(embeddingsUrl(provider, model) ?? shownEndpoints(provider, model).chat)
  return { info: { stage: "embed", url }, run: embedOneText(adapter, target, model, url) }
}

/** Runs one stage; any failure, a defect included, becomes the stage's error. */
const runStage = (
  info: StageInfo,
  run: Effect.Effect<unknown, ProviderError>,
  key: Option.Option<Redacted.Redacted<string>>
): Effect.Effect<StageOutcome> =>
  run.pipe(
    Effect.catchAllDefect((defect) => Effect.fail(fromDefect(defect, info.url, key))),
    Effect.either,
    Effect.map((done) => ({ ...info, error: done._tag === "Left" ? Option.some(done.left) : Option.none() }))
  )

/** One key's staged check, without its time limit; `setStage` is told each stage before it starts. */
const stages = (
  adapter: ProviderAdapter,
  target: AdapterTarget,
  chosenModel: string | undefined,
  setStage: (info: StageInfo) => Effect.Effect<void>
): Effect.Effect<StageOutcome> =>
  Effect.gen(function* () {
    const { provider } = target
    const listInfo: StageInfo = { stage: "models", url: shownEndpoints(provider).models }
    yield* setStage(listInfo)
    const listed = yield* runStage(listInfo, adapter.listModels(target), target.apiKey)
    const needGeneration =
      chosenModel !== undefined || Option.exists(listed.error, (error) => listEndpointMissing(error))
    if (!needGeneration) return listed
    // Without a list endpoint there is nothing cheaper: one token from the chosen model, else the first registered.
    const model = chosenModel ?? provider.models[0]?.id
    if (model === undefined) return listed
    const use = useStage(adapter, target, model)
    yield* setStage(use.info)
    return yield* runStage(use.info, use.run, target.apiKey)
  })

/**
 * A check of one key (`null` for a keyless provider) under `timeoutMs`: `run` gets the call's target and reports
 * each stage before it starts, so a timeout names the stage it struck.
 */
const timedCheck = (
  provider: Provider,
  key: ApiKey | null,
  timeoutMs: number,
  first: StageInfo,
  run: (target: AdapterTarget, setStage: (info: StageInfo) => Effect.Effect<void>) => Effect.Effect<StageOutcome>
): Effect.Effect<KeyCheck> =>
  Effect.gen(function* () {
    const target: AdapterTarget = { provider, apiKey: key === null ? Option.none() : usableKey(key) }
    const current = yield* Ref.make<StageInfo>(first)
    const started = yield* Clock.currentTimeMillis
    const outcome = yield* run(target, (info) => Ref.set(current, info)).pipe(
      Effect.timeout(Duration.millis(timeoutMs)),
      Effect.catchTag("TimeoutException", () =>
        Effect.map(
          Ref.get(current),
          (info): StageOutcome => ({
            ...info,
            error: Option.some(
              new ProviderError({
                reason: "Timeout",
                url: info.url,
                detail: `No answer within the check's limit of ${timeoutMs} ms.`
              })
            )
          })
        )
      )
    )
    const latencyMs = (yield* Clock.currentTimeMillis) - started
    const keyFields = key === null ? { key: null } : { keyId: key.id, key: key.masked }
    return Option.match(outcome.error, {
      onNone: () => new KeyCheck({ ...keyFields, ok: true, latencyMs, url: outcome.url, stage: outcome.stage }),
      onSome: (error) =>
        new KeyCheck({
          ...keyFields,
          ok: false,
          reason: error.reason,
          ...(error.status === undefined ? {} : { status: error.status }),
          ...(error.code === undefined ? {} : { code: error.code }),
          ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
          message: error.detail,
          latencyMs,
          url: outcome.url,
          stage: outcome.stage
        })
    })
  })

const checkKey = (
  adapter: ProviderAdapter,
  provider: Provider,
  key: ApiKey | null,
  chosenModel: string | undefined
): Effect.Effect<KeyCheck> =>
  timedCheck(
    provider,
    key,
    provider.timeouts.verifyMs,
    { stage: "models", url: shownEndpoints(provider).models },
    (target, setStage) => stages(adapter, target, chosenModel, setStage)
  )

/**
 * One model probed with one key (`null` for a keyless provider) under `timeoutMs`: one token generated, or one text
 * embedded for an embedding-only model. Nothing is listed first, since that one answer proves the key and the model
 * at once. Interrupting it aborts the upstream request.
 */
export const probeModel = (
  adapter: ProviderAdapter,
  provider: Provider,
  key: ApiKey | null,
  model: string,
  timeoutMs: number
): Effect.Effect<KeyCheck> => {
  const use = useStage(adapter, { provider, apiKey: Option.none() }, model)
  return timedCheck(provider, key, timeoutMs, use.info, (target) =>
    runStage(use.info, useStage(adapter, target, model).run, target.apiKey)
  )
}

/**
 * Checks every key of `provider` in parallel (a keyless provider gets one check with `key: null`). `options.model`
 * makes each check also generate one token with that model (embed one text, for an embedding-only model), which
 * proves the model and deployment exist. The report
 * is `ok` only when every key passed.
 */
export const verifyProvider = Effect.fn("Verify.verifyProvider")(function* (
  provider: Provider,
  options: { readonly model?: string }
) {
  const adapter = (yield* ProviderAdapters).get(provider.type)
  const keys: ReadonlyArray<ApiKey | null> = provider.apiKeys.length === 0 ? [null] : provider.apiKeys
  const results = yield* Effect.forEach(keys, (key) => checkKey(adapter, provider, key, options.model), {
    concurrency: "unbounded"
  })
  return new VerifyReport({ providerId: provider.id, ok: results.every((r) => r.ok), results })
})

/**
 * The provider's own model list, read with its first usable key (none for a keyless server) under the provider's
 * verify timeout: the same endpoint verify reads, so a hung server is given up on as soon (not after the first-byte
 * timeout meant for a long generation). A failure is the adapter's error as is — never an empty list.
 */
export const listRemoteModels = Effect.fn("Verify.listRemoteModels")(function* (provider: Provider) {
  const adapter = (yield* ProviderAdapters).get(provider.type)
  const apiKey = Option.firstSomeOf(provider.apiKeys.map(usableKey))
  const url = shownEndpoints(provider).models
  return yield* adapter.listModels({ provider, apiKey }).pipe(
    Effect.timeoutFail({
      duration: Duration.millis(provider.timeouts.verifyMs),
      onTimeout: () =>
        new ProviderError({
          reason: "Timeout",
          url,
          detail: `The model list did not arrive within ${provider.timeouts.verifyMs} ms (the verify timeout).`
        })
    })
  )
})
