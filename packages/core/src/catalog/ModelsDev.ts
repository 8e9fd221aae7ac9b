/**
 * models.dev's published data (https://models.dev, MIT) and how it becomes Switchboard's compact catalog. models.dev
 * serves it as `api.json` (provider id → provider with its models) and `catalog.json` (`{ providers, models }`, where
 * `models` is the provider-neutral metadata of each lab's models, keyed `<lab>/<model id>`). Both are accepted; only
 * the selected sources are decoded, and only the fields the catalog keeps.
 */
import { Effect, ParseResult, Schema } from "effect"
import { CatalogError } from "./CatalogError"
import {
  type CatalogCapabilities,
  type CatalogEntry,
  type CatalogFile,
  type CatalogPricing,
  type CatalogSnapshot,
  type CatalogSource,
  catalogFormat,
  Modality
} from "./CatalogFile"

const Numeric = Schema.optional(Schema.Number)
const Flag = Schema.optional(Schema.Boolean)
const Strings = Schema.optional(Schema.Array(Schema.String))

/** One model as models.dev writes it; fields the catalog does not keep are ignored. */
export const ModelsDevModel = Schema.Struct({
  name: Schema.optional(Schema.String),
  family: Schema.optional(Schema.String),
  attachment: Flag,
  reasoning: Flag,
  tool_call: Flag,
  structured_output: Flag,
  knowledge: Schema.optional(Schema.String),
  release_date: Schema.optional(Schema.String),
  status: Schema.optional(Schema.String),
  modalities: Schema.optional(Schema.Struct({ input: Strings, output: Strings })),
  limit: Schema.optional(Schema.Struct({ context: Numeric, output: Numeric })),
  cost: Schema.optional(Schema.Struct({ input: Numeric, output: Numeric, cache_read: Numeric, cache_write: Numeric }))
})
export type ModelsDevModel = typeof ModelsDevModel.Type

const ModelsDevProvider = Schema.Struct({
  models: Schema.Record({ key: Schema.String, value: ModelsDevModel })
})

/** The `catalog.json` shape, which the TOML tree is also read into. */
export interface ModelsDevCatalog {
  readonly providers: Readonly<Record<string, unknown>>
  readonly models: Readonly<Record<string, unknown>>
}

/**
 * What the compact catalog takes from models.dev, in order of precedence across the whole catalog: first the labs'
 * provider-neutral metadata (the model's own facts), then the labs' own APIs, then the hosts of open-weight models,
 * whose ids are the forms vLLM, Ollama and LM Studio serve (`meta-llama/…`, `qwen3:8b`, `openai/gpt-oss-20b`).
 */
export interface Selection {
  /** Labs under models.dev's `models/`. */
  readonly labs: ReadonlyArray<string>
  /** Providers under models.dev's `providers/`. */
  readonly providers: ReadonlyArray<string>
}

export const defaultSelection: Selection = {
  labs: ["openai", "anthropic", "google", "meta", "alibaba", "mistral", "deepseek"],
  providers: [
    "openai",
    "anthropic",
    "google",
    "mistral",
    "deepseek",
    "alibaba",
    "llama",
    "ollama-cloud",
    "lmstudio",
    "huggingface",
    "nvidia",
    "togetherai",
    "deepinfra",
    "groq"
  ]
}

/** Ids the catalog can hold (`CatalogEntry.id`); a longer one names no model anyone types. */
const usableId = (id: string) => id.length >= 1 && id.length <= 256

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** `catalog.json` as is; `api.json` (providers only) as a catalog without lab metadata. */
export const asModelsDevCatalog = (json: unknown, source: string): Effect.Effect<ModelsDevCatalog, CatalogError> => {
  if (!isRecord(json)) return Effect.fail(malformed(source, "expected a JSON object of providers"))
  if (isRecord(json.providers) && isRecord(json.models)) {
    return Effect.succeed({ providers: json.providers, models: json.models })
  }
  return Effect.succeed({ providers: json, models: {} })
}

const malformed = (source: string, detail: string) => new CatalogError({ reason: "Malformed", source, detail })

const decodeWith =
  <A, I>(schema: Schema.Schema<A, I>) =>
  (value: unknown, source: string, where: string): Effect.Effect<A, CatalogError> =>
    Schema.decodeUnknown(schema, { errors: "first" })(value).pipe(
      Effect.mapError((error) =>
        malformed(source, `${where} is not models.dev's shape: ${ParseResult.TreeFormatter.formatErrorSync(error)}`)
      )
    )

