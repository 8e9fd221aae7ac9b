/**
 * The registry hands each provider type its own adapter: checked by what each adapter sends to a local server (the
 * path and auth header are protocol-specific), not by identity.
 */
import { describe, expect, it } from "@effect/vitest"
import { ProviderAdapters } from "@switchboard/core/ProviderAdapter"
import type { ProviderType } from "@switchboard/core/domain/ProviderType"
import { Effect } from "effect"
import * as Adapters from "../src/Adapters"
import { HttpClientLive, provider, target } from "./support/Fixtures"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"

const expectations: ReadonlyArray<{ type: ProviderType; path: string; authHeader: string }> = [
  { type: "openai", path: "/v1/models", authHeader: "authorization" },
  { type: "openai-responses", path: "/v1/models", authHeader: "authorization" },
  { type: "azure-openai", path: "/openai/models", authHeader: "api-key" },
  { type: "anthropic", path: "/v1/models", authHeader: "x-api-key" },
  { type: "gemini", path: "/v1beta/models", authHeader: "x-goog-api-key" }
]

describe("Adapters.layer", () => {
  for (const { type, path, authHeader } of expectations) {
    it.scopedLive(`${type} lists models the ${type} way`, () =>
      Effect.gen(function* () {
        const server = yield* FakeUpstream.make
        server.fallback(Answers.json(500, { error: { message: "stop here" } }))
        const adapters = yield* ProviderAdapters
        yield* Effect.flip(adapters.get(type).listModels(target(provider({ type, baseUrl: server.url }), "test-key-1")))
        const sent = server.lastRequest()
        expect(sent.path).toBe(path)
        expect(sent.headers[authHeader]).toContain("test-key-1")
      }).pipe(Effect.provide(Adapters.layer), Effect.provide(HttpClientLive))
    )
  }
})
