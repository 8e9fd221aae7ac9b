/**
 * A model's facts and where each came from. Four sources, weakest first: `inferred` from the id's name patterns,
 * `catalog` (the bundled or refreshed model catalog), `provider` (the provider's own model list) and `user` (what
 * the user set, which always wins). The model keeps a copy of what the catalog knew (`CatalogFacts`), so it reads
 * the same with or without the catalog loaded; `modelFacts` resolves every fact with its source, for every frontend.
 */
import { Schema } from "effect"
import { type Capabilities, Capability, inferCapabilities } from "./ModelCapabilities"
import { Pricing } from "./ModelPricing"

export const FactSource = Schema.Literal("inferred", "catalog", "provider", "user")
export type FactSource = typeof FactSource.Type

const Tokens = Schema.Int.pipe(Schema.between(1, 1e9))

/** What the catalog knew about a model when it was added or last synced. */
export class CatalogFacts extends Schema.Class<CatalogFacts>("CatalogFacts")({
  /** The catalog source that matched (`openai`, `models/anthropic`, `ollama-cloud`). */
  source: Schema.String,
  /** The catalog entry's id, which may be spelled differently from the model's (`qwen2.5:7b` → `qwen2.5-7b`). */
  entryId: Schema.String,
  contextWindow: Schema.optional(Tokens),
  maxOutputTokens: Schema.optional(Tokens),
  capabilities: Schema.partialWith(Schema.Record({ key: Capability, value: Schema.Boolean }), { exact: true }),
  /** Only from the provider's own listing (see `catalog/ModelFill`): a hosted price means nothing for a local server. */
  pricing: Schema.optional(Pricing),
  deprecated: Schema.optional(Schema.Boolean)
}) {}

/** A fact and where it came from. */
export const sourced = <A extends Schema.Schema.Any>(value: A) => Schema.Struct({ value, source: FactSource })
export interface Sourced<A> {
  readonly value: A
  readonly source: FactSource
}

/** What `modelFacts` reads from a model (a `Model`, without importing it back). */
export interface FactFields {
  readonly id: string
  readonly overrides: { readonly [C in Capability]?: boolean }
  readonly contextLength?: number | undefined
  readonly contextWindow?: number | undefined
  readonly maxOutputTokens?: number | undefined
  readonly pricing?: Pricing | undefined
  readonly catalog?: CatalogFacts | undefined
}

export const ModelFactsView = Schema.Struct({
  capabilities: Schema.Record({ key: Capability, value: sourced(Schema.Boolean) }),
  contextWindow: Schema.optional(sourced(Schema.Int)),
  maxOutputTokens: Schema.optional(sourced(Schema.Int)),
  pricing: Schema.optional(sourced(Pricing)),
  deprecated: Schema.optional(sourced(Schema.Boolean))
}).annotations({ identifier: "ModelFacts" })
export type ModelFacts = typeof ModelFactsView.Type

const noCapabilities = Object.fromEntries(Capability.literals.map((c) => [c, false])) as Capabilities

/** The first of `candidates` that is known. */
const first = <A>(...candidates: ReadonlyArray<readonly [A | undefined, FactSource]>): Sourced<A> | undefined => {
  for (const [value, source] of candidates) if (value !== undefined) return { value, source }
  return undefined
}

/**
 * Every fact of `model` with its source. The provider's list is trusted over the catalog for the context window (a
 * server runs a model with the window its operator set); the user's value wins everywhere.
 */
export const modelFacts = (model: FactFields): ModelFacts => {
  // A model the catalog knows as an embedding model generates nothing, whatever its name suggests.
  const inferred =
    model.catalog?.capabilities.embedding === true
      ? { ...noCapabilities, embedding: true }
      : inferCapabilities(model.id)
  const capabilities = Object.fromEntries(
    Capability.literals.map((capability) => [
      capability,
      first(
        [model.overrides[capability], "user"],
        [model.catalog?.capabilities[capability], "catalog"],
        [inferred[capability], "inferred"]
      )!
    ])
  ) as ModelFacts["capabilities"]
  const contextWindow = first(
    [model.contextWindow, "user"],
    [model.contextLength, "provider"],
    [model.catalog?.contextWindow, "catalog"]
  )
  const maxOutputTokens = first([model.maxOutputTokens, "user"], [model.catalog?.maxOutputTokens, "catalog"])
  const pricing = first([model.pricing, "user"], [model.catalog?.pricing, "catalog"])
  const deprecated = first([model.catalog?.deprecated, "catalog"])
  return {
    capabilities,
    ...(contextWindow === undefined ? {} : { contextWindow }),
    ...(maxOutputTokens === undefined ? {} : { maxOutputTokens }),
    ...(pricing === undefined ? {} : { pricing }),
    ...(deprecated === undefined ? {} : { deprecated })
  }
}
