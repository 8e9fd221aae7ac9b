import { describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { bundledCatalog } from "../../src/catalog/Catalog"
import type { CatalogFile } from "../../src/catalog/CatalogFile"
import { type CatalogQuery, makeIndex, preferredSources } from "../../src/catalog/CatalogIndex"
import type { ProviderType } from "../../src/domain/ProviderTypes"

const bundled = makeIndex(Effect.runSync(bundledCatalog))

const found = (query: CatalogQuery) =>
  Option.match(bundled.lookup(query), {
    onNone: () => undefined,
    onSome: (match) => ({ source: match.source, id: match.entry.id, via: match.via })
  })

describe("the bundled catalog: the issue's four models", () => {
  it("gpt-4o on an OpenAI-type provider", () => {
    const match = Option.getOrThrow(bundled.lookup({ type: "openai", modelId: "gpt-4o", preset: "openai" }))
    expect(match.source).toBe("openai")
    expect(match.entry).toMatchObject({
      id: "gpt-4o",
      contextLength: 128_000,
      maxOutputTokens: 16_384,
      capabilities: { vision: true, tools: true, reasoning: false, embedding: false, structuredOutput: true }
    })
    expect(match.entry.pricing).toMatchObject({ input: 2.5, output: 10, cachedInput: 1.25 })
  })

  it("claude-3-5-haiku-20241022 on an Anthropic-type provider, from Anthropic's metadata now that its API list dropped it", () => {
    const match = Option.getOrThrow(bundled.lookup({ type: "anthropic", modelId: "claude-3-5-haiku-20241022" }))
    expect(match.source).toBe("models/anthropic")
    expect(match.entry).toMatchObject({
      contextLength: 200_000,
      maxOutputTokens: 8_192,
      capabilities: { vision: true, tools: true, reasoning: false }
    })
  })

  it("gemini-2.0-flash on a Gemini-type provider", () => {
    const match = Option.getOrThrow(bundled.lookup({ type: "gemini", modelId: "gemini-2.0-flash" }))
    expect(match.source).toBe("google")
    expect(match.entry).toMatchObject({
      contextLength: 1_048_576,
      maxOutputTokens: 8_192,
      deprecated: true,
      capabilities: { vision: true, tools: true, reasoning: false }
    })
  })

  it("qwen2.5:7b-instruct on an Ollama-preset provider (type openai)", () => {
    const match = Option.getOrThrow(
      bundled.lookup({ type: "openai", modelId: "qwen2.5:7b-instruct", preset: "ollama" })
    )
    expect(match).toMatchObject({ source: "alibaba", via: "canonical" })
    expect(match.entry).toMatchObject({
      id: "qwen2-5-7b-instruct",
      contextLength: 131_072,
      capabilities: { tools: true, vision: false }
    })
  })
})

describe("the bundled catalog: id forms and misses", () => {
  it.each<{ type: ProviderType; modelId: string; preset?: string; baseUrl?: string; expected: unknown }>([
    // Open-weight id forms on OpenAI-compatible servers.
    {
      type: "openai",
      modelId: "meta-llama/Llama-3.1-8B-Instruct",
      preset: "vllm",
      expected: { source: "nvidia", id: "meta/llama-3.1-8b-instruct", via: "canonical" }
    },
    {
      type: "openai",
      modelId: "llama3.1:8b",
      baseUrl: "http://localhost:11434/v1",
      expected: { source: "nvidia", id: "meta/llama-3.1-8b-instruct", via: "loose" }
    },
    {
      type: "openai",
      modelId: "Qwen2.5-7B-Instruct-Q4_K_M-GGUF",
      preset: "lmstudio",
      expected: { source: "alibaba", id: "qwen2-5-7b-instruct", via: "canonical" }
    },
    {
      type: "openai",
      modelId: "gemma3:4b",
      preset: "ollama",
      expected: { source: "ollama-cloud", id: "gemma3:4b", via: "exact" }
    },
    // Namespaced and differently cased ids at the labs' own APIs.
    {
      type: "gemini",
      modelId: "models/gemini-2.5-pro",
      expected: { source: "google", id: "gemini-2.5-pro", via: "canonical" }
    },
    { type: "azure-openai", modelId: "GPT-4o", expected: { source: "openai", id: "gpt-4o", via: "exact" } },
    // A near name is another model: gpt-4o-mini gets its own facts, never gpt-4o's.
    {
      type: "openai",
      modelId: "gpt-4o-mini",
      preset: "openai",
      expected: { source: "openai", id: "gpt-4o-mini", via: "exact" }
    },
    // Misses: unknown ids, distills and sizes the catalog does not have, labs outside the provider's type.
    { type: "openai", modelId: "my-finetune", preset: "ollama", expected: undefined },
    { type: "openai", modelId: "my-finetune", expected: undefined },
    { type: "openai", modelId: "deepseek-r1:7b", preset: "ollama", expected: undefined },
    { type: "anthropic", modelId: "gpt-4o", expected: undefined },
    { type: "gemini", modelId: "claude-sonnet-4-5", expected: undefined },
    { type: "openai", modelId: "claude-sonnet-4-5", preset: "openai", expected: undefined },
    { type: "openai-responses", modelId: "llama3.1:8b", expected: undefined }
  ])("$type $preset $baseUrl: $modelId", ({ expected, ...query }) => {
    expect(found(query)).toEqual(expected)
  })

  it("the gpt-4o-mini facts differ from gpt-4o's", () => {
    const mini = Option.getOrThrow(bundled.lookup({ type: "openai", modelId: "gpt-4o-mini" }))
    const full = Option.getOrThrow(bundled.lookup({ type: "openai", modelId: "gpt-4o" }))
    expect(mini.entry.pricing).not.toEqual(full.entry.pricing)
  })
})

const entry = (id: string, contextLength: number) => ({ id, contextLength, capabilities: {} })

/** A catalog whose sources all know some form of `qwen2.5-7b-instruct`, each with its own context. */
const contested: CatalogFile = {
  format: 1,
  snapshot: { from: "test", takenAt: "2026-07-02", license: "MIT" },
  sources: [
    { id: "models/alibaba", kind: "model", models: [entry("qwen2.5-7b", 1)] },
    { id: "openai", kind: "provider", models: [entry("gpt-4o", 2), entry("gpt-4o-2024-08-06", 3)] },
    { id: "togetherai", kind: "provider", models: [entry("Qwen/Qwen2.5-7B-Instruct", 4)] },
    { id: "ollama-cloud", kind: "provider", models: [entry("qwen2.5:7b-instruct", 5), entry("QWEN2.5:7B-INSTRUCT", 6)] }
  ]
}

describe("ambiguity is settled by order", () => {
  const index = makeIndex(contested)
  const context = (query: CatalogQuery) =>
    Option.getOrUndefined(Option.map(index.lookup(query), (match) => match.entry.contextLength))

  it("the preset's own source first, at every key level, before the whole catalog", () => {
    expect(context({ type: "openai", modelId: "Qwen2.5-7B-Instruct", preset: "ollama" })).toBe(5)
  })

  it("across the whole catalog, a stricter key level before a looser one, then the file's source order", () => {
    // Exact at togetherai beats canonical at ollama-cloud; canonical beats the metadata's loose key.
    expect(context({ type: "openai", modelId: "Qwen/Qwen2.5-7B-Instruct", preset: "vllm" })).toBe(4)
    expect(context({ type: "openai", modelId: "qwen2.5-7b-instruct", preset: "vllm" })).toBe(4)
    expect(context({ type: "openai", modelId: "qwen2.5:7b", preset: "vllm" })).toBe(1)
  })

  it("within one source, the first entry in the source's order", () => {
    expect(context({ type: "openai", modelId: "Qwen2.5:7B-Instruct", preset: "ollama" })).toBe(5)
  })

  it("a dated id and its alias stay apart", () => {
    expect(context({ type: "openai", modelId: "gpt-4o-2024-08-06" })).toBe(3)
    expect(context({ type: "openai", modelId: "gpt-4o-2024-05-13", preset: "openai" })).toBeUndefined()
  })
})

describe("preferredSources", () => {
  it.each([
    { query: { type: "anthropic" }, sources: ["anthropic", "models/anthropic"], wholeCatalog: false },
    { query: { type: "gemini" }, sources: ["google", "models/google"], wholeCatalog: false },
    { query: { type: "azure-openai" }, sources: ["openai", "models/openai"], wholeCatalog: false },
    { query: { type: "openai", preset: "openai" }, sources: ["openai", "models/openai"], wholeCatalog: false },
    {
      query: { type: "openai", baseUrl: "https://api.openai.com/v1" },
      sources: ["openai", "models/openai"],
      wholeCatalog: false
    },
    { query: { type: "openai", preset: "ollama" }, sources: ["ollama-cloud"], wholeCatalog: true },
    { query: { type: "openai", baseUrl: "http://localhost:1234" }, sources: ["lmstudio"], wholeCatalog: true },
    {
      query: { type: "openai", baseUrl: "http://gpu-box:8000" },
      sources: ["openai", "models/openai"],
      wholeCatalog: true
    },
    { query: { type: "openai" }, sources: ["openai", "models/openai"], wholeCatalog: true }
  ] as const)("$query", ({ query, sources, wholeCatalog }) => {
    expect(preferredSources(query)).toEqual({ sources, wholeCatalog })
  })
})
