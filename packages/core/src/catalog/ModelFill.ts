/**
 * Filling a provider's models from the catalog: what the catalog knows about each model is copied onto it as
 * `CatalogFacts`, replacing the previous copy and touching nothing else, so the user's settings and the provider's
 * facts survive every refill (a model added, a sync, a `catalog update`).
 *
 * Prices are kept only when the match comes from the provider's own listing: an OpenAI-compatible local server
 * matching a hosted provider's entry (Ollama's `qwen2.5:7b` found in a cloud host's list) would carry that host's
 * prices, which mean nothing for a server that charges nothing per token.
 */
import { Option } from "effect"
import { CatalogFacts } from "../domain/ModelFacts"
import type { Capability } from "../domain/ModelCapabilities"
import { Model } from "../domain/Model"
import type { Provider } from "../domain/Provider"
import { findPreset } from "../Presets"
import type { CatalogService } from "./Catalog"
import { type CatalogMatch, type CatalogQuery, preferredSources, presetOfUrl } from "./CatalogIndex"

/** The sources whose prices are the provider's own: none for a self-hosted or unknown OpenAI-compatible server. */
const pricedSources = (query: CatalogQuery): ReadonlyArray<string> => {
  const { sources, wholeCatalog } = preferredSources(query)
  if (!wholeCatalog) return sources
  const preset = findPreset(query.preset ?? presetOfUrl(query.baseUrl ?? "") ?? "")
  return preset === undefined || preset.keyless ? [] : sources
}

/** The capabilities both the catalog and `ModelCapabilities` name (the catalog knows nothing of web search). */
const catalogCapabilities = ["vision", "reasoning", "tools", "embedding"] as const satisfies ReadonlyArray<Capability>

/** A match as the model keeps it. */
export const catalogFacts = (match: CatalogMatch, query: CatalogQuery): CatalogFacts => {
  const { entry } = match
  const capabilities: Partial<Record<Capability, boolean>> = {}
  for (const capability of catalogCapabilities) {
    const value = entry.capabilities[capability]
    if (value !== undefined) capabilities[capability] = value
  }
  const priced = entry.pricing !== undefined && pricedSources(query).includes(match.source)
  return new CatalogFacts({
    source: match.source,
    entryId: entry.id,
    ...(entry.contextLength ? { contextWindow: entry.contextLength } : {}),
    ...(entry.maxOutputTokens ? { maxOutputTokens: entry.maxOutputTokens } : {}),
    capabilities,
    // models.dev states prices in US dollars.
    ...(priced ? { pricing: { currency: "USD", ...entry.pricing } } : {}),
    ...(entry.deprecated === undefined ? {} : { deprecated: entry.deprecated })
  })
}

/** `model` with the catalog's current facts for it on `provider` (or none, when the catalog no longer knows it). */
export const fillModel = (
  catalog: CatalogService,
  provider: Pick<Provider, "type" | "baseUrl">,
  model: Model
): Model => {
  const query: CatalogQuery = { type: provider.type, modelId: model.id, baseUrl: provider.baseUrl }
  const facts = Option.map(catalog.lookup(query), (match) => catalogFacts(match, query))
  if (Option.isNone(facts) && model.catalog === undefined) return model
  const { catalog: _previous, ...rest } = model
  // Both parts are already checked (a Model, and facts from the validated catalog file); validating again cost
  // 150 µs a model, seconds of a held event loop for a large import.
  return new Model(Option.isSome(facts) ? { ...rest, catalog: facts.value } : rest, true)
}
