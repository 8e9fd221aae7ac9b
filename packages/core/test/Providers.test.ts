import { describe, expect, it, layer } from "@effect/vitest"
import { Clock, DateTime, Effect, Inspectable, Option, Redacted, Ref, TestClock } from "effect"
import { ProviderError } from "../src/domain/Errors"
import { presets } from "../src/Presets"
import type { Provider } from "../src/domain/Provider"
import type { NewProvider } from "../src/domain/ProviderInput"
import { Providers, layerTest } from "../src/Providers"
import { RemoteModel } from "../src/domain/RemoteModel"
import { Timeouts } from "../src/domain/Timeouts"
import * as FakeAdapters from "./support/FakeAdapters"
import { failsUnchanged, snapshot } from "./support/storeSnapshot"
import { untrusted } from "./support/untrusted"

const add = (input: NewProvider) => Effect.flatMap(Providers, (p) => p.add(input))

layer(layerTest(FakeAdapters.layer()))("Providers.add", (it) => {
  it.effect("takes the id the user chose, and refuses one already taken, writing nothing", () =>
    Effect.gen(function* () {
      const chosen = yield* add({ name: "模型", id: "mo-xing", preset: "vllm" })
      expect(chosen.id).toBe("mo-xing")
      const error = yield* failsUnchanged(add({ name: "Another", id: "mo-xing", preset: "vllm" }))
      expect(error).toMatchObject({ _tag: "DuplicateName", name: "mo-xing", field: "id" })
      expect(error.message).toBe('A provider with the id "mo-xing" already exists. Choose another id.')
      // Without an id, a name whose slug is taken still gets the next free one.
      expect((yield* add({ name: "Mo Xing", preset: "vllm" })).id).toBe("mo-xing-2")
    })
  )

  it.effect("from scratch: the input's settings, defaults for the rest, timestamps from the clock", () =>
    Effect.gen(function* () {
      yield* TestClock.adjust("90 minutes")
      const provider = yield* add({
        name: "  Local Llama  ",
        type: "openai",
        baseUrl: " http://localhost:11434 ",
        headers: { "X-Team": "core" },
        timeouts: { firstByteMs: 600_000 }
      })
      expect(provider.id).toBe("local-llama")
      expect(provider.name).toBe("Local Llama")
      expect(provider.type).toBe("openai")
      expect(provider.baseUrl).toBe("http://localhost:11434")
      expect(provider.enabled).toBe(true)
      expect(provider.apiKeys).toEqual([])
      expect(provider.apiVersion).toBeUndefined()
      expect(provider.headers).toEqual({ "X-Team": "core" })
      expect(provider.timeouts).toEqual(new Timeouts({ ...Timeouts.defaults, firstByteMs: 600_000 }))
      expect(provider.revision).toBe(1)
      const now = yield* Clock.currentTimeMillis
      expect(DateTime.toEpochMillis(provider.createdAt)).toBe(now)
      expect(DateTime.toEpochMillis(provider.updatedAt)).toBe(now)
      expect(yield* Effect.flatMap(Providers, (p) => p.get("local-llama"))).toEqual(provider)
    })
  )

  it.effect("from the vLLM preset: type openai and base URL http://localhost:8000/", () =>
    Effect.gen(function* () {
      const provider = yield* add({ name: "Lab GPU", preset: "vllm" })
      expect(provider.type).toBe("openai")
      expect(provider.baseUrl).toBe("http://localhost:8000/")
      const urls = yield* Effect.flatMap(Providers, (p) => p.endpoints(provider.id))
      expect(urls.chat).toBe("http://localhost:8000/v1/chat/completions")
      expect(urls.models).toBe("http://localhost:8000/v1/models")
    })
  )

  it.effect("every preset fills type and base URL; the input's own values win over the preset's", () =>
    Effect.gen(function* () {
      for (const preset of presets) {
        const provider = yield* add({ name: `Preset ${preset.id}`, preset: preset.id })
        expect([provider.type, provider.baseUrl]).toEqual([preset.type, preset.baseUrl])
      }
      const own = yield* add({ name: "Remote vLLM", preset: "vllm", baseUrl: "http://gpu-box:8000" })
      expect(own.baseUrl).toBe("http://gpu-box:8000")
    })
  )

  it.effect("Azure gets a default api-version, from the preset or from scratch; a given one is kept", () =>
    Effect.gen(function* () {
      const preset = yield* add({ name: "Azure A", preset: "azure-openai", baseUrl: "https://a.openai.azure.com" })
      const scratch = yield* add({ name: "Azure B", type: "azure-openai", baseUrl: "https://b.openai.azure.com" })
      const own = yield* add({
        name: "Azure C",
        type: "azure-openai",
        baseUrl: "https://c.openai.azure.com",
        apiVersion: "v1"
      })
      expect(preset.apiVersion).toBe("2024-10-21")
      expect(scratch.apiVersion).toBe("2024-10-21")
      expect(own.apiVersion).toBe("v1")
      const urls = yield* Effect.flatMap(Providers, (p) => p.endpoints(scratch.id, "gpt-4o-prod"))
      expect(urls.chat).toBe(
        "https://b.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21"
      )
    })
  )

  it.effect("keys get distinct random ids and are stored as given", () =>
    Effect.gen(function* () {
      const provider = yield* add({
        name: "Keyed",
        type: "anthropic",
        baseUrl: "https://api.anthropic.com",
        apiKeys: ["sk-ant-first-00000001", "sk-ant-second-0000002"]
      })
      expect(provider.apiKeys.map((k) => Redacted.value(k.value))).toEqual([
        "sk-ant-first-00000001",
        "sk-ant-second-0000002"
      ])
      expect(new Set(provider.apiKeys.map((k) => k.id)).size).toBe(2)
      const other = yield* add({ name: "Keyed 2", preset: "anthropic", apiKeys: ["sk-ant-first-00000001"] })
      expect(provider.apiKeys.map((k) => k.id)).not.toContain(other.apiKeys[0]!.id)
    })
  )

  it.effect("models given at creation get names, groups and overrides", () =>
    Effect.gen(function* () {
      const provider = yield* add({
        name: "With Models",
        preset: "openai",
        models: ["gpt-4o-mini", { id: "gpt2", name: "GPT-2", capabilities: { tools: true, vision: null } }]
      })
      expect(provider.models.map((m) => [m.id, m.name, m.group])).toEqual([
        ["gpt-4o-mini", "gpt-4o-mini", "gpt-4o"],
        ["gpt2", "GPT-2", "gpt2"]
      ])
      expect(provider.models[1]!.overrides).toEqual({ tools: true })
      expect(provider.models[1]!.capabilities.tools).toBe(true)
    })
  )

  it.effect("a model id repeated in the input fails with DuplicateModel and stores nothing", () =>
    Effect.gen(function* () {
      const error = yield* failsUnchanged(add({ name: "Twice", preset: "ollama", models: ["llama3", "llama3"] }))
      expect(error._tag).toBe("DuplicateModel")
      expect(error._tag === "DuplicateModel" && error.modelIds).toEqual(["llama3"])
    })
  )

  it.effect("an unknown preset is bad input that lists the known ones", () =>
    Effect.gen(function* () {
      const error = yield* failsUnchanged(add({ name: "Guess", preset: "chatgpt" }))
      expect(error).toMatchObject({ _tag: "InvalidInput", field: "preset" })
      for (const preset of presets) expect(error.message).toContain(preset.id)
    })
  )

  it.effect("can start disabled", () =>
    Effect.gen(function* () {
      expect((yield* add({ name: "Off", preset: "groq", enabled: false })).enabled).toBe(false)
    })
  )
})

