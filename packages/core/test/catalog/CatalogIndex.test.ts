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
  // [type, model id, preset or base URL, "<source> <entry id> <key level>" or undefined for a miss]
  it.each<[ProviderType, string, { preset?: string; baseUrl?: string }, string | undefined]>([
    // Open-weight id forms on OpenAI-compatible servers.
    ["openai", "meta-llama/Llama-3.1-8B-Instruct", { preset: "vllm" }, "nvidia meta/llama-3.1-8b-instruct canonical"],
    ["openai", "llama3.1:8b", { baseUrl: "http://localhost:11434/v1" }, "nvidia meta/llama-3.1-8b-instruct loose"],
    ["openai", "Qwen2.5-7B-Instruct-Q4_K_M-GGUF", { preset: "lmstudio" }, "alibaba qwen2-5-7b-instruct canonical"],
    ["openai", "gemma3:4b", { preset: "ollama" }, "ollama-cloud gemma3:4b exact"],
    // Namespaced and differently cased ids at the labs' own APIs.
    ["gemini", "models/gemini-2.5-pro", {}, "google gemini-2.5-pro canonical"],
    ["azure-openai", "GPT-4o", {}, "openai gpt-4o exact"],
    // A near name is another model: gpt-4o-mini gets its own facts, never gpt-4o's.
    ["openai", "gpt-4o-mini", { preset: "openai" }, "openai gpt-4o-mini exact"],
    // Misses: unknown ids, distills and sizes the catalog does not have, labs outside the provider's type.
    ["openai", "my-finetune", { preset: "ollama" }, undefined],
    ["openai", "my-finetune", {}, undefined],
    ["openai", "deepseek-r1:7b", { preset: "ollama" }, undefined],
    ["anthropic", "gpt-4o", {}, undefined],
    ["gemini", "claude-sonnet-4-5", {}, undefined],
    ["openai", "claude-sonnet-4-5", { preset: "openai" }, undefined],
    ["openai-responses", "llama3.1:8b", {}, undefined]
  ])("%s %s %o → %s", (type, modelId, hint, expected) => {
    const match = found({ type, modelId, ...hint })
    expect(match === undefined ? undefined : `${match.source} ${match.id} ${match.via}`).toBe(expected)
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
