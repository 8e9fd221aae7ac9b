import { describe, expect, layer } from "@effect/vitest"
import { testCatalog } from "@switchboard/testing/TestCatalog"
import { Effect, Fiber, Option, Redacted, Ref, Stream, TestClock } from "effect"
import * as Catalog from "../src/catalog/Catalog"
import { Finish } from "../src/domain/ChatEvent"
import { ProviderError } from "../src/domain/Errors"
import { type CheckEvent, type CheckProgress, checkFailures } from "../src/domain/ModelCheck"
import { modelView } from "../src/domain/ProviderView"
import { RemoteModel } from "../src/domain/RemoteModel"
import { Models, layerTest } from "../src/Models"
import { Providers } from "../src/Providers"
import * as FakeAdapters from "./support/FakeAdapters"

const refusedKey = "sk-refused-000000"
const unknownModels = new Set(["gone-a", "gone-b"])
const upstream = Ref.unsafeMake<ReadonlyArray<string>>(["gpt-4o", "gpt-4o-mini", "o3-mini"])
const probed = Ref.unsafeMake(0)

const stubs: FakeAdapters.Stubs = {
  openai: {
    listModels: () => Effect.map(Ref.get(upstream), (ids) => ids.map((id) => new RemoteModel({ id }))),
    streamChat: (target, request) =>
      Stream.unwrap(
        Effect.gen(function* () {
          yield* Ref.update(probed, (n) => n + 1)
          const url = "http://127.0.0.1:9/v1/chat/completions"
          if (Option.exists(target.apiKey, (key) => Redacted.value(key) === refusedKey))
            return Stream.fail(new ProviderError({ reason: "Authentication", status: 401, url, detail: "bad key" }))
          if (unknownModels.has(request.model))
            return Stream.fail(new ProviderError({ reason: "NotFound", status: 404, url, detail: "no such model" }))
          expect(request.maxTokens).toBe(1)
          return Stream.make(new Finish({ reason: "length" }))
        })
      )
  }
}

const progress = (events: ReadonlyArray<CheckEvent>) =>
  events.filter((event): event is CheckProgress => event._tag === "CheckProgress")

let made = 0
const provider = (models: ReadonlyArray<string>, apiKeys = ["sk-good-1111111", refusedKey, "sk-good-2222222"]) =>
  Effect.flatMap(Providers, (p) => p.add({ name: `Checked ${++made}`, preset: "openai", apiKeys, models }))

