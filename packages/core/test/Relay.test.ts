import { describe, expect, it } from "@effect/vitest"
import { maskKey } from "../src/domain/ApiKey"
import { Effect, Exit, Fiber, Layer, Option, TestClock } from "effect"
import type { ProviderError } from "../src/domain/Errors"
import { authCooldownMs, layer as keyPoolLayer } from "../src/KeyPool"
import { makeModel } from "../src/domain/Model"
import type { Provider } from "../src/domain/Provider"
import { type RelayInput, Relay, type RelayService, layer as relayLayer } from "../src/Relay"
import {
  disabled,
  keyA,
  keyB,
  keyC,
  keyless,
  local,
  providerError,
  single,
  storeWith,
  timeouts
} from "./support/callFixtures"
import { makeApiKey, makeProvider } from "./support/makeProvider"
import * as Scripted from "./support/RelayAdapter"

const azure = makeProvider("Azure", {
  type: "azure-openai",
  apiKeys: [makeApiKey(keyA, "a")],
  models: [makeModel("gpt2")],
  timeouts
})
const claude = makeProvider("Claude", {
  type: "anthropic",
  apiKeys: [makeApiKey(keyA, "a")],
  models: [makeModel("gpt2")],
  timeouts
})
const gemini = makeProvider("Gem", {
  type: "gemini",
  apiKeys: [makeApiKey(keyA, "a")],
  models: [makeModel("gpt2")],
  timeouts
})

const body = {
  model: "client-alias",
  messages: [{ role: "user", content: "Say hello" }],
  tools: [{ type: "function", function: { name: "f", parameters: { type: "object" } } }],
  n: 2,
  logprobs: true
}

const ask = (provider: string, model = "gpt2"): RelayInput => ({ provider, model, body })

const error = (reason: ProviderError["reason"], fields: Partial<ConstructorParameters<typeof ProviderError>[0]> = {}) =>
  providerError(Scripted.defaultUrl, reason, fields)

const testLayer = (
  script: ReadonlyArray<Scripted.Expectation>,
  providers: ReadonlyArray<Provider> = [local, single, keyless, azure, disabled, claude, gemini]
) => {
  return relayLayer.pipe(
    Layer.provide(keyPoolLayer),
    Layer.provideMerge(Layer.merge(storeWith(providers), Scripted.layer(script)))
  )
}

/** Both ways in must keep the same promises: `openNow` runs its first attempt outside Effect. */
const entries = {
  open: (relay: RelayService, input: RelayInput) => relay.open(input),
  openNow: (relay: RelayService, input: RelayInput) =>
    Effect.flatten(Effect.promise((signal) => relay.openNow(input, signal)))
}

const calls = Effect.flatMap(Scripted.RelayAdapter, (s) => s.calls)
const keysUsed = Effect.flatMap(Scripted.RelayAdapter, (s) => s.keys)
const unused = Effect.flatMap(Scripted.RelayAdapter, (s) => s.unused)

