/**
 * Redirects: the address shown has its credentials masked, and every adapter (and the relay) reports a redirect as
 * one, naming where it pointed, without following it with the key.
 */
import { describe, expect, it } from "@effect/vitest"
import { ProviderError } from "@switchboard/core/domain/Errors"
import { ProviderAdapters } from "@switchboard/core/ProviderAdapter"
import { providerTypes } from "@switchboard/core/domain/ProviderTypes"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import { Effect } from "effect"
import * as Adapters from "../../src/Adapters"
import { maskedLocation, redirectDetail } from "../../src/internal/Redirect"
import { collect, errorOf } from "../support/Chat"
import { chatRequest, HttpClientLive, provider, target } from "../support/Fixtures"

describe("maskedLocation", () => {
  it.each([
    ["https://new.example/v1/models", "https://new.example/v1/models"],
    ["https://new.example/v1?api_key=s3cret&region=eu", "https://new.example/v1?api_key=…&region=eu"],
    ["https://u:p4ss@new.example/v1?token=t&sig=z", "https://…@new.example/v1?token=…&sig=…"],
    ["/v2/models?key=abc", "http://old.example/v2/models?key=…"],
    ["http://[bad", "an address that is not a URL"]
  ])("%s → %s", (location, shown) => {
    expect(maskedLocation(location, "http://old.example/v1/models")).toBe(shown)
  })

  it("a redirect without a Location says so", () => {
    expect(redirectDetail(undefined, "http://old.example/v1")).toContain("without saying where to")
  })
})

describe("every adapter reports a redirect as one, and does not follow it", () => {
  for (const type of providerTypes) {
    it.scopedLive(`${type}: listModels, streamChat and every relay`, () =>
      Effect.gen(function* () {
        const server = yield* FakeUpstream.make
        server.fallback((_request, res) => {
          res.writeHead(301, { location: "https://moved.example/v1/x?key=sk-plain-key-0000000000&team=blue" })
          res.end('{"error":{"message":"model not found"}}')
        })
        const adapter = (yield* ProviderAdapters).get(type)
        const t = target(provider({ type, baseUrl: server.url, apiVersion: "2024-10-21" }), "sk-plain-key-0000000000")
        const errors = [
          yield* Effect.flip(adapter.listModels(t)),
          errorOf(yield* collect(adapter.streamChat(t, chatRequest("m"))))
        ]
        for (const relay of Object.values(adapter.relays ?? {})) {
          const relayed = yield* Effect.promise(() =>
            relay(t, { model: "m", body: { model: "m", messages: [] } }, new AbortController().signal).then(
              () => undefined,
              (error: unknown) => error
            )
          )
          expect(relayed).toBeInstanceOf(ProviderError)
          errors.push(relayed as ProviderError)
        }
        for (const error of errors) {
          expect(error).toMatchObject({ reason: "InvalidRequest", status: 301 })
          expect(error.detail).toContain("redirected to https://moved.example/v1/x?key=sk-…0000&team=blue")
          expect(error.message).not.toContain("sk-plain-key-0000000000")
        }
        // Each call went to this server only: none was sent on to the new address.
        expect(server.requests().length).toBe(errors.length)
      }).pipe(Effect.provide(Adapters.layer), Effect.provide(HttpClientLive))
    )
  }
})