layer(layerTest(FakeAdapters.layer(stubs)))("Models.check", (it) => {
  it.effect("probes every model with every key once, and blames exactly the refused key and unknown models", () =>
    Effect.gen(function* () {
      const models = yield* Models
      const { id, apiKeys } = yield* provider(["gpt-4o", "gone-a", "o3-mini", "gone-b"])
      yield* Ref.set(probed, 0)
      const events = Array.from(yield* Stream.runCollect(models.check(id, { concurrency: 3 })))
      expect(events[0]).toMatchObject({ _tag: "CheckStarted", total: 12, concurrency: 3 })
      expect(progress(events).map((e) => e.done)).toEqual([...Array(12).keys()].map((i) => i + 1))
      expect(yield* Ref.get(probed)).toBe(12)
      const last = yield* models.lastChecks(id)
      expect(last).toHaveLength(12)
      const refused = last.filter((c) => c.result.reason === "Authentication")
      expect(new Set(refused.map((c) => c.result.keyId))).toEqual(new Set([apiKeys[1]!.id]))
      expect(refused.every((c) => c.result.status === 401 && c.result.key === apiKeys[1]!.masked)).toBe(true)
      expect(
        last
          .filter((c) => c.result.reason === "NotFound")
          .map((c) => c.modelId)
          .sort()
      ).toEqual(["gone-a", "gone-a", "gone-b", "gone-b"])
      expect(checkFailures(last)).toEqual({ models: ["gone-a", "gone-b"], keys: [apiKeys[1]!.id] })
      // No plain key anywhere in what is kept.
      expect(JSON.stringify(last)).not.toContain("sk-good-1111111")
    })
  )

  it.effect("checks one chosen key, and refuses an unknown key or model naming the field", () =>
    Effect.gen(function* () {
      const models = yield* Models
      const { id, apiKeys } = yield* provider(["gpt-4o", "o3-mini"])
      const events = Array.from(yield* Stream.runCollect(models.check(id, { keyId: apiKeys[2]!.id })))
      expect(progress(events).map((e) => [e.check.modelId, e.check.result.ok])).toHaveLength(2)
      expect(progress(events).every((e) => e.check.result.keyId === apiKeys[2]!.id)).toBe(true)
      const bad = (input: object) => Effect.flip(Stream.runDrain(models.check(id, input)))
      expect(yield* bad({ keyId: "nope" })).toMatchObject({ _tag: "InvalidInput", field: "keyId" })
      expect(yield* bad({ models: ["gpt-4o", "nope"] })).toMatchObject({ _tag: "InvalidInput", field: "models[1]" })
      expect(yield* bad({ concurrency: 0 })).toMatchObject({ _tag: "InvalidInput", field: "concurrency" })
      expect(yield* bad({ timeoutMs: 10 })).toMatchObject({ _tag: "InvalidInput", field: "timeoutMs" })
    })
  )

  it.effect("bulk removals take the failed models and the keys refused everywhere, nothing else", () =>
    Effect.gen(function* () {
      const models = yield* Models
      const { id, apiKeys } = yield* provider(["gpt-4o", "gone-a", "gone-b"])
      yield* Stream.runDrain(models.check(id))
      const withoutModels = yield* models.removeFailedModels(id)
      expect([...withoutModels.removed].sort()).toEqual(["gone-a", "gone-b"])
      expect(withoutModels.provider.models.map((m) => m.id)).toEqual(["gpt-4o"])
      const withoutKeys = yield* models.removeFailedKeys(id)
      expect(withoutKeys.removed).toEqual([apiKeys[1]!.id])
      expect(withoutKeys.provider.apiKeys.map((k) => k.id)).toEqual([apiKeys[0]!.id, apiKeys[2]!.id])
      // What was removed no longer shows in the last results.
      expect((yield* models.lastChecks(id)).every((c) => c.modelId === "gpt-4o" && c.result.ok)).toBe(true)
    })
  )

  it.effect("a run where every key is refused blames no model", () =>
    Effect.gen(function* () {
      const models = yield* Models
      const { id } = yield* provider(["gpt-4o", "o3-mini"], [refusedKey])
      yield* Stream.runDrain(models.check(id))
      expect((yield* models.removeFailedModels(id)).removed).toEqual([])
    })
  )
})

describe("Models.check cancellation", () => {
  const hanging: FakeAdapters.Stubs = {
    openai: {
      streamChat: () =>
        Stream.fromEffect(
          Effect.gen(function* () {
            yield* Ref.update(probed, (n) => n + 1)
            return yield* Effect.never
          }).pipe(Effect.onInterrupt(() => Ref.update(interrupted, (n) => n + 1)))
        )
    }
  }
  const interrupted = Ref.unsafeMake(0)
  layer(layerTest(FakeAdapters.layer(hanging)))("", (it) => {
    it.effect("interrupting the stream interrupts every probe still running", () =>
      Effect.gen(function* () {
        const models = yield* Models
        const { id } = yield* provider(["gpt-4o", "o3-mini", "gpt-4o-mini"], ["sk-one-1111111"])
        yield* Ref.set(probed, 0)
        const fiber = yield* Effect.fork(Stream.runDrain(models.check(id, { concurrency: 2, timeoutMs: 60_000 })))
        yield* TestClock.adjust("1 second")
        expect(yield* Ref.get(probed)).toBe(2)
        yield* Fiber.interrupt(fiber)
        expect(yield* Ref.get(interrupted)).toBe(2)
        expect(yield* Ref.get(probed)).toBe(2)
      })
    )
  })
})

