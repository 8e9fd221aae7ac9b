/**
 * The provider lifecycle: what every frontend calls to add, change, switch on and off, reorder and remove providers
 * and their models, and to export or import the whole configuration. Input is typed as the `ProviderInput` schemas'
 * encoded forms, so callers get compile-time help, and is still decoded here once: REST bodies and typed text are
 * untrusted at run time, and every frontend gets the same errors.
 */
import { randomUUID } from "node:crypto"
import { Context, DateTime, Effect, Layer, type Option, Redacted, Schema } from "effect"
import { ApiKey, ApiKeyId } from "./domain/ApiKey"
import { defaultAzureApiVersion, type Endpoints, endpoints as endpointsOf } from "./BaseUrl"
import {
  type ConfigDocument,
  type ConfigDocumentJson,
  keepStoredSecrets,
  readConfigDocument,
  writeConfigDocument
} from "./ConfigDocument"
import {
  Conflict,
  DuplicateModel,
  DuplicateName,
  InvalidInput,
  NotFound,
  type ProviderDisabled,
  type ProviderError,
  type StorageError
} from "./domain/Errors"
import { Model, ModelId, makeModel } from "./domain/Model"
import type { Capability } from "./domain/ModelCapabilities"
import { pauseBefore } from "./internal/YieldToEventLoop"
import { maxAttempts, modifyProvider } from "./internal/ModifyProvider"
import { Catalog, layerBundled as layerBundledCatalog } from "./catalog/Catalog"
import { fillModel } from "./catalog/ModelFill"
import { findPreset } from "./Presets"
import { Provider, type ProviderId } from "./domain/Provider"
import { ProviderAdapters } from "./ProviderAdapter"
import { decodeInput, ModelPatch, NewModel, type NewModels, NewProvider, ProviderPatch } from "./domain/ProviderInput"
import { layerMemory, ProviderStore } from "./ProviderStore"
import type { ProviderType } from "./domain/ProviderType"
import { providerTypes } from "./domain/ProviderTypes"
import type { RemoteModel } from "./domain/RemoteModel"
import { uniqueSlug } from "./domain/Slug"
import { Timeouts } from "./domain/Timeouts"
import { listRemoteModels, verifyProvider } from "./Verify"
import { LastVerify, type VerifyReport } from "./domain/VerifyReport"

type WriteError = NotFound | InvalidInput | DuplicateName | Conflict | StorageError
type Write<A> = Effect.Effect<A, WriteError>

