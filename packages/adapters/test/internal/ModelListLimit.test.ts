/**
 * The model count limit: a list with more than `maxRemoteModels` models (within the byte limit, so only the count
 * stops it) is refused as `InvalidOutput` by every adapter, and a list at the limit is read whole.
 */
import { describe, expect, it } from "@effect/vitest"
import { ProviderAdapters } from "@switchboard/core/ProviderAdapter"
import type { ProviderType } from "@switchboard/core/domain/ProviderType"
import { providerTypes } from "@switchboard/core/domain/ProviderTypes"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import { Effect } from "effect"
import * as Adapters from "../../src/Adapters"
import { maxRemoteModels } from "../../src/internal/ModelListLimit"
import { HttpClientLive, provider, target } from "../support/Fixtures"

const ids = (count: number) => Array.from({ length: count }, (_, i) => `m-${i}`)

/** One page of `count` models in the protocol's own shape. */
const page = (type: ProviderType, count: number) =>
  type === "gemini"
    ? { models: ids(count).map((id) => ({ name: `models/${id}` })) }
    : { data: ids(count).map((id) => ({ id })), has_more: false }

describe("maxRemoteModels", () => {
  for (const type of providerTypes) {
    it.scopedLive(`${type}: one model more than the limit is refused; the limit itself is read`, () =>
      Effect.gen(function* () {
        const server = yield* FakeUpstream.make
        const adapter = (yield* ProviderAdapters).get(type)
        const t = target(provider({ type, baseUrl: server.url, apiVersion: "2024-10-21" }), "sk-plain-key-0000000000")
        server.fallback(Answers.json(200, page(type, maxRemoteModels + 1)))
        const error = yield* Effect.flip(adapter.listModels(t))
        expect(error.reason).toBe("InvalidOutput")
        expect(error.detail).toContain(`the model list has more than ${maxRemoteModels} models`)
        server.fallback(Answers.json(200, page(type, maxRemoteModels)))
        expect((yield* adapter.listModels(t)).length).toBe(maxRemoteModels)
      }).pipe(Effect.provide(Adapters.layer), Effect.provide(HttpClientLive))
    )
  }
})
