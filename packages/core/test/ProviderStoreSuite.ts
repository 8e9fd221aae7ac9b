/**
 * The behaviour every `ProviderStore` layer must have, as one suite: `ProviderStore.test.ts` runs it on the in-memory
 * layer, `CachedProviderStore.test.ts` on the read cache over it, `sqlite/ProviderStoreSqlite.test.ts` on a SQLite
 * file, with and without the cache. `layer` is built afresh for every test, so each starts empty.
 */
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Either, type Layer, Option, Schema } from "effect"
import { Conflict, DuplicateName, InvalidInput, NotFound } from "../src/domain/Errors"
import { Model } from "../src/domain/Model"
import { CatalogFacts } from "../src/domain/ModelFacts"
import { Provider, type ProviderId } from "../src/domain/Provider"
import { KeyCheck, LastVerify, VerifyReport } from "../src/domain/VerifyReport"
import { ProviderStore } from "../src/ProviderStore"
import { makeApiKey, makeProvider } from "./support/makeProvider"

/** A provider as plain data, key values included, so two can be compared field by field. */
const plain = (provider: Provider) => Schema.encodeSync(Provider)(provider)
const plainAll = (providers: ReadonlyArray<Provider>) => providers.map(plain)
const ids = (providers: ReadonlyArray<Provider>) => providers.map((p) => p.id)

const vllm = makeProvider("My vLLM", { apiKeys: [makeApiKey("sk-vllm-0123456789")] })
const openai = makeProvider("OpenAI", {
  baseUrl: "https://api.openai.com/v1",
  apiKeys: [makeApiKey("sk-proj-aaaa1111", "a"), makeApiKey("sk-proj-bbbb2222", "b")],
  headers: { "X-Team": "ml" }
})
const ollama = makeProvider("Ollama", { baseUrl: "http://localhost:11434", enabled: false })

/** A verify report of `provider` at `at`: its first key refused, the others passed. */
const checked = (provider: Provider, at: string) =>
  new LastVerify({
    checkedAt: DateTime.unsafeMake(at),
    report: new VerifyReport({
      providerId: provider.id,
      ok: false,
      results: provider.apiKeys.map(
        (key, i) =>
          new KeyCheck({
            keyId: key.id,
            key: `sk-…${i}`,
            ok: i > 0,
            ...(i === 0 ? { reason: "Authentication" as const, status: 401 } : {}),
            latencyMs: 12,
            url: `${provider.baseUrl}/models`,
            stage: "models"
          })
      )
    })
  })
const plainVerify = Schema.encodeSync(Schema.Option(LastVerify))

