/**
 * Looking a model up in the catalog, provider-aware. An Anthropic-type provider looks in Anthropic's models, a
 * Gemini-type one in Google's, an OpenAI, OpenAI Responses or Azure one in OpenAI's. Any other OpenAI-compatible
 * server (vLLM, Ollama, LM Studio, a gateway) may serve any model, so after the sources its preset suggests it looks
 * across the whole catalog, where the id forms of `ModelIdForms` meet.
 *
 * Ambiguity is settled by order, never by chance:
 * 1. The provider's own sources come first, in the order of `preferredSources`, each tried at every key level
 *    (exact, then canonical, then loose) before the next source.
 * 2. Then, for an OpenAI-compatible server, the whole catalog, one key level at a time, each level in the file's
 *    source order: the labs' provider-neutral metadata first, then the labs' APIs, then the open-weight hosts.
 * 3. Within one source, two entries with the same key are settled by the source's order (sorted by id when built).
 *
 * Every key of every entry is indexed once when the catalog is loaded, so a lookup is a handful of map reads.
 */
import { Option } from "effect"
import { presets } from "../Presets"
import type { ProviderType } from "../domain/ProviderTypes"
import type { CatalogEntry, CatalogFile, CatalogSource } from "./CatalogFile"
import { type IdKeys, idKeys, type KeyLevel, keyLevels } from "./ModelIdForms"

/** What a lookup knows about the provider. The preset or base URL only matters for the `openai` type. */
export interface CatalogQuery {
  readonly type: ProviderType
  readonly modelId: string
  /** The preset the provider was added from (`ollama`, `vllm`, `deepseek`, …), if any. */
  readonly preset?: string | undefined
  /** The provider's base URL; its host names a preset when `preset` is not given. */
  readonly baseUrl?: string | undefined
}

/** A catalog entry that a lookup found, and where and how it was found. */
export interface CatalogMatch {
  readonly entry: CatalogEntry
  /** The source's id: a models.dev provider (`openai`) or a lab's metadata (`models/anthropic`). */
  readonly source: string
  readonly sourceKind: CatalogSource["kind"]
  /** The key level that matched: `exact` (case aside), `canonical` or `loose` (see `ModelIdForms`). */
  readonly via: KeyLevel
}

type LevelMaps = Readonly<Record<KeyLevel, ReadonlyMap<string, CatalogMatch>>>

const openAi = ["openai", "models/openai"]

/**
 * The sources each preset of an OpenAI-compatible server points at: the lab it serves, or the models.dev provider
 * that lists models under the ids that server uses (Ollama's tags, LM Studio's and Hugging Face's `org/name`).
 */
const presetSources: Readonly<Record<string, ReadonlyArray<string>>> = {
  openai: openAi,
  "openai-responses": openAi,
  deepseek: ["deepseek", "models/deepseek"],
  groq: ["groq"],
  ollama: ["ollama-cloud"],
  lmstudio: ["lmstudio"],
  vllm: ["huggingface"]
}

const origin = (url: string) => {
  try {
    const parsed = new URL(url.replace(/#$/, ""))
    return `${parsed.hostname.toLowerCase()}:${parsed.port}`
  } catch {
    return undefined
  }
}

/** Each preset's host and port, parsed once: a lookup runs per model, 12,000 times in a large import. */
let presetOrigins: ReadonlyArray<readonly [string | undefined, string]> | undefined

/** The preset a base URL belongs to, by host and port (`http://localhost:11434/v1` → `ollama`). */
export const presetOfUrl = (baseUrl: string): string | undefined => {
  const wanted = origin(baseUrl)
  if (wanted === undefined) return undefined
  presetOrigins ??= presets.map((preset) => [origin(preset.baseUrl), preset.id] as const)
  return presetOrigins.find(([presetOrigin]) => presetOrigin === wanted)?.[1]
}

/**
 * Where a provider's models are looked up: its own sources in order, and whether the whole catalog follows. Only an
 * OpenAI-compatible server that is not OpenAI itself reaches beyond its own sources.
 */
export const preferredSources = (
  query: Pick<CatalogQuery, "type" | "preset" | "baseUrl">
): { readonly sources: ReadonlyArray<string>; readonly wholeCatalog: boolean } => {
  switch (query.type) {
    case "anthropic":
      return { sources: ["anthropic", "models/anthropic"], wholeCatalog: false }
    case "gemini":
      return { sources: ["google", "models/google"], wholeCatalog: false }
    case "openai-responses":
    case "azure-openai":
      return { sources: openAi, wholeCatalog: false }
    case "openai": {
      const preset = query.preset ?? (query.baseUrl === undefined ? undefined : presetOfUrl(query.baseUrl))
      if (preset === "openai") return { sources: openAi, wholeCatalog: false }
      return { sources: presetSources[preset ?? "openai"] ?? openAi, wholeCatalog: true }
    }
  }
}

/** Each key of each entry of `sources`, first come first kept. */
const indexOf = (sources: ReadonlyArray<CatalogSource>): LevelMaps => {
  const maps = { exact: new Map(), canonical: new Map(), loose: new Map() } as Record<
    KeyLevel,
    Map<string, CatalogMatch>
  >
  for (const source of sources) {
    for (const entry of source.models) {
      const keys = idKeys(entry.id)
      for (const level of keyLevels) {
        const key = keys[level]
        if (key !== "" && !maps[level].has(key)) {
          maps[level].set(key, { entry, source: source.id, sourceKind: source.kind, via: level })
        }
      }
    }
  }
  return maps
}

const find = (maps: LevelMaps | undefined, keys: IdKeys): CatalogMatch | undefined => {
  if (maps === undefined) return undefined
  for (const level of keyLevels) {
    const match = keys[level] === "" ? undefined : maps[level].get(keys[level])
    if (match !== undefined) return match
  }
  return undefined
}

export interface CatalogIndex {
  readonly file: CatalogFile
  /** The entry the catalog has for `query`'s model, by the rules in this module's comment. */
  readonly lookup: (query: CatalogQuery) => Option.Option<CatalogMatch>
}

/** An index over `file`: every entry's keys, per source and across the whole catalog. */
export const makeIndex = (file: CatalogFile): CatalogIndex => {
  const perSource = new Map(file.sources.map((source) => [source.id, indexOf([source])] as const))
  const whole = indexOf(file.sources)
  return {
    file,
    lookup: (query) => {
      const keys = idKeys(query.modelId)
      const { sources, wholeCatalog } = preferredSources(query)
      for (const source of sources) {
        const match = find(perSource.get(source), keys)
        if (match !== undefined) return Option.some(match)
      }
      return Option.fromNullable(wholeCatalog ? find(whole, keys) : undefined)
    }
  }
}