layer(layerTest(FakeAdapters.layer(stubs)))("Models.sync", (it) => {
  it.effect("shows the diff, marks the gone, keeps what the user set, and adds or removes on request", () =>
    Effect.gen(function* () {
      const models = yield* Models
      const providers = yield* Providers
      yield* Ref.set(upstream, ["gpt-4o", "o3-mini"])
      const { id } = yield* provider(["gpt-4o", "o3-mini"])
      yield* providers.updateModel(id, "gpt-4o", { name: "Mine", capabilities: { vision: false }, contextWindow: 1000 })

      yield* Ref.set(upstream, ["gpt-4o", "gpt-4o-mini"])
      const first = yield* models.sync(id)
      expect(first.added.map((m) => m.id)).toEqual(["gpt-4o-mini"])
      expect(first.gone.map((m) => m.id)).toEqual(["o3-mini"])
      expect(first.unchanged.map((m) => m.id)).toEqual(["gpt-4o"])
      // Marked, not deleted; nothing added without asking.
      expect(first.provider.models.map((m) => [m.id, m.goneAt !== undefined])).toEqual([
        ["gpt-4o", false],
        ["o3-mini", true]
      ])
      const mine = first.provider.models[0]!
      expect([mine.name, mine.capabilities.vision, mine.contextWindow]).toEqual(["Mine", false, 1000])
      // The new model comes filled from the catalog, so the preview can show what it is.
      expect(first.added[0]!.catalog?.contextWindow).toBe(128_000)

      const applied = yield* models.sync(id, { addNew: true, removeGone: true })
      expect(applied.provider.models.map((m) => m.id)).toEqual(["gpt-4o", "gpt-4o-mini"])
      expect(applied.provider.models[0]!.name).toBe("Mine")
      expect(yield* Effect.flip(models.sync(id, { addAll: true } as never))).toMatchObject({
        _tag: "InvalidInput",
        field: "addAll"
      })
    })
  )

  it.effect("a model offered again loses its mark", () =>
    Effect.gen(function* () {
      const models = yield* Models
      yield* Ref.set(upstream, ["gpt-4o"])
      const { id } = yield* provider(["gpt-4o", "o3-mini"])
      expect((yield* models.sync(id)).provider.models[1]!.goneAt).toBeDefined()
      yield* Ref.set(upstream, ["gpt-4o", "o3-mini"])
      expect((yield* models.sync(id)).provider.models[1]!.goneAt).toBeUndefined()
    })
  )
})

layer(layerTest(FakeAdapters.layer(stubs)))("Models.refill", (it) => {
  it.effect("takes the new catalog's facts after a catalog update, and the user's settings still win", () =>
    Effect.gen(function* () {
      const models = yield* Models
      const providers = yield* Providers
      const { id } = yield* provider(["gpt-4o", "o3-mini"])
      yield* providers.updateModel(id, "gpt-4o", { contextWindow: 1000, capabilities: { tools: false } })
      const refreshed = Catalog.make(
        testCatalog([
          { id: "gpt-4o", contextLength: 256_000, capabilities: { tools: true, vision: true } },
          { id: "o3-mini", contextLength: 300_000, capabilities: { reasoning: true } }
        ]),
        "test"
      )
      expect(yield* models.refill(refreshed)).toBeGreaterThanOrEqual(2)
      const [gpt4o, o3] = (yield* providers.get(id)).models
      expect(modelView(gpt4o!).facts.contextWindow).toEqual({ value: 1000, source: "user" })
      expect(modelView(gpt4o!).facts.capabilities.tools).toEqual({ value: false, source: "user" })
      expect(modelView(gpt4o!).facts.capabilities.vision).toEqual({ value: true, source: "catalog" })
      expect(modelView(o3!).facts.contextWindow).toEqual({ value: 300_000, source: "catalog" })
    })
  )
})