describe.each(["open", "openNow"] as const)("Relay.%s", (entry) => {
  const open = (input: RelayInput) => Effect.flatMap(Relay, (relay) => entries[entry](relay, input))
  /** `open` that must answer `Some`; fails the test otherwise. */
  const opened = (input: RelayInput) =>
    Effect.flatMap(open(input), (result) =>
      Option.isSome(result) ? Effect.succeed(result.value) : Effect.dieMessage("expected Some, got None")
    )

  it.effect("answers Some with the adapter's response, sending the request unchanged with the provider's key", () =>
    Effect.gen(function* () {
      const relayed = yield* opened(ask("local"))
      const [call, ...others] = yield* calls
      expect(others).toEqual([])
      expect(call?.key).toBe(keyA)
      expect(call?.providerId).toBe("local")
      expect(call?.request).toEqual({ model: "gpt2", body })
      expect(call?.request.body).toBe(body)
      expect(relayed.url).toBe("http://upstream.test/v1/chat/completions")
      expect(relayed.status).toBe(201)
      expect(relayed.headers).toEqual({ "content-type": "text/event-stream", "x-request-id": "req-1" })
      expect(relayed.body).toBe(call?.response?.body)
      expect(yield* Scripted.readBody(relayed)).toBe("data: one\n\ndata: [DONE]\n\n")
      expect(relayed.upstreamMs).toBeGreaterThanOrEqual(0)
      expect(Number.isFinite(relayed.upstreamMs)).toBe(true)
    }).pipe(
      Effect.provide(
        testLayer([
          Scripted.answer(keyA, {
            url: "http://upstream.test/v1/chat/completions",
            status: 201,
            headers: { "content-type": "text/event-stream", "x-request-id": "req-1" },
            chunks: ["data: one\n\n", "data: [DONE]\n\n"]
          })
        ])
      )
    )
  )

  it.effect("relays to Azure OpenAI too, and to a keyless server without a key", () =>
    Effect.gen(function* () {
      expect((yield* opened(ask("azure"))).status).toBe(200)
      expect((yield* opened(ask("vllm"))).status).toBe(200)
      expect((yield* calls).map((c) => [c.providerType, c.key])).toEqual([
        ["azure-openai", keyA],
        ["openai", null]
      ])
    }).pipe(Effect.provide(testLayer([Scripted.answer(keyA), Scripted.answer(null)])))
  )

  describe("refuses, without calling the adapter", () => {
    const refused = (input: RelayInput) =>
      Effect.gen(function* () {
        const failure = yield* Effect.flip(open(input))
        expect(yield* calls).toEqual([])
        return failure
      })

    it.effect("a provider that does not exist", () =>
      Effect.gen(function* () {
        expect(yield* refused(ask("nope"))).toMatchObject({ _tag: "NotFound", entity: "provider", id: "nope" })
      }).pipe(Effect.provide(testLayer([])))
    )

    it.effect("a disabled provider", () =>
      Effect.gen(function* () {
        expect(yield* refused(ask("off"))).toMatchObject({ _tag: "ProviderDisabled", providerId: "off" })
      }).pipe(Effect.provide(testLayer([])))
    )

    it.effect("a model the provider does not have", () =>
      Effect.gen(function* () {
        expect(yield* refused(ask("local", "gpt-9"))).toMatchObject({
          _tag: "UnknownModel",
          providerId: "local",
          modelId: "gpt-9"
        })
      }).pipe(Effect.provide(testLayer([])))
    )
  })

  it.effect("answers None for a protocol whose adapter cannot relay, without calling any adapter", () =>
    Effect.gen(function* () {
      expect(yield* open(ask("claude"))).toEqual(Option.none())
      expect(yield* open(ask("gem"))).toEqual(Option.none())
      expect(yield* calls).toEqual([])
    }).pipe(Effect.provide(testLayer([])))
  )

  describe("keys", () => {
    it.effect("rotate round-robin, one key per request", () =>
      Effect.gen(function* () {
        for (let i = 0; i < 4; i++) yield* opened(ask("local"))
        expect(yield* keysUsed).toEqual([keyA, keyB, keyC, keyA])
      }).pipe(Effect.provide(testLayer(Array.from({ length: 4 }, () => Scripted.answer(undefined)))))
    )

    it.effect("a refused key fails over to the next at once, and is skipped until its cooldown ends", () =>
      Effect.gen(function* () {
        const fiber = yield* Effect.fork(open(ask("local")))
        // No time passes: the failover must not wait for any clock.
        yield* TestClock.adjust(0)
        const first = yield* Fiber.poll(fiber)
        expect(Option.isSome(first)).toBe(true)
        const relayed = yield* Fiber.join(fiber)
        expect(Option.map(relayed, (r) => r.status)).toEqual(Option.some(200))
        expect(yield* keysUsed).toEqual([keyA, keyB])
        yield* opened(ask("local"))
        yield* opened(ask("local"))
        // keyA is cooling down: the round-robin that would pick it takes keyB instead.
        expect(yield* keysUsed).toEqual([keyA, keyB, keyC, keyB])
        yield* TestClock.adjust(authCooldownMs)
        yield* opened(ask("local"))
        expect((yield* keysUsed).at(-1)).toBe(keyC)
        yield* opened(ask("local"))
        expect((yield* keysUsed).at(-1)).toBe(keyA)
        expect(yield* unused).toEqual([])
      }).pipe(
        Effect.provide(
          testLayer([
            Scripted.fail(keyA, error("Authentication", { status: 401 })),
            Scripted.answer(keyB),
            Scripted.answer(keyC),
            Scripted.answer(keyB),
            Scripted.answer(keyC),
            Scripted.answer(keyA)
          ])
        )
      )
    )

    it.effect("a throttled key fails over to the next at once", () =>
      Effect.gen(function* () {
        const fiber = yield* Effect.fork(open(ask("local")))
        yield* TestClock.adjust(0)
        expect(Option.isSome(yield* Fiber.poll(fiber))).toBe(true)
        expect(Option.map(yield* Fiber.join(fiber), (r) => r.status)).toEqual(Option.some(200))
        expect(yield* keysUsed).toEqual([keyA, keyB])
      }).pipe(
        Effect.provide(
          testLayer([
            Scripted.fail(keyA, error("RateLimit", { status: 429, retryAfterMs: 60_000 })),
            Scripted.answer(keyB)
          ])
        )
      )
    )

    it.effect("a 429 on one key and a 401 on the next: reported as RateLimit, with each key's own outcome", () =>
      Effect.gen(function* () {
        const fiber = yield* Effect.fork(open(ask("local")))
        yield* TestClock.adjust(60_000)
        const failure = yield* Effect.flip(Fiber.join(fiber))
        expect(failure).toMatchObject({ _tag: "ProviderError", reason: "RateLimit", status: 429 })
        const detail = failure._tag === "ProviderError" ? failure.detail : ""
        expect(detail).toContain(`${maskKey(keyA)}: RateLimit (HTTP 429)`)
        expect(detail).toContain(`${maskKey(keyB)}: Authentication (HTTP 401)`)
        expect(detail).toContain(`${maskKey(keyC)}: Authentication (HTTP 401)`)
      }).pipe(
        Effect.provide(
          testLayer(
            [
              Scripted.fail(keyA, error("RateLimit", { status: 429 })),
              Scripted.fail(keyB, error("Authentication", { status: 401 })),
              Scripted.fail(keyC, error("Authentication", { status: 401 }))
            ],
            [local]
          )
        )
      )
    )

    it.effect("when every key is refused, each is tried once and the answer is the last Authentication error", () =>
      Effect.gen(function* () {
        const fiber = yield* Effect.fork(open(ask("local")))
        yield* TestClock.adjust(60_000)
        const failure = yield* Effect.flip(Fiber.join(fiber))
        expect(failure).toMatchObject({ _tag: "ProviderError", reason: "Authentication", status: 403 })
        expect(yield* keysUsed).toEqual([keyA, keyB, keyC])
      }).pipe(
        Effect.provide(
          testLayer([
            Scripted.fail(keyA, error("Authentication", { status: 401 })),
            Scripted.fail(keyB, error("Authentication", { status: 401 })),
            Scripted.fail(keyC, error("Authentication", { status: 403 }))
          ])
        )
      )
    )
  })

  describe("retries", () => {
    it.effect(
      "retry an upstream failure after a jittered backoff, up to maxRetries, then end with the last error",
      () =>
        Effect.gen(function* () {
          const fiber = yield* Effect.fork(open(ask("single")))
          // The first delay is 500 ms ± 20 %, the second 1 s ± 20 %: the second retry comes 1.2 s to 1.8 s in.
          yield* TestClock.adjust(399)
          expect(yield* keysUsed).toHaveLength(1)
          yield* TestClock.adjust(201)
          expect(yield* keysUsed).toHaveLength(2)
          yield* TestClock.adjust(599)
          expect(yield* keysUsed).toHaveLength(2)
          yield* TestClock.adjust(601)
          expect(yield* keysUsed).toHaveLength(1 + timeouts.maxRetries)
          // No further attempt, however long we wait (the script would answer a fourth).
          yield* TestClock.adjust(60_000)
          expect(yield* keysUsed).toEqual([keyA, keyA, keyA])
          const failure = yield* Effect.flip(Fiber.join(fiber))
          // The gateway tells its client how many requests this call already made, so it does not multiply them.
          expect(failure).toMatchObject({ _tag: "ProviderError", reason: "Upstream", status: 503, attempts: 3 })
        }).pipe(
          Effect.provide(
            testLayer([
              Scripted.fail(keyA, error("Upstream", { status: 500 })),
              Scripted.fail(keyA, error("Upstream", { status: 502 })),
              Scripted.fail(keyA, error("Upstream", { status: 503 })),
              Scripted.answer(keyA)
            ])
          )
        )
    )

    it.effect("an upstream failure is not the key's fault: the next key is tried after the backoff, not at once", () =>
      Effect.gen(function* () {
        const fiber = yield* Effect.fork(open(ask("local")))
        yield* TestClock.adjust(399)
        expect(yield* keysUsed).toEqual([keyA])
        yield* TestClock.adjust(201)
        expect(yield* keysUsed).toEqual([keyA, keyB])
        expect(Option.map(yield* Fiber.join(fiber), (r) => r.status)).toEqual(Option.some(200))
      }).pipe(
        Effect.provide(testLayer([Scripted.fail(keyA, error("Upstream", { status: 500 })), Scripted.answer(keyB)]))
      )
    )

    it.effect("retry a network failure, then answer", () =>
      Effect.gen(function* () {
        const fiber = yield* Effect.fork(open(ask("single")))
        yield* TestClock.adjust(600)
        const relayed = yield* Fiber.join(fiber)
        expect(Option.map(relayed, (r) => r.status)).toEqual(Option.some(200))
        expect(yield* keysUsed).toEqual([keyA, keyA])
      }).pipe(Effect.provide(testLayer([Scripted.fail(keyA, error("Network")), Scripted.answer(keyA)])))
    )

    it.effect("never happen for a failure that another try would not fix", () =>
      Effect.gen(function* () {
        const fiber = yield* Effect.fork(open(ask("local")))
        yield* TestClock.adjust(60_000)
        const failure = yield* Effect.flip(Fiber.join(fiber))
        expect(failure).toMatchObject({ _tag: "ProviderError", reason: "InvalidRequest", status: 400 })
        expect(failure._tag === "ProviderError" ? failure.attempts : "?").toBeUndefined()
        expect(yield* keysUsed).toEqual([keyA])
      }).pipe(
        Effect.provide(
          testLayer([Scripted.fail(keyA, error("InvalidRequest", { status: 400 })), Scripted.answer(undefined)])
        )
      )
    )

    it.effect("a 429 is not retried before its Retry-After has passed", () =>
      Effect.gen(function* () {
        const fiber = yield* Effect.fork(open(ask("single")))
        yield* TestClock.adjust(4_999)
        expect(yield* keysUsed).toHaveLength(1)
        expect(Option.isNone(yield* Fiber.poll(fiber))).toBe(true)
        yield* TestClock.adjust(1)
        expect(yield* keysUsed).toHaveLength(2)
        expect(Option.map(yield* Fiber.join(fiber), (r) => r.status)).toEqual(Option.some(200))
      }).pipe(
        Effect.provide(
          testLayer([
            Scripted.fail(keyA, error("RateLimit", { status: 429, retryAfterMs: 5_000 })),
            Scripted.answer(keyA)
          ])
        )
      )
    )

    it.effect("when every key is throttled, the next try waits for the Retry-After", () =>
      Effect.gen(function* () {
        const fiber = yield* Effect.fork(open(ask("local")))
        // Each key once, at once; then nothing until the upstream's 5 s have passed.
        yield* TestClock.adjust(4_999)
        expect(yield* keysUsed).toEqual([keyA, keyB, keyC])
        yield* TestClock.adjust(1)
        expect(yield* keysUsed).toEqual([keyA, keyB, keyC, keyA])
        expect(Option.map(yield* Fiber.join(fiber), (r) => r.status)).toEqual(Option.some(200))
      }).pipe(
        Effect.provide(
          testLayer([
            Scripted.fail(keyA, error("RateLimit", { status: 429, retryAfterMs: 5_000 })),
            Scripted.fail(keyB, error("RateLimit", { status: 429, retryAfterMs: 5_000 })),
            Scripted.fail(keyC, error("RateLimit", { status: 429, retryAfterMs: 5_000 })),
            Scripted.answer(keyA)
          ])
        )
      )
    )

    it.effect("a 429 that outlasts the retries says when the first key is free again (its cooldown)", () =>
      Effect.gen(function* () {
        const fiber = yield* Effect.fork(open(ask("local")))
        yield* TestClock.adjust(60_000)
        const failure = yield* Effect.flip(Fiber.join(fiber))
        // keyA and keyB rest for their 3 s and 9 s from the failover; keyC, throttled without a Retry-After, for
        // KeyPool's 30 s guess, from its last attempt. The first to come back is keyA.
        expect(failure).toMatchObject({ _tag: "ProviderError", reason: "RateLimit", status: 429 })
        const retryAfterMs = failure._tag === "ProviderError" ? failure.retryAfterMs : undefined
        expect(retryAfterMs).toBeGreaterThan(0)
        expect(retryAfterMs).toBeLessThanOrEqual(3_000)
        expect(failure._tag === "ProviderError" ? failure.attempts : 0).toBe(
          yield* Effect.map(keysUsed, (k) => k.length)
        )
      }).pipe(
        Effect.provide(
          testLayer([
            Scripted.fail(keyA, error("RateLimit", { status: 429, retryAfterMs: 3_000 })),
            Scripted.fail(keyB, error("RateLimit", { status: 429, retryAfterMs: 9_000 })),
            ...Array.from({ length: 3 }, () => Scripted.fail(keyC, error("RateLimit", { status: 429 }))),
            ...Array.from({ length: 3 }, () =>
              Scripted.fail(keyA, error("RateLimit", { status: 429, retryAfterMs: 3_000 }))
            )
          ])
        )
      )
    )

    it.effect("a throttled key does not fail over to keys that are cooling down: it waits for its Retry-After", () =>
      Effect.gen(function* () {
        // keyA and keyB are refused (cooled for 10 minutes); keyC answers.
        yield* opened(ask("local"))
        expect(yield* keysUsed).toEqual([keyA, keyB, keyC])
        const fiber = yield* Effect.fork(open(ask("local")))
        yield* TestClock.adjust(4_999)
        expect(yield* keysUsed).toEqual([keyA, keyB, keyC, keyC])
        yield* TestClock.adjust(1)
        expect(yield* keysUsed).toEqual([keyA, keyB, keyC, keyC, keyC])
        expect(Option.map(yield* Fiber.join(fiber), (r) => r.status)).toEqual(Option.some(200))
      }).pipe(
        Effect.provide(
          testLayer([
            Scripted.fail(keyA, error("Authentication", { status: 401 })),
            Scripted.fail(keyB, error("Authentication", { status: 401 })),
            Scripted.answer(keyC),
            Scripted.fail(keyC, error("RateLimit", { status: 429, retryAfterMs: 5_000 })),
            Scripted.answer(keyC)
          ])
        )
      )
    )
  })
})

describe("Relay.openNow", () => {
  it.effect("ends as interrupted, not failed, when its signal aborts the first attempt; nothing is retried", () =>
    Effect.gen(function* () {
      const relay = yield* Relay
      const controller = new AbortController()
      const pending = relay.openNow(ask("single"), controller.signal)
      yield* TestClock.adjust(100)
      expect(yield* keysUsed).toEqual([keyA])
      controller.abort()
      const exit = yield* Effect.promise(() => pending)
      expect(Exit.isInterrupted(exit)).toBe(true)
      yield* TestClock.adjust(60_000)
      expect(yield* keysUsed).toEqual([keyA])
    }).pipe(Effect.provide(testLayer([Scripted.answer(keyA, {}, { delayMs: 1_000 }), Scripted.answer(keyA)])))
  )
})
