import { HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Stream } from "effect"
import * as UpstreamServer from "../support/UpstreamServer"

describe("abort", () => {
  for (const [name, layer] of [
    ["undici", NodeHttpClient.layerUndici],
    ["node", NodeHttpClient.layer]
  ] as const) {
    it.scopedLive(`${name} hang`, () =>
      Effect.gen(function* () {
        const server = yield* UpstreamServer.make
        server.route("POST", "/x", UpstreamServer.hang)
        const fiber = yield* HttpClient.execute(HttpClientRequest.post(`${server.url}/x`)).pipe(Effect.fork)
        yield* Effect.sleep(200)
        yield* Fiber.interrupt(fiber)
        yield* server.awaitAborted().pipe(Effect.timeout(2000))
        expect(server.abortedResponses()).toBe(1)
      }).pipe(Effect.provide(layer))
    )
    it.scopedLive(`${name} stall`, () =>
      Effect.gen(function* () {
        const server = yield* UpstreamServer.make
        server.route("POST", "/x", UpstreamServer.stall("data: 1\n\n"))
        const fiber = yield* HttpClient.execute(HttpClientRequest.post(`${server.url}/x`)).pipe(
          Effect.flatMap((r) => r.stream.pipe(Stream.runDrain)),
          Effect.fork
        )
        yield* Effect.sleep(200)
        yield* Fiber.interrupt(fiber)
        yield* server.awaitAborted().pipe(Effect.timeout(2000))
        expect(server.abortedResponses()).toBe(1)
      }).pipe(Effect.provide(layer))
    )
  }
})
