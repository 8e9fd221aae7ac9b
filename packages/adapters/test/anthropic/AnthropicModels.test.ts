/**
 * The Anthropic model list is read across every page (`has_more` / `after_id` = `last_id`, `limit`), with the same
 * error mapping as chat; a server that loops its cursor is refused rather than read forever.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as AnthropicAdapter from "../../src/anthropic/AnthropicAdapter"
import { modelsPageSize } from "../../src/anthropic/AnthropicRequest"
import * as Fixtures from "../support/Fixtures"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"

const key = "sk-ant-api03-MODELSKEY0123456789"

/** `count` models in pages of `size`, served by `after_id` like the real API (newest first). */
const pagedModels = (count: number, size: number): FakeUpstream.Handler => {
  const all = Array.from({ length: count }, (_, i) => ({
    type: "model",
    id: `claude-test-${i}`,
    display_name: `Claude Test ${i}`,
    created_at: "2025-02-19T00:00:00Z"
  }))
  return (request, res) => {
    const after = request.query.get("after_id")
    const from = after === null ? 0 : all.findIndex((model) => model.id === after) + 1
    const data = all.slice(from, from + size)
    return Answers.json(200, {
      data,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
      has_more: from + size < all.length
    })(request, res)
  }
}

const list = (server: FakeUpstream.ScopedUpstream) =>
  Effect.flatMap(AnthropicAdapter.make, (adapter) =>
    adapter.listModels(Fixtures.target(Fixtures.provider({ type: "anthropic", baseUrl: server.url }), key))
  )

describe("Anthropic listModels", () => {
  it.scopedLive("reads every page and maps display_name", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route("GET", "/v1/models", pagedModels(7, 3))
      const models = yield* list(server)
      expect(models.map((model) => model.id)).toEqual(Array.from({ length: 7 }, (_, i) => `claude-test-${i}`))
      expect(models[6]?.displayName).toBe("Claude Test 6")
      const requests = server.requests()
      expect(requests).toHaveLength(3)
      expect(requests.map((request) => request.query.get("after_id"))).toEqual([null, "claude-test-2", "claude-test-5"])
      for (const request of requests) {
        expect(request.query.get("limit")).toBe(String(modelsPageSize))
        expect(request.headers["x-api-key"]).toBe(key)
        expect(request.headers["anthropic-version"]).toBe("2023-06-01")
      }
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("a 401 is an Authentication error with the key scrubbed and the page's URL", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route(
        "GET",
        "/v1/models",
        Answers.json(401, {
          type: "error",
          error: { type: "authentication_error", message: `invalid x-api-key ${key}` }
        })
      )
      const error = yield* Effect.flip(list(server))
      expect(error.reason).toBe("Authentication")
      expect(error.status).toBe(401)
      expect(error.detail).toBe("invalid x-api-key [redacted]")
      expect(error.url).toBe(`${server.url}/v1/models?limit=${modelsPageSize}`)
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("a failure on a later page fails the whole list (never a partial list)", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      const firstPage = pagedModels(7, 3)
      server.route("GET", "/v1/models", (request, res) =>
        request.query.get("after_id") === null
          ? firstPage(request, res)
          : Answers.json(500, { type: "error", error: { type: "api_error", message: "Internal server error" } })(
              request,
              res
            )
      )
      const error = yield* Effect.flip(list(server))
      expect(error.reason).toBe("Upstream")
      expect(error.url).toContain("after_id=claude-test-2")
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("a body that is not a model list → InvalidOutput", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route("GET", "/v1/models", Answers.json(200, { models: [] }))
      expect((yield* Effect.flip(list(server))).reason).toBe("InvalidOutput")
      server.route("GET", "/v1/models", Answers.text(200, "<html>login</html>"))
      expect((yield* Effect.flip(list(server))).reason).toBe("InvalidOutput")
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("a cursor that repeats → InvalidOutput instead of an endless loop", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route(
        "GET",
        "/v1/models",
        Answers.json(200, {
          data: [{ type: "model", id: "claude-a", display_name: "A", created_at: "2025-01-01T00:00:00Z" }],
          first_id: "claude-a",
          last_id: "claude-a",
          has_more: true
        })
      )
      const error = yield* Effect.flip(list(server))
      expect(error.reason).toBe("InvalidOutput")
      expect(server.requests()).toHaveLength(2)
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )
})