export interface ProvidersService {
  readonly list: Effect.Effect<ReadonlyArray<Provider>, StorageError>
  readonly get: (id: string) => Effect.Effect<Provider, NotFound | StorageError>
  /**
   * `input` is a `NewProvider`: `type` and `baseUrl` come from the input or from `preset` (input wins). A new provider
   * is enabled unless `enabled: false`. Its id is `id` if given (a taken one fails with `DuplicateName`, field `id`);
   * else the name's slug, which gets `-2`, `-3`, … when taken.
   */
  readonly add: (input: NewProvider) => Effect.Effect<Provider, WriteError | DuplicateModel>
  /**
   * Applies a `ProviderPatch`. With `revision`, a provider changed since then fails with `Conflict`; without it the
   * patch is applied to the current revision (retried if a concurrent write lands first), so no update is lost.
   * `headers` and `apiKeys` replace the stored ones; `timeouts` are merged field by field.
   */
  readonly update: (id: string, patch: ProviderPatch, options?: { readonly revision?: number }) => Write<Provider>
  readonly setEnabled: (id: string, enabled: boolean) => Write<Provider>
  /** `ids` must list every provider exactly once. */
  readonly reorder: (ids: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<Provider>, InvalidInput | StorageError>
  readonly remove: (id: string) => Effect.Effect<void, NotFound | StorageError>

  /**
   * Adds one or several `NewModel`s (one id, a list of ids, or `{ id, name, … }` objects); ids already on the
   * provider (or repeated in `models`) fail the whole call with `DuplicateModel` listing them.
   */
  readonly addModels: (id: string, models: NewModels) => Effect.Effect<Provider, WriteError | DuplicateModel>
  /** Applies a `ModelPatch` to one model; `capabilities: { vision: null }` goes back to the inferred value. */
  readonly updateModel: (id: string, modelId: string, patch: ModelPatch) => Write<Provider>
  readonly removeModel: (id: string, modelId: string) => Write<Provider>

  /** The exact URLs a stored provider's requests go to (unsaved settings: `BaseUrl.endpoints`). */
  readonly endpoints: (id: string, model?: string) => Effect.Effect<Endpoints, NotFound | StorageError>

  /** The whole configuration; keys are left out unless a passphrase is given, and then sealed with it. */
  readonly exportConfig: (options?: {
    readonly passphrase?: string
  }) => Effect.Effect<ConfigDocument, StorageError | InvalidInput>
  /**
   * Validates the whole document before writing anything, then writes all of it in one transaction: providers with
   * a known id are replaced (keeping stored keys when the document carries none), others are added.
   */
  readonly importConfig: (
    document: ConfigDocument | ConfigDocumentJson,
    options?: { readonly passphrase?: string }
  ) => Effect.Effect<ReadonlyArray<Provider>, InvalidInput | DuplicateName | StorageError>

  /**
   * The Verify ("Check") action: every key checked in parallel, staged and cheap. Works on a disabled provider. The
   * report is kept as the provider's last one (`lastVerify`).
   */
  readonly verify: (
    id: string,
    options?: { readonly model?: string }
  ) => Effect.Effect<VerifyReport, NotFound | UnknownModelOrDisabled | StorageError>
  /** The provider's last verify report and when it was made, by any frontend; none if it was never verified. */
  readonly lastVerify: (id: string) => Effect.Effect<Option.Option<LastVerify>, NotFound | StorageError>
  /** The provider's own model list, every page read; a failure is an error, never an empty list. */
  readonly remoteModels: (
    id: string
  ) => Effect.Effect<ReadonlyArray<RemoteModel>, NotFound | ProviderError | StorageError>
}

type UnknownModelOrDisabled = ProviderDisabled | InvalidInput

export class Providers extends Context.Tag("@switchboard/core/Providers")<Providers, ProvidersService>() {}

/**
 * The most providers one import may hold, counted before anything is decoded. An import is decoded, checked and
 * sealed in one piece, which every other request waits behind: 2,800 providers with 40 models each took 4.7 s.
 */
export const maxImportProviders = 500

/** One model, several, or objects: what `addModels` accepts. */
const decodeModels = (input: NewModels): Effect.Effect<ReadonlyArray<typeof NewModel.Type>, InvalidInput> =>
  !Array.isArray(input)
    ? decodeInput(NewModel, "models")(input).pipe(Effect.map((model) => [model]))
    : input.length === 0
      ? // An empty list would write nothing yet bump the revision: a client holding it would meet a spurious conflict.
        Effect.fail(new InvalidInput({ field: "models", problem: "must list at least one model id" }))
      : decodeInput(Schema.Array(NewModel), "models")(input)

const duplicatesOf = (ids: ReadonlyArray<string>): ReadonlyArray<string> => [
  ...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))
]

const newKey = (plain: string) =>
  Effect.sync(() => new ApiKey({ id: ApiKeyId.make(randomUUID()), value: Redacted.make(plain) }))

/** Rejects a key kept or given twice (by id or value); the message names positions, never the key. */
const checkRepeatedKeys = (keys: ReadonlyArray<ApiKey>): Effect.Effect<void, InvalidInput> => {
  const same = (a: ApiKey, b: ApiKey) => a.id === b.id || Redacted.value(a.value) === Redacted.value(b.value)
  const i = keys.findIndex((key, i) => keys.slice(0, i).some((earlier) => same(earlier, key)))
  if (i === -1) return Effect.void
  const j = keys.findIndex((earlier) => same(earlier, keys[i]!))
  return Effect.fail(new InvalidInput({ field: `apiKeys[${i}]`, problem: `is the same key as apiKeys[${j}]` }))
}

/** Timeouts with the fields the patch sets replaced; absent (or `undefined`) fields keep `base`'s value. */
const mergeTimeouts = (base: Timeouts, patch: Partial<Record<keyof Timeouts, number | undefined>> | undefined) =>
  new Timeouts({
    firstByteMs: patch?.firstByteMs ?? base.firstByteMs,
    idleMs: patch?.idleMs ?? base.idleMs,
    verifyMs: patch?.verifyMs ?? base.verifyMs,
    maxRetries: patch?.maxRetries ?? base.maxRetries
  })