layer(layerTest(FakeAdapters.layer()))("Providers ids", (it) => {
  it.effect("are slugs of the name, stable across renames; names stay unique ignoring case", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      const first = yield* providers.add({ name: "My vLLM", preset: "vllm" })
      expect(first.id).toBe("my-vllm")

      const renamed = yield* providers.update("my-vllm", { name: "Lab vLLM" })
      expect(renamed.id).toBe("my-vllm")
      expect(renamed.name).toBe("Lab vLLM")
      expect((yield* providers.get("my-vllm")).name).toBe("Lab vLLM")

      // The old name is free again, but its slug is still taken by the renamed provider.
      const second = yield* providers.add({ name: "my vllm", preset: "vllm" })
      expect(second.id).toBe("my-vllm-2")
      const clash = yield* failsUnchanged(providers.add({ name: "MY VLLM", preset: "vllm" }))
      expect(clash._tag).toBe("DuplicateName")

      yield* providers.remove("my-vllm")
      const third = yield* providers.add({ name: "My  vLLM!", preset: "vllm" })
      expect(third.id).toBe("my-vllm")
    })
  )

  it.effect("a name in another script gets a readable id; one with nothing to keep a valid one", () =>
    Effect.gen(function* () {
      expect((yield* add({ name: "🚀🚀", preset: "ollama" })).id).toBe("rocket-rocket")
      expect((yield* add({ name: "模型", preset: "ollama" })).id).toBe("mo-xing")
      expect((yield* add({ name: "***", preset: "ollama" })).id).toBe("provider")
      expect((yield* add({ name: "!!!", preset: "ollama" })).id).toBe("provider-2")
    })
  )

  it.effect("concurrent adds whose names slug alike all get distinct ids", () =>
    Effect.gen(function* () {
      const names = ["Same Slug", "same-slug", "SAME_SLUG", "same.slug", "Same  Slug!"]
      const added = yield* Effect.forEach(names, (name) => add({ name, preset: "lmstudio" }), {
        concurrency: "unbounded"
      })
      expect(new Set(added.map((p) => p.id)).size).toBe(names.length)
      expect(added.every((p) => p.id.startsWith("same-slug"))).toBe(true)
    })
  )
})

