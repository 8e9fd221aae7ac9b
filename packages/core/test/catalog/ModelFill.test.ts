import { describe, expect, it, layer } from "@effect/vitest"
import { Effect } from "effect"
import { Model } from "../../src/domain/Model"
import { CatalogFacts } from "../../src/domain/ModelFacts"
import { modelView } from "../../src/domain/ProviderView"
import { Providers, layerTest } from "../../src/Providers"
import * as FakeAdapters from "../support/FakeAdapters"

let made = 0
/** A provider name no other test of the shared layer took. */
const fresh = () => `Provider ${++made}`

const added = (preset: string, modelId: string) =>
  Effect.gen(function* () {
    const providers = yield* Providers
    const { id } = yield* providers.add({ name: fresh(), preset })
    const provider = yield* providers.addModels(id, modelId)
    return provider.models.find((m) => m.id === modelId)!
  })

layer(layerTest(FakeAdapters.layer()))("a model added by hand is filled from the catalog", (it) => {
  it.effect.each([
    { preset: "openai", model: "gpt-4o", context: 128_000, source: "openai", vision: true, tools: true },
    {
      preset: "anthropic",
      model: "claude-3-5-haiku-20241022",
      context: 200_000,
      source: "models/anthropic",
      vision: true,
      tools: true
    },
    { preset: "gemini", model: "gemini-2.0-flash", context: 1_048_576, source: "google", vision: true, tools: true },
    { preset: "ollama", model: "qwen2.5:7b-instruct", context: 131_072, source: "alibaba", vision: false, tools: true }
  ])("$model on a $preset provider", ({ preset, model, context, source, vision, tools }) =>
    Effect.gen(function* () {
      const filled = yield* added(preset, model)
      expect(filled.catalog?.source).toBe(source)
      expect(filled.capabilities.vision).toBe(vision)
      expect(filled.capabilities.tools).toBe(tools)
      const view = modelView(filled)
      expect(view.facts.contextWindow).toEqual({ value: context, source: "catalog" })
      expect(view.facts.capabilities.vision).toEqual({ value: vision, source: "catalog" })
      // The catalog says nothing of web search: that one is still inferred from the name.
      expect(view.facts.capabilities.webSearch.source).toBe("inferred")
    })
  )

  it.effect("keeps a provider's own prices, drops a hosted price matched for a self-hosted server", () =>
    Effect.gen(function* () {
      expect((yield* added("openai", "gpt-4o")).catalog?.pricing).toEqual({
        currency: "USD",
        input: 2.5,
        output: 10,
        cachedInput: 1.25
      })
      const local = yield* added("ollama", "qwen2.5:7b-instruct")
      expect(local.catalog?.contextWindow).toBe(131_072)
      expect(local.catalog?.pricing).toBeUndefined()
    })
  )

  it.effect("fills the models again when the provider moves to another type or base URL", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      const { id } = yield* providers.add({ name: fresh(), preset: "openai", models: ["gpt-4o"] })
      expect((yield* providers.get(id)).models[0]!.catalog?.pricing).toBeDefined()
      // Now an Ollama server on this machine: the same id matched elsewhere in the catalog, and no hosted prices.
      const moved = yield* providers.update(id, { baseUrl: "http://localhost:11434" })
      expect(moved.models[0]!.catalog?.pricing).toBeUndefined()
      expect(moved.models[0]!.catalog?.contextWindow).toBeDefined()
    })
  )

  it.effect("marks a model the catalog lists as deprecated", () =>
    Effect.gen(function* () {
      expect(modelView(yield* added("gemini", "gemini-2.0-flash")).facts.deprecated).toEqual({
        value: true,
        source: "catalog"
      })
    })
  )

  it.effect("leaves a model the catalog does not know to inference", () =>
    Effect.gen(function* () {
      const unknown = yield* added("vllm", "my-own-finetune-v3")
      expect(unknown.catalog).toBeUndefined()
      const facts = modelView(unknown).facts
      expect(facts.contextWindow).toBeUndefined()
      expect(Object.values(facts.capabilities).every((fact) => fact.source === "inferred")).toBe(true)
    })
  )
})

layer(layerTest(FakeAdapters.layer()))("the user's settings win", (it) => {
  it.effect("over the catalog and the provider, and null gives the value back to them", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      const { id } = yield* providers.add({ name: "Settings", preset: "openai" })
      yield* providers.addModels(id, { id: "gpt-4o", contextLength: 64_000 })
      const set = yield* providers.updateModel(id, "gpt-4o", {
        contextWindow: 32_000,
        maxOutputTokens: 1_000,
        capabilities: { vision: false },
        pricing: { currency: "EUR", input: 2, output: 8 }
      })
      const facts = modelView(set.models[0]!).facts
      expect(facts.contextWindow).toEqual({ value: 32_000, source: "user" })
      expect(facts.maxOutputTokens).toEqual({ value: 1_000, source: "user" })
      expect(facts.capabilities.vision).toEqual({ value: false, source: "user" })
      expect(facts.pricing).toEqual({ value: { currency: "EUR", input: 2, output: 8 }, source: "user" })
      const back = yield* providers.updateModel(id, "gpt-4o", { contextWindow: null, pricing: null })
      const after = modelView(back.models[0]!).facts
      // The provider's list said 64k for this deployment: it is trusted over the catalog's 128k.
      expect(after.contextWindow).toEqual({ value: 64_000, source: "provider" })
      expect(after.pricing?.source).toBe("catalog")
      expect(after.maxOutputTokens).toEqual({ value: 1_000, source: "user" })
    })
  )

  it.effect.each([
    [{ pricing: { currency: "usd", input: 1 } }, "pricing.currency", "ISO 4217"],
    [{ pricing: { currency: "XYZ", input: 1 } }, "pricing.currency", "ISO 4217"],
    [{ pricing: { currency: "USD", input: -1 } }, "pricing.input", "from 0 to 1000000"],
    [{ pricing: { currency: "USD", output: 1e7 } }, "pricing.output", "from 0 to 1000000"],
    [{ contextWindow: 0 }, "contextWindow", "from 1 to 100000000"],
    [{ maxOutputTokens: 1.5 }, "maxOutputTokens", "whole number"]
  ] as const)("refuses %j naming %s", ([patch, field, problem]) =>
    Effect.gen(function* () {
      const providers = yield* Providers
      const { id } = yield* providers.add({ name: fresh(), preset: "openai" })
      yield* providers.addModels(id, "gpt-4o")
      const error = yield* Effect.flip(providers.updateModel(id, "gpt-4o", patch))
      expect(error._tag).toBe("InvalidInput")
      expect(error).toMatchObject({ field })
      expect(error.message).toContain(problem)
    })
  )
})

describe("fill", () => {
  it("is not needed to read a model: its facts travel with it", () => {
    const model = new Model({
      id: "some-embedder",
      name: "some-embedder",
      group: "some",
      overrides: {},
      catalog: new CatalogFacts({ source: "x", entryId: "some-embedder", capabilities: { embedding: true } })
    })
    // The name suggests nothing; the catalog says embedding, and then nothing generative is inferred.
    expect(model.capabilities).toEqual({
      embedding: true,
      vision: false,
      reasoning: false,
      tools: false,
      webSearch: false
    })
  })
})
