/**
 * A model as the user registered it on a provider: the provider's own id, spelled exactly as the provider spells it,
 * plus a display name, a group, what the provider's list and the catalog said about it, and the user's own settings.
 * Each fact resolves from those sources (see `ModelFacts`), and every user setting wins.
 */
import { Schema } from "effect"
import { CatalogFacts, modelFacts } from "./ModelFacts"
import { type Capabilities, Capability } from "./ModelCapabilities"
import { Pricing } from "./ModelPricing"

export const ModelId = Schema.String.pipe(
  Schema.filter((id) => id.length >= 1 || "must not be empty"),
  Schema.filter((id) => id.length <= 256 || "must be at most 256 characters"),
  Schema.filter((id) => id.trim() === id || "must not start or end with whitespace"),
  // C0, DEL and C1 controls: invisible in every frontend, and they break URLs and logs.
  Schema.filter((id) => !/\p{Cc}/u.test(id) || "must not contain control characters")
)

/**
 * Each model's capabilities, resolved once: a Model never changes, and `Chat` and `Relay` ask on every request
 * (resolving them again took 5 µs, seven times inferring them from the id).
 */
const resolvedCapabilities = new WeakMap<Model, Capabilities>()

export class Model extends Schema.Class<Model>("Model")({
  id: ModelId,
  name: Schema.String,
  group: Schema.String,
  /** Only the capabilities the user set explicitly; the rest come from the catalog or `inferCapabilities`. */
  overrides: Schema.partialWith(Schema.Record({ key: Capability, value: Schema.Boolean }), { exact: true }),
  /** Metadata the provider's model list gave. */
  contextLength: Schema.optional(Schema.Int),
  ownedBy: Schema.optional(Schema.String),
  /** What the catalog knew at the last fill (add, sync, catalog update); absent when it knew nothing. */
  catalog: Schema.optional(CatalogFacts),
  /** The user's settings, each winning over the provider's and the catalog's value. */
  contextWindow: Schema.optional(Schema.Int),
  maxOutputTokens: Schema.optional(Schema.Int),
  pricing: Schema.optional(Pricing),
  /** When a sync last found the model missing from the provider's list; it stays until the user removes it. */
  goneAt: Schema.optional(Schema.DateTimeUtc)
}) {
  get capabilities(): Capabilities {
    let known = resolvedCapabilities.get(this)
    if (known === undefined) {
      const { capabilities } = modelFacts(this)
      known = Object.fromEntries(Capability.literals.map((c) => [c, capabilities[c].value])) as Capabilities
      resolvedCapabilities.set(this, known)
    }
    return known
  }
}

/** Groups are at most this long (the same limit `ModelGroup` puts on a group the user types). */
const maxGroupLength = 64

/**
 * The group a model id falls in by default, the way Cherry Studio derives it, lowercased so `Qwen/…` and `qwen/…`
 * share a group:
 * 1. An id with a namespace or tag separator (`/`, space, `:`) is grouped by what comes before the first one:
 *    `meta-llama/Llama-3.1-8B-Instruct` → `meta-llama`, `qwen2.5:7b` → `qwen2.5`.
 * 2. Otherwise an id with `-` or `_` is grouped by its first two parts (`gpt-4o-mini` → `gpt-4o`, `gemini-pro` →
 *    `gemini-pro`), extended by further one- or two-digit parts that continue a version number, so Anthropic's
 *    dashed versions stay whole (`claude-3-5-sonnet-20241022` → `claude-3-5`) while dates do not join
 *    (`gpt-4-0613` → `gpt-4`).
 * 3. Otherwise the id itself (`gpt2`).
 */
export const defaultGroup = (modelId: string): string => {
  const id = modelId.toLowerCase()
  return (groupOf(id) || id).slice(0, maxGroupLength).trim() || "default"
}

const groupOf = (id: string): string => {
  const namespace = id.match(/[/ :]/)
  if (namespace) return id.split(namespace[0]).find((part) => part.trim() !== "") ?? ""
  const separator = id.includes("-") ? "-" : id.includes("_") ? "_" : undefined
  if (separator === undefined) return id
  const parts = id.split(separator)
  let end = Math.min(2, parts.length)
  while (end < parts.length && /^\d+$/.test(parts[end - 1]!) && /^\d{1,2}$/.test(parts[end]!)) end++
  return parts.slice(0, end).join(separator)
}

/**
 * What a model is made from: an id alone, or an id with what the user (or the provider's list) gave. Plain fields,
 * so the input schemas (`ProviderInput.NewModel`) can build on `ModelId` without this module importing them back.
 */
export type ModelFields =
  | string
  | {
      readonly id: string
      readonly name?: string | undefined
      readonly group?: string | undefined
      /** `null` means "use the inferred value", the same as leaving the capability out. */
      readonly capabilities?: { readonly [C in Capability]?: boolean | null | undefined } | undefined
      readonly contextLength?: number | undefined
      readonly ownedBy?: string | undefined
    }

/**
 * A `Model` from already checked fields (a decoded `NewModel`): the name defaults to the id, the group to
 * `defaultGroup`, and only the capabilities set to `true` or `false` become overrides.
 */
export const makeModel = (input: ModelFields): Model => {
  const fields = typeof input === "string" ? { id: input } : input
  const overrides: Partial<Record<Capability, boolean>> = {}
  for (const [capability, value] of Object.entries(fields.capabilities ?? {}) as Array<
    [Capability, boolean | null | undefined]
  >) {
    if (typeof value === "boolean") overrides[capability] = value
  }
  return new Model({
    id: fields.id,
    name: fields.name ?? fields.id,
    group: fields.group ?? defaultGroup(fields.id),
    overrides,
    ...(fields.contextLength === undefined ? {} : { contextLength: fields.contextLength }),
    ...(fields.ownedBy === undefined ? {} : { ownedBy: fields.ownedBy })
  })
}
