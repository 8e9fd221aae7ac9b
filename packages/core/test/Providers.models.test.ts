import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import { inferCapabilities } from "../src/domain/ModelCapabilities"
import type { NewModel } from "../src/domain/ProviderInput"
import { Providers, layerTest } from "../src/Providers"
import * as FakeAdapters from "./support/FakeAdapters"
import { failsUnchanged } from "./support/storeSnapshot"

const withProvider = (name: string, models: ReadonlyArray<NewModel> = []) =>
  Effect.flatMap(Providers, (p) => p.add({ name, preset: "vllm", models }))

layer(layerTest(FakeAdapters.layer()))("Providers models", (it) => {
  it.effect("addModels takes one id, a list, or objects, appending in order", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      const { id } = yield* withProvider("Models A")
      yield* providers.addModels(id, "gpt2")
      yield* providers.addModels(id, ["meta-llama/Llama-3.1-8B-Instruct", "qwen2.5:7b"])
      const after = yield* providers.addModels(id, {
        id: "text-embedding-3-small",
        name: "Embeddings",
        group: "embed",
        contextLength: 8191,
        ownedBy: "openai"
      })
      expect(after.models.map((m) => [m.id, m.name, m.group])).toEqual([
        ["gpt2", "gpt2", "gpt2"],
        ["meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Llama-3.1-8B-Instruct", "meta-llama"],
        ["qwen2.5:7b", "qwen2.5:7b", "qwen2.5"],
        ["text-embedding-3-small", "Embeddings", "embed"]
      ])
      expect([after.models[3]!.contextLength, after.models[3]!.ownedBy]).toEqual([8191, "openai"])
      expect(after.revision).toBe(4)
      expect(yield* providers.get(id)).toEqual(after)
    })
  )

  it.effect("addModels rejects ids already there or repeated in the call, listing them, writing nothing", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      const { id } = yield* withProvider("Models B", ["gpt2", "llama3"])
      const existing = yield* failsUnchanged(providers.addModels(id, ["phi3", "gpt2", "llama3"]))
      expect(existing).toMatchObject({ _tag: "DuplicateModel", providerId: id, modelIds: ["gpt2", "llama3"] })
      expect(existing.message).toContain('"gpt2", "llama3"')
      const repeated = yield* failsUnchanged(providers.addModels(id, ["phi3", { id: "phi3", name: "Phi" }]))
      expect(repeated).toMatchObject({ _tag: "DuplicateModel", modelIds: ["phi3"] })
      // Ids are case-sensitive, exactly as the provider spells them.
      expect((yield* providers.addModels(id, "GPT2")).models.map((m) => m.id)).toEqual(["gpt2", "llama3", "GPT2"])
    })
  )

  it.effect("addModels refuses an empty list, naming the field and writing nothing", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      const { id } = yield* withProvider("Models Empty", ["gpt2"])
      const error = yield* failsUnchanged(providers.addModels(id, []))
      expect(error).toMatchObject({ _tag: "InvalidInput", field: "models" })
    })
  )

  it.effect("updateModel changes name and group; capability overrides win, null goes back to inferred", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      const { id } = yield* withProvider("Models C", ["llava-v1.6"])
      const inferred = inferCapabilities("llava-v1.6")
      expect(inferred.vision).toBe(true)

      const set = yield* providers.updateModel(id, "llava-v1.6", {
        name: "LLaVA",
        group: "vision models",
        capabilities: { vision: false, tools: true }
      })
      const model = set.models[0]!
      expect([model.name, model.group]).toEqual(["LLaVA", "vision models"])
      expect(model.overrides).toEqual({ vision: false, tools: true })
      expect(model.capabilities).toEqual({ ...inferred, vision: false, tools: true })

      const reset = (yield* providers.updateModel(id, "llava-v1.6", { capabilities: { vision: null } })).models[0]!
      expect(reset.overrides).toEqual({ tools: true })
      expect(reset.capabilities.vision).toBe(true)
      expect([reset.name, reset.group]).toEqual(["LLaVA", "vision models"])
    })
  )

  it.effect("updateModel and removeModel of an unknown model fail with NotFound naming it", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      const { id } = yield* withProvider("Models D", ["gpt2"])
      for (const call of [
        providers.updateModel(id, "gpt-2", { name: "x" }),
        providers.removeModel(id, "gpt-2"),
        providers.removeModel("nobody", "gpt2")
      ]) {
        const error = yield* failsUnchanged(call)
        expect(error._tag).toBe("NotFound")
      }
      expect(yield* failsUnchanged(providers.removeModel(id, "GPT2"))).toMatchObject({ entity: "model", id: "GPT2" })
    })
  )

  it.effect("removeModel removes exactly that model", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      const { id } = yield* withProvider("Models E", ["a", "b", "c"])
      const after = yield* providers.removeModel(id, "b")
      expect(after.models.map((m) => m.id)).toEqual(["a", "c"])
      expect((yield* providers.get(id)).models.map((m) => m.id)).toEqual(["a", "c"])
    })
  )

  it.effect("endpoints name the model where the protocol puts it in the URL", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      const gemini = yield* providers.add({ name: "Gem", preset: "gemini" })
      const urls = yield* providers.endpoints(gemini.id, "gemini-2.5-pro")
      expect(urls.chat).toBe(
        "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse"
      )
      expect((yield* providers.endpoints(gemini.id)).chat).toContain("/models/{model}:streamGenerateContent")
    })
  )
})
