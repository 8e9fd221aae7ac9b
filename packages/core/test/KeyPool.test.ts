import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Redacted, TestClock } from "effect"
import { ApiKey, ApiKeyId } from "../src/domain/ApiKey"
import { ProviderError } from "../src/domain/Errors"
import { authCooldownMs, KeyPool, layer, rateLimitCooldownMs } from "../src/KeyPool"
import type { Provider } from "../src/domain/Provider"
import { makeApiKey, makeProvider } from "./support/makeProvider"

const provider = makeProvider("Pool", {
  apiKeys: [makeApiKey("sk-aaaaaaaaaa", "a"), makeApiKey("sk-bbbbbbbbbb", "b"), makeApiKey("sk-cccccccccc", "c")]
})
const key = (id: string) => provider.apiKeys.find((k) => k.id === id)!

const url = "http://localhost:8000/v1/chat/completions"
const refused = new ProviderError({ reason: "Authentication", url, status: 401, detail: "bad key" })
const throttled = (retryAfterMs?: number) =>
  new ProviderError({
    reason: "RateLimit",
    url,
    status: 429,
    detail: "slow down",
    ...(retryAfterMs === undefined ? {} : { retryAfterMs })
  })

/** The ids of the keys `n` successive requests get. */
const picks = (n: number, p: Provider = provider) =>
  Effect.gen(function* () {
    const pool = yield* KeyPool
    const ids: Array<string> = []
    for (let i = 0; i < n; i++) ids.push(Option.getOrThrow(yield* pool.next(p)).id)
    return ids
  })

describe("KeyPool", () => {
  it.effect("goes round-robin over the keys, request by request", () =>
    Effect.gen(function* () {
      expect(yield* picks(7)).toEqual(["a", "b", "c", "a", "b", "c", "a"])
    }).pipe(Effect.provide(layer))
  )

  it.effect("keeps a separate rotation per provider", () =>
    Effect.gen(function* () {
      const other = makeProvider("Other", {
        apiKeys: [makeApiKey("sk-xxxxxxxxxx", "x"), makeApiKey("sk-yyyyyyyy", "y")]
      })
      expect(yield* picks(2)).toEqual(["a", "b"])
      expect(yield* picks(3, other)).toEqual(["x", "y", "x"])
      expect(yield* picks(1)).toEqual(["c"])
    }).pipe(Effect.provide(layer))
  )

  it.effect("a provider without keys gets none", () =>
    Effect.gen(function* () {
      const pool = yield* KeyPool
      const keyless = makeProvider("Keyless")
      expect(Option.isNone(yield* pool.next(keyless))).toBe(true)
      expect(yield* pool.freeInMs(keyless)).toBe(0)
    }).pipe(Effect.provide(layer))
  )

  it.effect("skips a refused key for the auth cooldown, then uses it again", () =>
    Effect.gen(function* () {
      const pool = yield* KeyPool
      yield* pool.report(provider, key("b"), refused)
      expect(yield* picks(4)).toEqual(["a", "c", "a", "c"])
      yield* TestClock.adjust(authCooldownMs - 1)
      expect(yield* picks(2)).toEqual(["a", "c"])
      yield* TestClock.adjust(1)
      expect(yield* picks(3)).toEqual(["a", "b", "c"])
    }).pipe(Effect.provide(layer))
  )

  it.effect("rests a throttled key for its Retry-After, or 30 s without one", () =>
    Effect.gen(function* () {
      const pool = yield* KeyPool
      yield* pool.report(provider, key("a"), throttled(5_000))
      yield* pool.report(provider, key("b"), throttled())
      expect(yield* picks(2)).toEqual(["c", "c"])
      yield* TestClock.adjust(5_000)
      expect(yield* picks(2)).toEqual(["a", "c"])
      yield* TestClock.adjust(rateLimitCooldownMs - 5_000)
      expect(yield* picks(3)).toEqual(["a", "b", "c"])
    }).pipe(Effect.provide(layer))
  )

  it.effect("when every key is cooling, uses the one that frees first and says when", () =>
    Effect.gen(function* () {
      const pool = yield* KeyPool
      yield* pool.report(provider, key("a"), throttled(9_000))
      yield* pool.report(provider, key("b"), throttled(2_000))
      yield* pool.report(provider, key("c"), refused)
      expect(yield* pool.freeInMs(provider)).toBe(2_000)
      expect(yield* picks(2)).toEqual(["b", "b"])
      yield* TestClock.adjust(500)
      expect(yield* pool.freeInMs(provider)).toBe(1_500)
      yield* TestClock.adjust(1_500)
      expect(yield* pool.freeInMs(provider)).toBe(0)
    }).pipe(Effect.provide(layer))
  )

  it.effect("says when a key is free counting only the keys it can send, not one it cannot read", () =>
    Effect.gen(function* () {
      const pool = yield* KeyPool
      const unreadable = new ApiKey({ id: ApiKeyId.make("u"), value: Redacted.make(""), unreadable: true })
      const withUnreadable = makeProvider("Half", { apiKeys: [key("a"), unreadable] })
      yield* pool.report(withUnreadable, key("a"), throttled(4_000))
      expect(yield* pool.freeInMs(withUnreadable)).toBe(4_000)
    }).pipe(Effect.provide(layer))
  )

  it.effect("other failures do not cool a key down", () =>
    Effect.gen(function* () {
      const pool = yield* KeyPool
      for (const reason of ["Upstream", "Network", "Timeout", "NotFound", "InvalidRequest", "InvalidOutput"] as const)
        yield* pool.report(provider, key("a"), new ProviderError({ reason, url, detail: "x" }))
      expect(yield* picks(3)).toEqual(["a", "b", "c"])
      expect(yield* pool.freeInMs(provider)).toBe(0)
    }).pipe(Effect.provide(layer))
  )
})
