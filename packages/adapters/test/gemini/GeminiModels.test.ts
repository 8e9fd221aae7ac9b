/**
 * The Gemini model list is read across every page (`pageSize`, `nextPageToken` → `pageToken`), ids lose their
 * `models/` prefix, and the metadata Gemini gives is kept; errors map as for chat, and a looping token is refused.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as GeminiAdapter from "../../src/gemini/GeminiAdapter"
import { modelsPageSize } from "../../src/gemini/GeminiRequest"
import * as Fixtures from "../support/Fixtures"
import { readRecorded } from "@switchboard/testing/Recorded"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"

const key = "AIzaSyMODELSKEY0123456789abcdefghijkl"

const all = Array.from({ length: 5 }, (_, i) => ({
  name: `models/gemini-test-${i}`,
  displayName: `Gemini Test ${i}`,
  inputTokenLimit: 1_048_576 - i,
  outputTokenLimit: 8192,
  supportedGenerationMethods: i === 4 ? ["embedContent"] : ["generateContent", "countTokens"]
}))

/** Pages of two, with opaque tokens like the real API's. */
const paged: FakeUpstream.Handler = (request, res) => {
  const token = request.query.get("pageToken")
  const from = token === null ? 0 : Number(Buffer.from(token, "base64url").toString("utf8"))
  const next = from + 2 < all.length ? Buffer.from(String(from + 2)).toString("base64url") : undefined
  return Answers.json(200, {
    models: all.slice(from, from + 2),
    ...(next === undefined ? {} : { nextPageToken: next })
  })(request, res)
}

const list = (server: FakeUpstream.ScopedUpstream) =>
  Effect.flatMap(GeminiAdapter.make, (adapter) =>
    adapter.listModels(Fixtures.target(Fixtures.provider({ type: "gemini", baseUrl: server.url }), key))
  )

describe("Gemini listModels", () => {
  it.scopedLive("reads every page and maps id, displayName, inputTokenLimit and methods", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route("GET", "/v1beta/models", paged)
      const models = yield* list(server)
      expect(models.map((model) => model.id)).toEqual(all.map((model) => model.name.replace("models/", "")))
      expect(models.map((model) => model.displayName)).toEqual(all.map((model) => model.displayName))
      expect(models.map((model) => model.contextLength)).toEqual(all.map((model) => model.inputTokenLimit))
      expect(models.map((model) => model.methods)).toEqual(all.map((model) => model.supportedGenerationMethods))
      const requests = server.requests()
      expect(requests).toHaveLength(3)
      expect(requests[0]?.query.get("pageToken")).toBeNull()
      for (const request of requests) {
        expect(request.query.get("pageSize")).toBe(String(modelsPageSize))
        expect(request.query.get("key")).toBeNull()
        expect(request.headers["x-goog-api-key"]).toBe(key)
      }
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("the recorded 400 API_KEY_INVALID body → Authentication, URL without the key", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route("GET", "/v1beta/models", Answers.json(400, readRecorded("gemini/unary-failure-api-key.json")))
      const error = yield* Effect.flip(list(server))
      expect(error.reason).toBe("Authentication")
      expect(error.status).toBe(400)
      expect(error.url).toBe(`${server.url}/v1beta/models?pageSize=${modelsPageSize}`)
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("a failure on a later page fails the whole list (never a partial list)", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route("GET", "/v1beta/models", (request, res) =>
        request.query.get("pageToken") === null
          ? paged(request, res)
          : Answers.json(503, { error: { code: 503, status: "UNAVAILABLE", message: "try later" } })(request, res)
      )
      const error = yield* Effect.flip(list(server))
      expect(error.reason).toBe("Upstream")
      expect(error.url).toContain("pageToken=")
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("a body that is not a model list → InvalidOutput", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route("GET", "/v1beta/models", Answers.json(200, { models: "none" }))
      expect((yield* Effect.flip(list(server))).reason).toBe("InvalidOutput")
      server.route("GET", "/v1beta/models", Answers.text(200, "<html>login</html>"))
      expect((yield* Effect.flip(list(server))).reason).toBe("InvalidOutput")
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.scopedLive("a page token that repeats → InvalidOutput instead of an endless loop", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route("GET", "/v1beta/models", Answers.json(200, { models: all.slice(0, 1), nextPageToken: "same" }))
      const error = yield* Effect.flip(list(server))
      expect(error.reason).toBe("InvalidOutput")
      expect(server.requests()).toHaveLength(2)
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )
})