export const providerStoreSuite = (name: string, layer: Layer.Layer<ProviderStore, unknown>) =>
  describe(name, () => {
    const run = <A, E>(body: (store: Effect.Effect.Success<typeof ProviderStore>) => Effect.Effect<A, E>) =>
      Effect.flatMap(ProviderStore, body).pipe(Effect.provide(layer))

    /** A store holding vllm, openai, ollama in that order. */
    const seeded = <A, E>(body: (store: Effect.Effect.Success<typeof ProviderStore>) => Effect.Effect<A, E>) =>
      run((store) => Effect.forEach([vllm, openai, ollama], store.insert).pipe(Effect.zipRight(body(store))))

    describe("insert, get, list", () => {
      it.effect("starts empty", () => run((store) => Effect.map(store.list, (all) => expect(all).toEqual([]))))

      it.effect("stores a new provider as revision 1 and gives it back unchanged, keys included", () =>
        run((store) =>
          Effect.gen(function* () {
            const inserted = yield* store.insert(new Provider({ ...openai, revision: 7 }))
            expect(inserted.revision).toBe(1)
            expect(plain(yield* store.get(openai.id))).toStrictEqual(plain(openai))
            expect(plain(inserted)).toStrictEqual(plain(openai))
          })
        )
      )

      it.effect("keeps a model's catalog facts, the user's settings and its sync mark as they were", () =>
        run((store) =>
          Effect.gen(function* () {
            const model = new Model({
              id: "gpt-4o",
              name: "Mine",
              group: "gpt-4o",
              overrides: { vision: false },
              contextLength: 64_000,
              catalog: new CatalogFacts({
                source: "openai",
                entryId: "gpt-4o",
                contextWindow: 128_000,
                capabilities: { vision: true, tools: true },
                pricing: { currency: "USD", input: 2.5, output: 10 },
                deprecated: false
              }),
              contextWindow: 32_000,
              maxOutputTokens: 1_000,
              pricing: { currency: "EUR", input: 2, cacheWrite: 3 },
              goneAt: DateTime.unsafeMake("2026-01-02T03:04:05Z")
            })
            const withModel = new Provider({ ...openai, models: [model] })
            yield* store.insert(withModel)
            expect(plain(yield* store.get(openai.id))).toStrictEqual(plain(withModel))
          })
        )
      )

      it.effect("lists in insertion order", () =>
        seeded((store) =>
          Effect.map(store.list, (all) => {
            expect(ids(all)).toEqual([vllm.id, openai.id, ollama.id])
            expect(plainAll(all)).toStrictEqual(plainAll([vllm, openai, ollama]))
          })
        )
      )

      it.effect("fails with NotFound for an unknown id", () =>
        seeded((store) =>
          Effect.map(Effect.flip(store.get("nope" as ProviderId)), (error) =>
            expect(error).toStrictEqual(new NotFound({ entity: "provider", id: "nope" }))
          )
        )
      )

      it.effect("refuses an id already taken with Conflict, changing nothing", () =>
        seeded((store) =>
          Effect.gen(function* () {
            yield* store.update(openai, 1)
            const error = yield* Effect.flip(store.insert(makeProvider("Other", { id: openai.id })))
            expect(error).toStrictEqual(new Conflict({ id: openai.id, expectedRevision: 0, actualRevision: 2 }))
            expect(ids(yield* store.list)).toEqual([vllm.id, openai.id, ollama.id])
            expect((yield* store.get(openai.id)).name).toBe("OpenAI")
          })
        )
      )

      it.effect("refuses a name taken in another case or with other surrounding spaces", () =>
        seeded((store) =>
          Effect.gen(function* () {
            for (const name of ["my vllm", "  MY VLLM ", "My vLLM"]) {
              const error = yield* Effect.flip(store.insert(makeProvider("Copy", { name })))
              expect(error).toStrictEqual(new DuplicateName({ name }))
            }
            expect(ids(yield* store.list)).toEqual([vllm.id, openai.id, ollama.id])
          })
        )
      )
    })

    describe("update", () => {
      it.effect("writes a change based on the current revision and bumps the revision", () =>
        seeded((store) =>
          Effect.gen(function* () {
            const renamed = new Provider({ ...vllm, name: "Lab vLLM", apiKeys: [makeApiKey("sk-new-key-999")] })
            const second = yield* store.update(renamed, 1)
            expect(second.revision).toBe(2)
            expect(plain(yield* store.get(vllm.id))).toStrictEqual(plain(second))
            const third = yield* store.update(new Provider({ ...second, enabled: false }), 2)
            expect(third.revision).toBe(3)
            expect(yield* store.get(vllm.id)).toMatchObject({ name: "Lab vLLM", enabled: false, revision: 3 })
            // The order does not change on update.
            expect(ids(yield* store.list)).toEqual([vllm.id, openai.id, ollama.id])
          })
        )
      )

      it.effect("refuses a stale revision with Conflict carrying the actual one, changing nothing", () =>
        seeded((store) =>
          Effect.gen(function* () {
            const current = yield* store.update(new Provider({ ...vllm, baseUrl: "http://gpu:8000" }), 1)
            for (const stale of [1, 0, 3]) {
              const error = yield* Effect.flip(store.update(new Provider({ ...vllm, name: "Lost" }), stale))
              expect(error).toStrictEqual(new Conflict({ id: vllm.id, expectedRevision: stale, actualRevision: 2 }))
            }
            expect(plain(yield* store.get(vllm.id))).toStrictEqual(plain(current))
          })
        )
      )

      it.effect("fails with NotFound for a provider that is not stored", () =>
        seeded((store) =>
          Effect.map(Effect.flip(store.update(makeProvider("Ghost"), 1)), (error) =>
            expect(error).toStrictEqual(new NotFound({ entity: "provider", id: "ghost" }))
          )
        )
      )

      it.effect("refuses a rename onto another provider's name, but allows changing the case of its own", () =>
        seeded((store) =>
          Effect.gen(function* () {
            const error = yield* Effect.flip(store.update(new Provider({ ...vllm, name: "openai " }), 1))
            expect(error).toStrictEqual(new DuplicateName({ name: "openai " }))
            expect(yield* store.get(vllm.id)).toMatchObject({ name: "My vLLM", revision: 1 })
            const recased = yield* store.update(new Provider({ ...vllm, name: "MY VLLM" }), 1)
            expect(recased.revision).toBe(2)
          })
        )
      )

      it.effect("lets exactly one of 20 concurrent updates from the same revision win, losing none", () =>
        seeded((store) =>
          Effect.gen(function* () {
            const attempts = Array.from({ length: 20 }, (_, i) =>
              Effect.either(store.update(new Provider({ ...openai, baseUrl: `http://host-${i}:8000` }), 1))
            )
            const outcomes = yield* Effect.all(attempts, { concurrency: "unbounded" })
            const winners = outcomes.filter(Either.isRight).map((outcome) => outcome.right)
            const losers = outcomes.filter(Either.isLeft).map((outcome) => outcome.left)
            expect(winners).toHaveLength(1)
            expect(losers).toHaveLength(19)
            for (const error of losers) {
              expect(error).toStrictEqual(new Conflict({ id: openai.id, expectedRevision: 1, actualRevision: 2 }))
            }
            const stored = yield* store.get(openai.id)
            expect(stored.revision).toBe(2)
            expect(stored.baseUrl).toBe(winners[0]?.baseUrl)
          })
        )
      )

      it.effect("applies 20 concurrent read-modify-write loops that retry on Conflict without losing one", () =>
        seeded((store) =>
          Effect.gen(function* () {
            const addHeader = (i: number) =>
              Effect.gen(function* () {
                const current = yield* store.get(openai.id)
                const headers = { ...current.headers, [`X-${i}`]: String(i) }
                return yield* store.update(new Provider({ ...current, headers }), current.revision)
              }).pipe(Effect.retry({ while: (error) => error._tag === "Conflict" }))
            yield* Effect.all(
              Array.from({ length: 20 }, (_, i) => addHeader(i)),
              { concurrency: "unbounded" }
            )
            const stored = yield* store.get(openai.id)
            expect(stored.revision).toBe(21)
            expect(Object.keys(stored.headers)).toHaveLength(21)
          })
        )
      )
    })

    describe("remove", () => {
      it.effect("removes one provider, keeps the order of the rest and frees its name", () =>
        seeded((store) =>
          Effect.gen(function* () {
            yield* store.remove(openai.id)
            expect(ids(yield* store.list)).toEqual([vllm.id, ollama.id])
            expect(yield* Effect.flip(store.get(openai.id))).toBeInstanceOf(NotFound)
            const again = yield* store.insert(openai)
            expect(again.revision).toBe(1)
            expect(ids(yield* store.list)).toEqual([vllm.id, ollama.id, openai.id])
          })
        )
      )

      it.effect("fails with NotFound for an unknown id", () =>
        seeded((store) =>
          Effect.gen(function* () {
            const error = yield* Effect.flip(store.remove("nope" as ProviderId))
            expect(error).toStrictEqual(new NotFound({ entity: "provider", id: "nope" }))
            expect(yield* store.list).toHaveLength(3)
          })
        )
      )
    })

    describe("reorder", () => {
      it.effect("sets the user's order, which later inserts extend at the end", () =>
        seeded((store) =>
          Effect.gen(function* () {
            yield* store.reorder([ollama.id, vllm.id, openai.id])
            expect(ids(yield* store.list)).toEqual([ollama.id, vllm.id, openai.id])
            const lmStudio = makeProvider("LM Studio")
            yield* store.insert(lmStudio)
            expect(ids(yield* store.list)).toEqual([ollama.id, vllm.id, openai.id, lmStudio.id])
            // Reordering does not touch the providers themselves.
            expect((yield* store.get(vllm.id)).revision).toBe(1)
          })
        )
      )

      it.effect("rejects a list that is not exactly the stored ids, changing nothing", () =>
        seeded((store) =>
          Effect.gen(function* () {
            yield* store.reorder([openai.id, ollama.id, vllm.id])
            const bad: ReadonlyArray<ReadonlyArray<string>> = [
              [],
              [ollama.id, vllm.id],
              [ollama.id, vllm.id, openai.id, "extra"],
              [ollama.id, vllm.id, "nope"],
              [ollama.id, vllm.id, vllm.id],
              [ollama.id, vllm.id, openai.id, openai.id]
            ]
            for (const order of bad) {
              const error = yield* Effect.flip(store.reorder(order as ReadonlyArray<ProviderId>))
              expect(error).toBeInstanceOf(InvalidInput)
              expect(ids(yield* store.list)).toEqual([openai.id, ollama.id, vllm.id])
            }
          })
        )
      )

      it.effect("accepts the empty order on an empty store", () =>
        run((store) =>
          Effect.zipRight(
            store.reorder([]),
            Effect.map(store.list, (all) => expect(all).toEqual([]))
          )
        )
      )
    })

    describe("upsertMany", () => {
      it.effect("overwrites stored ids (revision bumped) and appends new ones in batch order", () =>
        seeded((store) =>
          Effect.gen(function* () {
            yield* store.update(openai, 1)
            const deepseek = makeProvider("DeepSeek")
            const groq = makeProvider("Groq")
            const batch = [
              groq,
              new Provider({ ...openai, name: "OpenAI (work)", revision: 99 }),
              deepseek,
              new Provider({ ...vllm, apiKeys: [] })
            ]
            const written = yield* store.upsertMany(batch)
            expect(written.map((p) => [p.id, p.revision])).toEqual([
              [groq.id, 1],
              [openai.id, 3],
              [deepseek.id, 1],
              [vllm.id, 2]
            ])
            const all = yield* store.list
            expect(ids(all)).toEqual([vllm.id, openai.id, ollama.id, groq.id, deepseek.id])
            expect(plainAll(all)).toStrictEqual(plainAll([written[3]!, written[1]!, ollama, groq, deepseek]))
          })
        )
      )

      it.effect("writes nothing when one provider's name clashes with a stored one outside the batch", () =>
        seeded((store) =>
          Effect.gen(function* () {
            const before = plainAll(yield* store.list)
            const clash = makeProvider("Local", { name: "OLLAMA" })
            const error = yield* Effect.flip(
              store.upsertMany([makeProvider("DeepSeek"), new Provider({ ...vllm, name: "Renamed" }), clash])
            )
            expect(error).toStrictEqual(new DuplicateName({ name: "OLLAMA" }))
            expect(plainAll(yield* store.list)).toStrictEqual(before)
          })
        )
      )

      it.effect("writes nothing when two providers of the batch share a name", () =>
        seeded((store) =>
          Effect.gen(function* () {
            const before = plainAll(yield* store.list)
            const error = yield* Effect.flip(
              store.upsertMany([makeProvider("Groq"), makeProvider("Groq cloud", { name: "groq" })])
            )
            expect(error).toBeInstanceOf(DuplicateName)
            expect(plainAll(yield* store.list)).toStrictEqual(before)
          })
        )
      )

      it.effect("lets the batch swap names and take a name it frees", () =>
        seeded((store) =>
          Effect.gen(function* () {
            yield* store.upsertMany([
              new Provider({ ...vllm, name: "OpenAI" }),
              new Provider({ ...openai, name: "Ollama" }),
              new Provider({ ...ollama, name: "My vLLM" })
            ])
            const names = (yield* store.list).map((p) => [p.id, p.name, p.revision])
            expect(names).toEqual([
              [vllm.id, "OpenAI", 2],
              [openai.id, "Ollama", 2],
              [ollama.id, "My vLLM", 2]
            ])
          })
        )
      )

      it.effect("accepts an empty batch", () =>
        seeded((store) =>
          Effect.gen(function* () {
            expect(yield* store.upsertMany([])).toEqual([])
            expect(yield* store.list).toHaveLength(3)
          })
        )
      )
    })

    describe("last verify report", () => {
      it.effect("has none until one is saved, then the latest, without touching the provider's revision", () =>
        seeded((store) =>
          Effect.gen(function* () {
            expect(yield* store.lastVerify(openai.id)).toEqual(Option.none())
            yield* store.saveVerify(openai.id, checked(openai, "2025-02-01T10:00:00Z"))
            const latest = checked(openai, "2025-02-01T11:30:00Z")
            yield* store.saveVerify(openai.id, latest)
            expect(plainVerify(yield* store.lastVerify(openai.id))).toStrictEqual(plainVerify(Option.some(latest)))
            expect(yield* store.lastVerify(vllm.id)).toEqual(Option.none())
            expect((yield* store.get(openai.id)).revision).toBe(1)
          })
        )
      )

      it.effect("survives an update and an import of the provider", () =>
        seeded((store) =>
          Effect.gen(function* () {
            const report = checked(openai, "2025-02-01T10:00:00Z")
            yield* store.saveVerify(openai.id, report)
            yield* store.update(new Provider({ ...openai, name: "OpenAI prod" }), 1)
            yield* store.upsertMany([openai])
            expect(plainVerify(yield* store.lastVerify(openai.id))).toStrictEqual(plainVerify(Option.some(report)))
          })
        )
      )

      it.effect("goes with the provider: a provider added again under its id starts with none", () =>
        seeded((store) =>
          Effect.gen(function* () {
            yield* store.saveVerify(openai.id, checked(openai, "2025-02-01T10:00:00Z"))
            yield* store.remove(openai.id)
            expect(yield* Effect.flip(store.lastVerify(openai.id))).toStrictEqual(
              new NotFound({ entity: "provider", id: openai.id })
            )
            yield* store.insert(openai)
            expect(yield* store.lastVerify(openai.id)).toEqual(Option.none())
          })
        )
      )

      it.effect("fails with NotFound for a provider that is not stored, saving nothing", () =>
        seeded((store) =>
          Effect.gen(function* () {
            const error = yield* Effect.flip(
              store.saveVerify("nope" as ProviderId, checked(vllm, "2025-02-01T10:00:00Z"))
            )
            expect(error).toStrictEqual(new NotFound({ entity: "provider", id: "nope" }))
          })
        )
      )
    })
  })