layer(layerTest(FakeAdapters.layer()))("Providers: list, enable, reorder, remove", (it) => {
  it.effect("list keeps the user's order; reorder changes it; setEnabled toggles and bumps the revision", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      for (const name of ["Alpha", "Beta", "Gamma"]) yield* providers.add({ name, preset: "ollama" })
      const ids = (yield* providers.list).map((p) => p.id)
      expect(ids.slice(-3)).toEqual(["alpha", "beta", "gamma"])

      const reordered = yield* providers.reorder([...ids].reverse())
      expect(reordered.map((p) => p.id)).toEqual([...ids].reverse())
      expect((yield* providers.list).map((p) => p.id)).toEqual([...ids].reverse())

      yield* TestClock.adjust("1 minute")
      const off = yield* providers.setEnabled("beta", false)
      expect(off.enabled).toBe(false)
      expect(off.revision).toBe(2)
      expect(DateTime.toEpochMillis(off.updatedAt)).toBe(60_000)
      expect(DateTime.toEpochMillis(off.createdAt)).toBe(0)
      const on = yield* providers.setEnabled("beta", true)
      expect([on.enabled, on.revision]).toEqual([true, 3])
    })
  )

  it.effect("reorder that misses, repeats or invents an id fails naming them, and changes nothing", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      yield* providers.add({ name: "Delta", preset: "ollama" })
      const ids: Array<string> = (yield* providers.list).map((p) => p.id)
      const missing = yield* failsUnchanged(providers.reorder(ids.slice(1)))
      expect(missing).toMatchObject({ _tag: "InvalidInput", field: "ids" })
      expect(missing.message).toContain(`missing ${ids[0]}`)
      const repeated = yield* failsUnchanged(providers.reorder([...ids, ids[0]!]))
      expect(repeated.message).toContain(`repeated ${ids[0]}`)
      const invented = yield* failsUnchanged(providers.reorder([...ids.slice(1), "nobody"]))
      expect(invented.message).toContain("unknown nobody")
      expect(yield* failsUnchanged(providers.reorder(untrusted("delta")))).toMatchObject({ field: "ids" })
      expect(yield* failsUnchanged(providers.reorder(untrusted([...ids.slice(1), 7])))).toMatchObject({
        field: `ids[${ids.length - 1}]`
      })
    })
  )

  it.effect("remove deletes exactly one provider; unknown ids are NotFound everywhere", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      yield* providers.add({ name: "Doomed", preset: "deepseek" })
      const before = (yield* providers.list).map((p) => p.id)
      yield* providers.remove("doomed")
      expect((yield* providers.list).map((p) => p.id)).toEqual(before.filter((id) => id !== "doomed"))
      const calls: ReadonlyArray<Effect.Effect<unknown, unknown>> = [
        providers.get("doomed"),
        providers.remove("doomed"),
        providers.update("doomed", { name: "Back" }),
        providers.setEnabled("doomed", true),
        providers.addModels("doomed", "gpt2"),
        providers.endpoints("doomed")
      ]
      for (const call of calls) {
        expect(yield* failsUnchanged(call)).toMatchObject({ _tag: "NotFound", entity: "provider", id: "doomed" })
      }
    })
  )
})

const plainKey = "sk-proj-Secret0123456789abcd"

/** Every way an error or provider could be printed: none may show the plain key. */
const printed = (value: unknown) => [
  String(value),
  JSON.stringify(value),
  Inspectable.format(value),
  value instanceof Error ? value.message : ""
]

layer(layerTest(FakeAdapters.layer()))("Providers and API keys", (it) => {
  it.effect("what get returns shows keys masked and never prints them", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      yield* providers.add({ name: "Secretive", preset: "openai", apiKeys: [plainKey] })
      const provider = yield* providers.get("secretive")
      expect(provider.apiKeys[0]!.masked).toBe("sk-…abcd")
      for (const text of printed(provider)) expect(text).not.toContain(plainKey)
    })
  )

  it.effect("failed calls that carry a key never put it in their error", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      yield* providers.add({ name: "Holder", preset: "openai", apiKeys: [plainKey] })
      const failing: ReadonlyArray<Effect.Effect<unknown, unknown>> = [
        providers.add({ name: "Holder", preset: "openai", apiKeys: [plainKey] }),
        providers.add({ name: "Bad URL", baseUrl: "ftp://x", type: "openai", apiKeys: [plainKey] }),
        providers.add(untrusted({ name: "Not a list", preset: "openai", apiKeys: plainKey })),
        providers.add({ name: "Spaced", preset: "openai", apiKeys: [`${plainKey} extra`] }),
        providers.add({ name: "Twice", preset: "openai", apiKeys: [plainKey, plainKey] }),
        providers.add(untrusted({ name: "Id shape", preset: "openai", apiKeys: [{ id: plainKey, extra: 1 }] })),
        providers.add(untrusted(plainKey)),
        providers.update("holder", { apiKeys: [{ id: plainKey }] }),
        providers.update("holder", untrusted({ apiKeys: [plainKey, 42] })),
        providers.update("holder", untrusted({ apiKeys: plainKey })),
        providers.update("nobody", { apiKeys: [plainKey] })
      ]
      for (const call of failing) {
        const error = yield* failsUnchanged(call)
        for (const text of printed(error)) expect(text).not.toContain(plainKey)
      }
    })
  )
})

