/**
 * The compact catalog file Switchboard ships (`data/catalog.json`) and writes on `catalog update`: the facts of known
 * models grouped by where models.dev has them, plus where and when the data was taken. Decoded with a Schema on every
 * load, so a damaged or hostile file gives a `CatalogError` that names the bad field, never a crash, and its size is
 * bounded before it is parsed.
 */
import { Effect, ParseResult, Schema } from "effect"
import { CatalogError } from "./CatalogError"

/** The version of this file's shape; a file of another version is refused rather than half read. */
export const catalogFormat = 1

/** Larger than any real catalog by far (the bundled one is a few hundred kB), small enough to parse without harm. */
export const maxCatalogFileBytes = 8 * 1024 * 1024

const Text = (max: number) =>
  Schema.String.pipe(Schema.filter((text) => text.length <= max || `must be at most ${max} characters`))

const Tokens = Schema.Int.pipe(Schema.between(0, 1e9))
/** US dollars per million tokens. */
const Price = Schema.Number.pipe(Schema.finite(), Schema.between(0, 1e6))
/** `YYYY-MM` or `YYYY-MM-DD`, as models.dev writes dates. */
const DateText = Schema.String.pipe(Schema.pattern(/^\d{4}-\d{2}(?:-\d{2})?$/))

export const Modality = Schema.Literal("text", "image", "audio", "video", "pdf")
export type Modality = typeof Modality.Type

/** Prices per million tokens, each where the source states it. */
export const CatalogPricing = Schema.Struct({
  input: Schema.optionalWith(Price, { exact: true }),
  output: Schema.optionalWith(Price, { exact: true }),
  cachedInput: Schema.optionalWith(Price, { exact: true }),
  cacheWrite: Schema.optionalWith(Price, { exact: true })
})
export type CatalogPricing = typeof CatalogPricing.Type

/**
 * What a model can do, where the source says. `vision`, `reasoning`, `tools` and `embedding` are named as
 * `ModelCapabilities` names them; `structuredOutput` and `attachments` are facts only the catalog knows.
 */
export const CatalogCapabilities = Schema.Struct({
  vision: Schema.optionalWith(Schema.Boolean, { exact: true }),
  reasoning: Schema.optionalWith(Schema.Boolean, { exact: true }),
  tools: Schema.optionalWith(Schema.Boolean, { exact: true }),
  embedding: Schema.optionalWith(Schema.Boolean, { exact: true }),
  structuredOutput: Schema.optionalWith(Schema.Boolean, { exact: true }),
  attachments: Schema.optionalWith(Schema.Boolean, { exact: true })
})
export type CatalogCapabilities = typeof CatalogCapabilities.Type

/** One model's facts as one source has them; every field but the id may be unknown. */
export const CatalogEntry = Schema.Struct({
  id: Text(256).pipe(Schema.minLength(1)),
  name: Schema.optionalWith(Text(256), { exact: true }),
  contextLength: Schema.optionalWith(Tokens, { exact: true }),
  maxOutputTokens: Schema.optionalWith(Tokens, { exact: true }),
  pricing: Schema.optionalWith(CatalogPricing, { exact: true }),
  modalities: Schema.optionalWith(Schema.Struct({ input: Schema.Array(Modality), output: Schema.Array(Modality) }), {
    exact: true
  }),
  capabilities: CatalogCapabilities,
  releaseDate: Schema.optionalWith(DateText, { exact: true }),
  knowledgeCutoff: Schema.optionalWith(DateText, { exact: true }),
  /** The source no longer serves it on its public API. */
  deprecated: Schema.optionalWith(Schema.Boolean, { exact: true })
})
export type CatalogEntry = typeof CatalogEntry.Type

/**
 * Where entries come from: `provider` is a models.dev provider (`openai`, `ollama-cloud`: the facts of the model as
 * that provider serves it, prices included); `model` is models.dev's provider-neutral metadata of one lab's models
 * (`models/anthropic`: no prices, but models a provider no longer lists).
 */
export const CatalogSource = Schema.Struct({
  id: Text(128).pipe(Schema.minLength(1)),
  kind: Schema.Literal("provider", "model"),
  models: Schema.Array(CatalogEntry).pipe(Schema.maxItems(20_000))
})
export type CatalogSource = typeof CatalogSource.Type

/** Where and when the data was taken. */
export const CatalogSnapshot = Schema.Struct({
  from: Text(2048),
  /** The models.dev commit, where known (a snapshot from its api.json has none). */
  commit: Schema.optionalWith(Text(64), { exact: true }),
  /** When the data was published (the commit's date) or fetched, ISO 8601. */
  takenAt: Text(64),
  license: Text(64)
})
export type CatalogSnapshot = typeof CatalogSnapshot.Type

export const CatalogFile = Schema.Struct({
  format: Schema.Literal(catalogFormat),
  snapshot: CatalogSnapshot,
  /** In order of precedence across the whole catalog (see `CatalogIndex`). */
  sources: Schema.Array(CatalogSource).pipe(Schema.maxItems(1_000))
})
export type CatalogFile = typeof CatalogFile.Type

const decode = Schema.decodeUnknown(CatalogFile, { errors: "first" })

/** A catalog from already parsed JSON; `source` names it in errors. */
export const decodeCatalogFile = (json: unknown, source: string): Effect.Effect<CatalogFile, CatalogError> =>
  decode(json).pipe(
    Effect.mapError(
      (error) =>
        new CatalogError({
          reason: "Malformed",
          source,
          detail: `not a Switchboard catalog file: ${ParseResult.TreeFormatter.formatErrorSync(error)}`
        })
    )
  )

/** JSON text, with its size checked against `maxChars` before it is parsed. */
export const parseJson = (
  text: string,
  source: string,
  maxChars: number = maxCatalogFileBytes
): Effect.Effect<unknown, CatalogError> =>
  text.length > maxChars
    ? Effect.fail(
        new CatalogError({
          reason: "TooLarge",
          source,
          detail: `${text.length} characters, more than the ${maxChars} allowed`
        })
      )
    : Effect.try({
        try: () => JSON.parse(text) as unknown,
        catch: (error) =>
          new CatalogError({ reason: "Malformed", source, detail: `not JSON (${(error as Error).message})` })
      })

/** A catalog file's text, parsed and decoded. */
export const readCatalogText = (text: string, source: string): Effect.Effect<CatalogFile, CatalogError> =>
  Effect.flatMap(parseJson(text, source), (json) => decodeCatalogFile(json, source))
