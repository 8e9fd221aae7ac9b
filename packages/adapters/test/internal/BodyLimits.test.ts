/**
 * The body limits against a real hostile upstream: an endless error body is read to a prefix and its request aborted,
 * a model list or a whole JSON answer past its limit is refused as too large (through every adapter that reads one),
 * and a body within a limit is read whole.
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { ProviderAdapters } from "@switchboard/core/ProviderAdapter"
import { providerTypes } from "@switchboard/core/domain/ProviderTypes"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import { Effect } from "effect"
import * as Adapters from "../../src/Adapters"
import {
  maxErrorBodyBytes,
  maxJsonAnswerBytes,
  maxModelListBytes,
  readPrefix,
  readUpTo
} from "../../src/internal/BodyLimits"
import { collect, errorOf } from "../support/Chat"
import { chatRequest, HttpClientLive, provider, target } from "../support/Fixtures"

const get = (url: string) =>
  Effect.flatMap(HttpClient.HttpClient, (client) => client.execute(HttpClientRequest.get(url)))

describe("readPrefix", () => {
  it.scopedLive("reads the first maxErrorBodyBytes of an endless body, then aborts the request", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route("GET", "/x", Answers.endless(500, { opening: '{"error":{"message":"' }))
      const text = yield* Effect.flatMap(get(`${server.url}/x`), (response) => readPrefix(response))
      expect(text.length).toBe(maxErrorBodyBytes)
      expect(text.startsWith('{"error":{"message":"xxx')).toBe(true)
      yield* server.awaitAborted(1).pipe(Effect.timeout("3 seconds"))
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("reads a short body whole", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route("GET", "/x", Answers.json(401, { error: { message: "bad key" } }))
      const text = yield* Effect.flatMap(get(`${server.url}/x`), (response) => readPrefix(response))
      expect(text).toBe('{"error":{"message":"bad key"}}')
    }).pipe(Effect.provide(HttpClientLive))
  )
})

describe("readUpTo", () => {
  it.scopedLive("a body past the limit is undefined, read no further; one within it is whole", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route("GET", "/big", Answers.endless(200))
      server.route("GET", "/small", Answers.text(200, "fits"))
      expect(yield* Effect.flatMap(get(`${server.url}/big`), (response) => readUpTo(response, 64 * 1024))).toBe(
        undefined
      )
      yield* server.awaitAborted(1).pipe(Effect.timeout("3 seconds"))
      expect(yield* Effect.flatMap(get(`${server.url}/small`), (response) => readUpTo(response, 4))).toBe("fits")
    }).pipe(Effect.provide(HttpClientLive))
  )
})

describe("every adapter keeps to the limits", () => {
  for (const type of providerTypes) {
    it.scopedLive(`${type}: an endless error body, an oversized model list and an oversized JSON answer`, () =>
      Effect.gen(function* () {
        const server = yield* FakeUpstream.make
        const adapter = (yield* ProviderAdapters).get(type)
        const t = target(provider({ type, baseUrl: server.url, apiVersion: "2024-10-21" }), "sk-plain-key-0000000000")

        // An endless 401: the error comes, with a message of bounded size.
        server.fallback(Answers.endless(401, { opening: '{"error":{"message":"' }))
        const refused = errorOf(yield* collect(adapter.streamChat(t, chatRequest("m"))))
        expect(refused).toMatchObject({ reason: "Authentication", status: 401 })
        expect(refused.detail.length).toBeLessThanOrEqual(2000)

        // A model list one byte too many for its limit.
        server.fallback(Answers.endless(200, { opening: '{"data":[', totalBytes: maxModelListBytes + 1 }))
        const list = yield* Effect.flip(adapter.listModels(t))
        expect(list.reason).toBe("InvalidOutput")
        expect(list.detail).toContain(`the model list is too large: it exceeded ${maxModelListBytes} bytes`)

        // A whole JSON answer past its limit.
        server.fallback(Answers.endless(200, { opening: '{"choices":[', totalBytes: maxJsonAnswerBytes + 1 }))
        const answer = errorOf(yield* collect(adapter.streamChat(t, chatRequest("m"))))
        expect(answer.reason).toBe("InvalidOutput")
        expect(answer.detail).toContain(`the answer is too large: it exceeded ${maxJsonAnswerBytes} bytes`)
      }).pipe(Effect.provide(Adapters.layer), Effect.provide(HttpClientLive))
    )
  }
})