const decodeProvider = decodeWith(ModelsDevProvider)
const decodeModel = decodeWith(ModelsDevModel)

/**
 * The compact catalog of `selection` from models.dev's data. A selected source missing from the data is skipped (the
 * data may predate it); a selected source that is there but malformed fails with its path named.
 */
export const compactCatalog = Effect.fn("ModelsDev.compactCatalog")(function* (
  data: ModelsDevCatalog,
  snapshot: CatalogSnapshot,
  selection: Selection = defaultSelection
) {
  const sources: Array<CatalogSource> = []
  for (const lab of selection.labs) {
    const prefix = `${lab}/`
    const entries: Array<CatalogEntry> = []
    for (const key of Object.keys(data.models).sort()) {
      if (!key.startsWith(prefix) || !usableId(key.slice(prefix.length))) continue
      const model = yield* decodeModel(data.models[key], snapshot.from, `models["${key}"]`)
      entries.push(toEntry(key.slice(prefix.length), model))
    }
    if (entries.length > 0) sources.push({ id: `models/${lab}`, kind: "model", models: entries })
  }
  for (const id of selection.providers) {
    if (!Object.hasOwn(data.providers, id)) continue
    const provider = yield* decodeProvider(data.providers[id], snapshot.from, `providers["${id}"]`)
    const models = Object.keys(provider.models)
      .filter(usableId)
      .sort()
      .map((modelId) => toEntry(modelId, provider.models[modelId]!))
    sources.push({ id, kind: "provider", models })
  }
  return { format: catalogFormat, snapshot, sources } satisfies CatalogFile
})

// ---------------------------------------------------------------------------------------------------------------------
// One model's facts
// ---------------------------------------------------------------------------------------------------------------------

const tokens = (value: number | undefined): number | undefined =>
  value !== undefined && Number.isFinite(value) && value >= 0 && value <= 1e9 ? Math.round(value) : undefined

const price = (value: number | undefined): number | undefined =>
  value !== undefined && Number.isFinite(value) && value >= 0 && value <= 1e6 ? value : undefined

const date = (value: string | undefined): string | undefined =>
  value !== undefined && /^\d{4}-\d{2}(?:-\d{2})?$/.test(value) ? value : undefined

const isModality = Schema.is(Modality)
const modalities = (values: ReadonlyArray<string> | undefined): ReadonlyArray<Modality> =>
  (values ?? []).filter(isModality)

/** Only the keys whose value is known, so the file stays small and "unknown" stays distinct from `false`. */
const known = <T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>
  }

// models.dev has no embedding flag; its embedding families (`text-embedding`, `gemini-embedding`, `mistral-embed`, …)
// and ids all say "embed".
const embeds = /embed/i

const toEntry = (id: string, model: ModelsDevModel): CatalogEntry => {
  const inputs = model.modalities?.input === undefined ? undefined : modalities(model.modalities.input)
  const capabilities: CatalogCapabilities = known({
    vision: inputs === undefined ? undefined : inputs.includes("image"),
    reasoning: model.reasoning,
    tools: model.tool_call,
    embedding: embeds.test(id) || embeds.test(model.family ?? ""),
    structuredOutput: model.structured_output,
    attachments: model.attachment
  })
  const pricing: CatalogPricing = known({
    input: price(model.cost?.input),
    output: price(model.cost?.output),
    cachedInput: price(model.cost?.cache_read),
    cacheWrite: price(model.cost?.cache_write)
  })
  return {
    id,
    ...known({
      name: model.name === undefined || model.name === id ? undefined : model.name.slice(0, 256),
      contextLength: tokens(model.limit?.context),
      maxOutputTokens: tokens(model.limit?.output),
      pricing: Object.keys(pricing).length === 0 ? undefined : pricing,
      modalities:
        model.modalities === undefined
          ? undefined
          : { input: modalities(model.modalities.input), output: modalities(model.modalities.output) },
      releaseDate: date(model.release_date),
      knowledgeCutoff: date(model.knowledge),
      deprecated: model.status === "deprecated" ? true : undefined
    }),
    capabilities
  }
}
