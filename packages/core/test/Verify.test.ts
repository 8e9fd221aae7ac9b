import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Option, TestClock } from "effect"
import { endpoints } from "../src/BaseUrl"
import { ProviderError } from "../src/domain/Errors"
import { makeModel } from "../src/domain/Model"
import { RemoteModel } from "../src/domain/RemoteModel"
import { Timeouts } from "../src/domain/Timeouts"
import { listRemoteModels, verifyProvider } from "../src/Verify"
import { makeApiKey, makeProvider } from "./support/makeProvider"
import * as Scripted from "./support/ScriptedAdapter"

const timeouts = new Timeouts({ firstByteMs: 2_000, idleMs: 1_000, verifyMs: 5_000, maxRetries: 2 })
const modelsUrl = "http://localhost:8000/v1/models"
const chatUrl = "http://localhost:8000/v1/chat/completions"

const good = "sk-good-0000000001"
const bad = "sk-bad-00000000002"
const gone = "sk-gone-0000000003"

const threeKeys = makeProvider("Local", {
  apiKeys: [makeApiKey(good, "k1"), makeApiKey(bad, "k2"), makeApiKey(gone, "k3")],
  timeouts
})

const remote = [new RemoteModel({ id: "gpt2" }), new RemoteModel({ id: "llama3" })]
const authError = new ProviderError({ reason: "Authentication", url: modelsUrl, status: 401, detail: "Invalid key" })
const networkError = new ProviderError({ reason: "Network", url: modelsUrl, detail: "connect ECONNREFUSED" })
const noList = new ProviderError({ reason: "NotFound", url: modelsUrl, status: 404, detail: "Not Found" })