/** Azure needs an api-version in every URL; others only keep one the user set. */
const apiVersionFor = (type: ProviderType, apiVersion: string | undefined) =>
  apiVersion ?? (type === "azure-openai" ? defaultAzureApiVersion : undefined)

/** `Provider` fields with `apiVersion` left out when absent, so no stored provider carries an explicit `undefined`. */
const withApiVersion = <A extends object>(fields: A, apiVersion: string | undefined) =>
  apiVersion === undefined ? fields : { ...fields, apiVersion }

/** A user setting after a patch, as fields to spread: `null` clears it, absent keeps `current`. */
const setting = <K extends string, A>(key: K, patched: A | null | undefined, current: A | undefined) => {
  const value = patched === null ? undefined : (patched ?? current)
  return (value === undefined ? {} : { [key]: value }) as { readonly [P in K]?: A }
}

const findModel = (provider: Provider, modelId: string): Effect.Effect<Model, NotFound> => {
  const model = provider.models.find((m) => m.id === modelId)
  return model ? Effect.succeed(model) : Effect.fail(new NotFound({ entity: "model", id: modelId }))
}

export const make = Effect.gen(function* () {
  const store = yield* ProviderStore
  const adapters = yield* ProviderAdapters
  const catalog = yield* Catalog

  const get = Effect.fn("Providers.get")(function* (id: string) {
    return yield* store.get(id as ProviderId)
  })

  const modify = modifyProvider(store)

  const add = Effect.fn("Providers.add")(function* (input: NewProvider) {
    const fields = yield* decodeInput(NewProvider)(input)
    // `NewProvider` already rejected an unknown preset, listing the known ones.
    const preset = fields.preset === undefined ? undefined : findPreset(fields.preset)
    const type = fields.type ?? preset?.type
    if (type === undefined)
      return yield* new InvalidInput({
        field: "type",
        problem: `is required: one of ${providerTypes.join(", ")}, or a preset`
      })
    const baseUrl = fields.baseUrl ?? preset?.baseUrl
    if (baseUrl === undefined)
      return yield* new InvalidInput({ field: "baseUrl", problem: "is required, like http://localhost:8000" })
    // `NewProvider` already rejected a key given twice.
    const apiKeys = yield* Effect.forEach(fields.apiKeys ?? [], newKey)
    const models = (fields.models ?? []).map((model) => fillModel(catalog, { type, baseUrl }, makeModel(model)))
    const now = yield* DateTime.now
    const insert = Effect.gen(function* () {
      const taken = new Set<string>((yield* store.list).map((p) => p.id))
      if (fields.id !== undefined && taken.has(fields.id))
        return yield* new DuplicateName({ name: fields.id, field: "id" })
      const id = (fields.id ?? uniqueSlug(fields.name, (slug) => taken.has(slug))) as ProviderId
      const repeated = duplicatesOf(models.map((m) => m.id))
      if (repeated.length > 0) return yield* new DuplicateModel({ providerId: id, modelIds: repeated })
      const provider = new Provider(
        withApiVersion(
          {
            id,
            name: fields.name,
            type,
            enabled: fields.enabled ?? true,
            baseUrl,
            apiKeys,
            headers: fields.headers ?? {},
            timeouts: mergeTimeouts(Timeouts.defaults, fields.timeouts),
            models,
            revision: 0,
            createdAt: now,
            updatedAt: now
          },
          apiVersionFor(type, fields.apiVersion ?? preset?.apiVersion)
        )
      )
      return yield* store.insert(provider)
    })
    // A `Conflict` here means a concurrent add took the same id first: pick the next free slug, or refuse the chosen
    // id as taken on the next attempt.
    return yield* Effect.retry(insert, { while: (e) => e instanceof Conflict, times: maxAttempts })
  })

  /** The stored key list after a patch: strings are new keys, `{ id }` keeps the stored key with that id. */
  const resolveKeys = (current: Provider, entries: ReadonlyArray<string | { readonly id: string }>) =>
    Effect.forEach(entries, (entry, i) => {
      if (typeof entry === "string") return newKey(entry)
      const kept = current.apiKeys.find((key) => key.id === entry.id)
      return kept
        ? Effect.succeed(kept)
        : Effect.fail(new InvalidInput({ field: `apiKeys[${i}]`, problem: "names no stored key of this provider" }))
    }).pipe(Effect.tap(checkRepeatedKeys))

  const update = Effect.fn("Providers.update")(function* (
    id: string,
    input: ProviderPatch,
    options?: { readonly revision?: number }
  ) {
    const patch = yield* decodeInput(ProviderPatch)(input)
    return yield* modify(
      id,
      (current) =>
        Effect.gen(function* () {
          const type = patch.type ?? current.type
          const baseUrl = patch.baseUrl ?? current.baseUrl
          const { apiVersion, ...rest } = current
          // The catalog is looked up where the type and base URL point: moving them moves the models' facts too.
          const moved = type !== current.type || baseUrl !== current.baseUrl
          const models = moved ? current.models.map((m) => fillModel(catalog, { type, baseUrl }, m)) : current.models
          return new Provider(
            withApiVersion(
              {
                ...rest,
                name: patch.name ?? current.name,
                type,
                baseUrl,
                models,
                apiKeys: patch.apiKeys === undefined ? current.apiKeys : yield* resolveKeys(current, patch.apiKeys),
                headers: patch.headers ?? current.headers,
                timeouts: mergeTimeouts(current.timeouts, patch.timeouts),
                enabled: patch.enabled ?? current.enabled
              },
              patch.apiVersion === null ? undefined : apiVersionFor(type, patch.apiVersion ?? apiVersion)
            )
          )
        }),
      options?.revision
    )
  })

  const setEnabled = Effect.fn("Providers.setEnabled")(function* (id: string, enabled: boolean) {
    return yield* update(id, { enabled })
  })

  const reorder = Effect.fn("Providers.reorder")(function* (input: ReadonlyArray<string>) {
    const ids = yield* decodeInput(Schema.Array(Schema.String), "ids")(input)
    const stored = (yield* store.list).map((p) => p.id as string)
    const missing = stored.filter((id) => !ids.includes(id))
    const unknown = ids.filter((id) => !stored.includes(id))
    const repeated = duplicatesOf(ids)
    if (missing.length + unknown.length + repeated.length > 0) {
      const parts = [
        missing.length > 0 ? `missing ${missing.join(", ")}` : "",
        unknown.length > 0 ? `unknown ${unknown.join(", ")}` : "",
        repeated.length > 0 ? `repeated ${repeated.join(", ")}` : ""
      ]
      return yield* new InvalidInput({
        field: "ids",
        problem: `must list every provider id exactly once (${parts.filter((p) => p !== "").join("; ")})`
      })
    }
    yield* store.reorder(ids as ReadonlyArray<ProviderId>)
    return yield* store.list
  })

  const remove = Effect.fn("Providers.remove")(function* (id: string) {
    return yield* store.remove(id as ProviderId)
  })

  const addModels = Effect.fn("Providers.addModels")(function* (id: string, input: NewModels) {
    const added = (yield* decodeModels(input)).map(makeModel)
    return yield* modify(id, (current) => {
      const ids = [...current.models, ...added].map((m) => m.id)
      const repeated = duplicatesOf(ids)
      return repeated.length > 0
        ? Effect.fail(new DuplicateModel({ providerId: id, modelIds: repeated }))
        : Effect.succeed(
            new Provider({
              ...current,
              models: [...current.models, ...added.map((m) => fillModel(catalog, current, m))]
            })
          )
    })
  })

  const updateModel = Effect.fn("Providers.updateModel")(function* (id: string, modelId: string, input: ModelPatch) {
    const patch = yield* decodeInput(ModelPatch)(input)
    return yield* modify(id, (current) =>
      findModel(current, modelId).pipe(
        Effect.map((model) => {
          const overrides: Partial<Record<Capability, boolean>> = { ...model.overrides }
          for (const [capability, value] of Object.entries(patch.capabilities ?? {}) as Array<
            [Capability, boolean | null | undefined]
          >) {
            if (typeof value === "boolean") overrides[capability] = value
            else if (value === null) delete overrides[capability]
          }
          const { contextWindow, maxOutputTokens, pricing, ...rest } = model
          const changed = new Model({
            ...rest,
            name: patch.name ?? model.name,
            group: patch.group ?? model.group,
            overrides,
            ...setting("contextWindow", patch.contextWindow, contextWindow),
            ...setting("maxOutputTokens", patch.maxOutputTokens, maxOutputTokens),
            ...setting("pricing", patch.pricing, pricing)
          })
          return new Provider({ ...current, models: current.models.map((m) => (m.id === modelId ? changed : m)) })
        })
      )
    )
  })

  const removeModel = Effect.fn("Providers.removeModel")(function* (id: string, modelId: string) {
    return yield* modify(id, (current) =>
      findModel(current, modelId).pipe(
        Effect.as(new Provider({ ...current, models: current.models.filter((m) => m.id !== modelId) }))
      )
    )
  })

  const endpoints = Effect.fn("Providers.endpoints")(function* (id: string, model?: string) {
    const provider = yield* get(id)
    return model === undefined ? endpointsOf(provider) : endpointsOf(provider, model)
  })

  const exportConfig = Effect.fn("Providers.exportConfig")(function* (options?: { readonly passphrase?: string }) {
    return yield* writeConfigDocument(yield* store.list, options?.passphrase)
  })

  const importConfig = Effect.fn("Providers.importConfig")(function* (
    document: ConfigDocument | ConfigDocumentJson,
    options?: { readonly passphrase?: string }
  ) {
    // Counted before decoding, so the body is still untrusted here: it may not even be an object.
    const listed: unknown = typeof document === "object" && document !== null ? document.providers : undefined
    if (Array.isArray(listed) && listed.length > maxImportProviders)
      return yield* new InvalidInput({
        field: "providers",
        problem: `has more than ${maxImportProviders} providers; import at most that many at once (split the file)`
      })
    const entries = yield* readConfigDocument(document, options?.passphrase)
    const stored = new Map((yield* store.list).map((p) => [p.id as string, p]))
    // An export carries the user's settings, not the catalog's facts: they are filled again here, between the same
    // pauses, and without validating again the models the document's decoding already checked (seconds, at 12,000).
    const filled = yield* Effect.forEach(entries, (entry, i) =>
      Effect.zipRight(
        pauseBefore(i),
        Effect.sync(() => {
          const provider = keepStoredSecrets(entry, stored.get(entry.provider.id))
          const models = provider.models.map((m) => fillModel(catalog, provider, m))
          return new Provider({ ...provider, models }, true)
        })
      )
    )
    return yield* store.upsertMany(filled)
  })

  const verify = Effect.fn("Providers.verify")(function* (id: string, options?: { readonly model?: string }) {
    const model = options?.model === undefined ? undefined : yield* decodeInput(ModelId, "model")(options.model)
    const provider = yield* get(id)
    const report = yield* verifyProvider(provider, model === undefined ? {} : { model }).pipe(
      Effect.provideService(ProviderAdapters, adapters)
    )
    // The check's answer stands even if it cannot be kept (the provider was removed meanwhile, the disk is full).
    yield* store
      .saveVerify(provider.id, new LastVerify({ checkedAt: yield* DateTime.now, report }))
      .pipe(Effect.catchAll((error) => Effect.logWarning("Could not keep the verify report", error)))
    return report
  })

  const lastVerify = Effect.fn("Providers.lastVerify")(function* (id: string) {
    return yield* store.lastVerify(id as ProviderId)
  })

  const remoteModels = Effect.fn("Providers.remoteModels")(function* (id: string) {
    const provider = yield* get(id)
    return yield* listRemoteModels(provider).pipe(Effect.provideService(ProviderAdapters, adapters))
  })

  return Providers.of({
    list: store.list.pipe(Effect.withSpan("Providers.list")),
    get,
    add,
    update,
    setEnabled,
    reorder,
    remove,
    addModels,
    updateModel,
    removeModel,
    endpoints,
    exportConfig,
    importConfig,
    verify,
    lastVerify,
    remoteModels
  })
})

/** The lifecycle over whichever store and adapters the app provides. */
export const layer: Layer.Layer<Providers, never, ProviderStore | ProviderAdapters | Catalog> = Layer.effect(
  Providers,
  make
)

/**
 * `Providers` over a fresh in-memory store (also exposed, so tests can look underneath), the bundled catalog and the
 * given adapters, usually `FakeAdapters.layer(...)` from the tests' support folder.
 */
export const layerTest = <E>(adapters: Layer.Layer<ProviderAdapters, E>): Layer.Layer<Providers | ProviderStore, E> =>
  layer.pipe(Layer.provideMerge(layerMemory), Layer.provide(adapters), Layer.provide(Layer.orDie(layerBundledCatalog)))
