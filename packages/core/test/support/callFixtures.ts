/**
 * The providers and keys the tests of a call to a provider share (`Chat.test.ts`, `Relay.test.ts`): short timeouts,
 * three keys, and a memory store holding the providers a test names.
 */
import { Effect, Layer } from "effect"
import { ProviderError } from "../../src/domain/Errors"
import { makeModel } from "../../src/domain/Model"
import type { Provider } from "../../src/domain/Provider"
import { makeMemory, ProviderStore } from "../../src/ProviderStore"
import { Timeouts } from "../../src/domain/Timeouts"
import { makeApiKey, makeProvider } from "./makeProvider"

export const timeouts = new Timeouts({ firstByteMs: 1_000, idleMs: 500, verifyMs: 5_000, maxRetries: 2 })
export const [keyA, keyB, keyC] = ["sk-key-aaaaaaaa", "sk-key-bbbbbbbb", "sk-key-cccccccc"] as const

export const local = makeProvider("Local", {
  apiKeys: [makeApiKey(keyA, "a"), makeApiKey(keyB, "b"), makeApiKey(keyC, "c")],
  models: [makeModel("gpt2")],
  timeouts
})
export const single = makeProvider("Single", {
  apiKeys: [makeApiKey(keyA, "a")],
  models: [makeModel("gpt2")],
  timeouts
})
export const keyless = makeProvider("vLLM", { models: [makeModel("gpt2")], timeouts })
export const disabled = makeProvider("Off", { enabled: false, models: [makeModel("gpt2")], timeouts })

/** A memory store holding `providers`. */
export const storeWith = (providers: ReadonlyArray<Provider>) =>
  Layer.effect(
    ProviderStore,
    Effect.tap(makeMemory, (s) => Effect.forEach(providers, s.insert))
  )

/** A `ProviderError` of `reason` from `url`, with `fields` over the defaults. */
export const providerError = (
  url: string,
  reason: ProviderError["reason"],
  fields: Partial<ConstructorParameters<typeof ProviderError>[0]> = {}
) => new ProviderError({ reason, url, detail: `${reason} detail`, ...fields })