describe("verifyProvider", () => {
  it("uses the URLs the base-URL rules give", () => {
    expect(endpoints(threeKeys).models).toBe(modelsUrl)
    expect(endpoints(threeKeys).chat).toBe(chatUrl)
  })

  it.effect("checks every key in parallel: good, bad and unreachable each get a precise answer", () =>
    Effect.gen(function* () {
      const fiber = yield* Effect.fork(verifyProvider(threeKeys, {}))
      yield* TestClock.adjust("300 millis")
      expect(Option.isNone(yield* Fiber.poll(fiber))).toBe(true)
      // Sequential checks would need 300 + 500 + 200 ms; parallel ones are done at the slowest, 500 ms.
      yield* TestClock.adjust("200 millis")
      const polled = yield* Fiber.poll(fiber)
      expect(Option.isSome(polled)).toBe(true)
      const report = yield* Fiber.join(fiber)

      expect(report.providerId).toBe("local")
      expect(report.ok).toBe(false)
      expect(report.results.map((r) => ({ ...r }))).toEqual([
        { keyId: "k1", key: "sk-…0001", ok: true, latencyMs: 300, url: modelsUrl, stage: "models" },
        {
          keyId: "k2",
          key: "sk-…0002",
          ok: false,
          reason: "Authentication",
          status: 401,
          message: "Invalid key",
          latencyMs: 500,
          url: modelsUrl,
          stage: "models"
        },
        {
          keyId: "k3",
          key: "sk-…0003",
          ok: false,
          reason: "Network",
          message: "connect ECONNREFUSED",
          latencyMs: 200,
          url: modelsUrl,
          stage: "models"
        }
      ])
      expect(JSON.stringify(report)).not.toMatch(/sk-(good|bad|gone)-/)
    }).pipe(
      Effect.provide(
        Scripted.layer([
          Scripted.onList(good, remote, { delayMs: 300 }),
          Scripted.onList(bad, authError, { delayMs: 500 }),
          Scripted.onList(gone, networkError, { delayMs: 200 })
        ])
      )
    )
  )

  it.effect("a keyless provider gets one check without a key", () =>
    Effect.gen(function* () {
      const report = yield* verifyProvider(makeProvider("vLLM", { timeouts }), {})
      expect(report.ok).toBe(true)
      expect(report.results).toHaveLength(1)
      expect(report.results[0]).toMatchObject({ key: null, ok: true, stage: "models", url: modelsUrl })
      expect(report.results[0]?.keyId).toBeUndefined()
      expect(yield* (yield* Scripted.ScriptedAdapter).keys).toEqual([null])
    }).pipe(Effect.provide(Scripted.layer([Scripted.onList(null, remote)])))
  )

  it.effect("a check that does not finish within verifyMs is a Timeout at the stage it was in", () =>
    Effect.gen(function* () {
      const provider = makeProvider("Slow", { apiKeys: [makeApiKey(good)], timeouts })
      const fiber = yield* Effect.fork(verifyProvider(provider, {}))
      yield* TestClock.adjust("5 seconds")
      const report = yield* Fiber.join(fiber)
      expect(report.ok).toBe(false)
      expect(report.results[0]).toMatchObject({ ok: false, reason: "Timeout", latencyMs: 5_000, stage: "models" })
      expect(report.results[0]?.url).toBe(modelsUrl)
    }).pipe(Effect.provide(Scripted.layer([Scripted.onList(good, "hang")])))
  )

  it.effect("a chosen model adds a one-token generation with that model", () =>
    Effect.gen(function* () {
      const provider = makeProvider("Local", { apiKeys: [makeApiKey(good)], timeouts })
      const report = yield* verifyProvider(provider, { model: "llama3" })
      expect(report.results[0]).toMatchObject({ ok: true, stage: "generate", url: chatUrl })
      const calls = yield* (yield* Scripted.ScriptedAdapter).calls
      expect(calls.map((c) => c.op)).toEqual(["listModels", "streamChat"])
      expect(calls[1]?.request?.model).toBe("llama3")
      expect(calls[1]?.request?.maxTokens).toBe(1)
    }).pipe(
      Effect.provide(
        Scripted.layer([
          Scripted.onList(good, remote),
          Scripted.onChat(good, [Scripted.text("Hi"), Scripted.finish("length")])
        ])
      )
    )
  )

  it.effect("a generation failure names the generate stage, its URL and the upstream message", () =>
    Effect.gen(function* () {
      const provider = makeProvider("Azure", {
        type: "azure-openai",
        baseUrl: "https://example.openai.azure.com",
        apiKeys: [makeApiKey(good)],
        timeouts
      })
      const report = yield* verifyProvider(provider, { model: "my-deploy" })
      expect(report.results[0]).toMatchObject({
        ok: false,
        reason: "NotFound",
        status: 404,
        message: "DeploymentNotFound",
        stage: "generate",
        url: endpoints(provider, "my-deploy").chat
      })
      expect(report.results[0]?.url).toContain("/deployments/my-deploy/")
    }).pipe(
      Effect.provide(
        Scripted.layer([
          Scripted.onList(good, remote),
          Scripted.onChat(good, [
            Scripted.fail(
              new ProviderError({ reason: "NotFound", url: "ignored", status: 404, detail: "DeploymentNotFound" })
            )
          ])
        ])
      )
    )
  )

  it.effect("without a list endpoint (404) it generates one token with the first registered model", () =>
    Effect.gen(function* () {
      const provider = makeProvider("Local", {
        apiKeys: [makeApiKey(good)],
        models: [makeModel("gpt2"), makeModel("other")],
        timeouts
      })
      const report = yield* verifyProvider(provider, {})
      expect(report.ok).toBe(true)
      expect(report.results[0]).toMatchObject({ ok: true, stage: "generate", url: chatUrl })
      expect((yield* (yield* Scripted.ScriptedAdapter).calls)[1]?.request?.model).toBe("gpt2")
    }).pipe(
      Effect.provide(Scripted.layer([Scripted.onList(good, noList), Scripted.onChat(good, [Scripted.text("x")])]))
    )
  )

  it.effect("a 405 on the list endpoint also falls back to a generation", () =>
    Effect.gen(function* () {
      const provider = makeProvider("Local", { apiKeys: [makeApiKey(good)], models: [makeModel("gpt2")], timeouts })
      const report = yield* verifyProvider(provider, {})
      expect(report.results[0]).toMatchObject({ ok: true, stage: "generate" })
    }).pipe(
      Effect.provide(
        Scripted.layer([
          Scripted.onList(
            good,
            new ProviderError({ reason: "InvalidRequest", url: modelsUrl, status: 405, detail: "Method Not Allowed" })
          ),
          Scripted.onChat(good, [Scripted.text("x")])
        ])
      )
    )
  )

  it.effect("without a list endpoint and without any model, the list failure is the answer", () =>
    Effect.gen(function* () {
      const report = yield* verifyProvider(makeProvider("Local", { apiKeys: [makeApiKey(good)], timeouts }), {})
      expect(report.results[0]).toMatchObject({ ok: false, reason: "NotFound", status: 404, stage: "models" })
      expect(yield* (yield* Scripted.ScriptedAdapter).unused).toEqual([])
    }).pipe(Effect.provide(Scripted.layer([Scripted.onList(good, noList)])))
  )

  it.effect("a key refused by the list endpoint is not tried with a generation", () =>
    Effect.gen(function* () {
      const provider = makeProvider("Local", { apiKeys: [makeApiKey(bad)], models: [makeModel("gpt2")], timeouts })
      const report = yield* verifyProvider(provider, {})
      expect(report.results[0]).toMatchObject({ ok: false, reason: "Authentication", stage: "models" })
      expect((yield* (yield* Scripted.ScriptedAdapter).calls).map((c) => c.op)).toEqual(["listModels"])
    }).pipe(Effect.provide(Scripted.layer([Scripted.onList(bad, authError)])))
  )

  it.effect("the time limit covers both stages: a slow generation times out at the generate stage", () =>
    Effect.gen(function* () {
      const provider = makeProvider("Local", { apiKeys: [makeApiKey(good)], timeouts })
      const fiber = yield* Effect.fork(verifyProvider(provider, { model: "gpt2" }))
      yield* TestClock.adjust("5 seconds")
      const report = yield* Fiber.join(fiber)
      expect(report.results[0]).toMatchObject({ ok: false, reason: "Timeout", stage: "generate", latencyMs: 5_000 })
      expect((yield* (yield* Scripted.ScriptedAdapter).calls)[1]?.ended).toBe("interrupted")
    }).pipe(
      Effect.provide(
        Scripted.layer([
          Scripted.onList(good, remote, { delayMs: 2_000 }),
          Scripted.onChat(good, [Scripted.sleep(1_000), Scripted.hang])
        ])
      )
    )
  )

  it.effect("an adapter defect still becomes a readable answer, with the key scrubbed", () =>
    Effect.gen(function* () {
      const report = yield* verifyProvider(makeProvider("Local", { apiKeys: [makeApiKey(good)], timeouts }), {})
      expect(report.results[0]).toMatchObject({ ok: false, reason: "InvalidOutput", stage: "models" })
      expect(report.results[0]?.message).toContain("unscripted listModels")
    }).pipe(Effect.provide(Scripted.layer([])))
  )
})