const seen = Effect.runSync(Ref.make<ReadonlyArray<Provider>>([]))
const listed = [new RemoteModel({ id: "gpt2" }), new RemoteModel({ id: "llama3", ownedBy: "me" })]
const refused = new ProviderError({
  reason: "Authentication",
  url: "https://api.anthropic.com/v1/models",
  status: 401,
  detail: "invalid x-api-key"
})

const stubs: FakeAdapters.Stubs = {
  openai: { listModels: ({ provider }) => Ref.update(seen, (all) => [...all, provider]).pipe(Effect.as(listed)) },
  anthropic: { listModels: () => Effect.fail(refused) }
}

layer(layerTest(FakeAdapters.layer(stubs)))("Providers.verify and remoteModels", (it) => {
  it.effect("remoteModels asks the provider's adapter with the stored provider", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      const provider = yield* providers.add({ name: "Listing", preset: "vllm" })
      expect(yield* providers.remoteModels(provider.id)).toEqual(listed)
      expect((yield* Ref.get(seen)).at(-1)).toEqual(provider)
    })
  )

  it.effect("remoteModels fails with the provider's error, never an empty list", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      yield* providers.add({ name: "Refusing", preset: "anthropic", apiKeys: ["sk-ant-wrong-000000"] })
      expect(yield* Effect.flip(providers.remoteModels("refusing"))).toEqual(refused)
      expect(yield* Effect.flip(providers.remoteModels("nobody"))).toMatchObject({ _tag: "NotFound" })
    })
  )

  it.effect("verify checks every key of a stored provider, also while it is disabled", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      yield* providers.add({ name: "Checked", preset: "vllm", enabled: false, apiKeys: ["k-one-1", "k-two-2"] })
      const report = yield* providers.verify("checked")
      expect(report.providerId).toBe("checked")
      expect(report.ok).toBe(true)
      expect(report.results.map((r) => r.keyId)).toEqual((yield* providers.get("checked")).apiKeys.map((k) => k.id))

      yield* providers.add({ name: "Rejected", preset: "anthropic", apiKeys: ["sk-ant-wrong-000000"] })
      const rejected = yield* providers.verify("rejected")
      expect(rejected.ok).toBe(false)
      expect(rejected.results[0]!.reason).toBe("Authentication")
    })
  )

  it.effect("verify keeps its report as the provider's last one, with the time it was made", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      yield* providers.add({ name: "Kept", preset: "anthropic", apiKeys: ["sk-ant-wrong-000000"] })
      expect(yield* providers.lastVerify("kept")).toEqual(Option.none())
      yield* TestClock.adjust("1 hour")
      const report = yield* providers.verify("kept")
      const kept = Option.getOrThrow(yield* providers.lastVerify("kept"))
      expect(kept.report).toEqual(report)
      expect(DateTime.toEpochMillis(kept.checkedAt)).toBe(yield* Clock.currentTimeMillis)
      yield* providers.remove("kept")
      expect(yield* Effect.flip(providers.lastVerify("kept"))).toMatchObject({ _tag: "NotFound" })
    })
  )

  it.effect("verify of an unknown provider or with an invalid model id fails before calling anything", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      expect(yield* Effect.flip(providers.verify("nobody"))).toMatchObject({ _tag: "NotFound" })
      yield* providers.add({ name: "Model check", preset: "vllm" })
      expect(yield* Effect.flip(providers.verify("model-check", { model: " gpt2" }))).toMatchObject({
        _tag: "InvalidInput",
        field: "model"
      })
    })
  )
})

describe("Providers.layerTest", () => {
  it.effect("starts from an empty store each time it is built", () =>
    Effect.gen(function* () {
      yield* add({ name: "Once", preset: "vllm" }).pipe(Effect.provide(layerTest(FakeAdapters.layer())))
      expect(yield* snapshot.pipe(Effect.provide(layerTest(FakeAdapters.layer())))).toEqual([])
    })
  )
})