describe("listRemoteModels", () => {
  it.effect("reads the list with the first usable key", () =>
    Effect.gen(function* () {
      const provider = makeProvider("Local", {
        apiKeys: [makeApiKey("  ", "blank"), makeApiKey(good, "k1"), makeApiKey(bad, "k2")],
        timeouts
      })
      expect(yield* listRemoteModels(provider)).toEqual(remote)
      expect(yield* (yield* Scripted.ScriptedAdapter).keys).toEqual([good])
    }).pipe(Effect.provide(Scripted.layer([Scripted.onList(good, remote)])))
  )

  it.effect("fails with the adapter's error as is, never an empty list", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(listRemoteModels(makeProvider("Local", { timeouts })))
      // Effect.fn re-wraps a failure to add its span to the stack, so compare the fields, not the object.
      expect(error).toBeInstanceOf(ProviderError)
      expect({ ...error }).toEqual({ ...authError })
    }).pipe(Effect.provide(Scripted.layer([Scripted.onList(null, authError)])))
  )

  it.effect("gives up after verifyMs, not firstByteMs, with a Timeout naming the models URL", () =>
    Effect.gen(function* () {
      const fiber = yield* Effect.fork(Effect.flip(listRemoteModels(makeProvider("Local", { timeouts }))))
      yield* TestClock.adjust("2 seconds")
      expect(yield* Fiber.poll(fiber)).toEqual(Option.none())
      yield* TestClock.adjust("3 seconds")
      const error = yield* Fiber.join(fiber)
      expect(error).toMatchObject({ _tag: "ProviderError", reason: "Timeout", url: modelsUrl })
    }).pipe(Effect.provide(Scripted.layer([Scripted.onList(null, "hang")])))
  )
})
