/**
 * Request contract: what the Anthropic adapter sends is accepted by Anthropic's own OpenAPI document, served by
 * Prism (which answers 422 to a request the spec rejects). Prism cannot stream: it answers the adapter's
 * `stream: true` request with the spec's example `message` as plain JSON, which the adapter reads as a whole answer;
 * so the exact streamed request is validated, not a look-alike.
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import * as AnthropicAdapter from "../../src/anthropic/AnthropicAdapter"
import { chatRequest } from "../../src/anthropic/AnthropicRequest"
import * as Fixtures from "../support/Fixtures"
import * as Prism from "@switchboard/testing/Prism"
import { collect } from "./Harness"

const key = "sk-ant-api03-CONTRACTKEY0123456789"

layer(Prism.layer("anthropic"), { timeout: "120 seconds" })("Anthropic requests against the official spec", (it) => {
  it.effect("the streamed chat request (default max_tokens, system, temperature) is accepted", () =>
    Effect.gen(function* () {
      const { url } = yield* Prism.Prism
      const adapter = yield* AnthropicAdapter.make
      const provider = Fixtures.provider({ type: "anthropic", baseUrl: url })
      const result = yield* collect(
        adapter.streamChat(
          Fixtures.target(provider, key),
          Fixtures.chatRequest("claude-sonnet-4-5", { system: "Be brief.", temperature: 0.2 })
        )
      )
      expect(result.error?.message).toBeUndefined()
      // The spec's example answer, read through the adapter's whole-message path.
      expect(result.text.length).toBeGreaterThan(0)
      expect(result.finishes.map((finish) => finish.reason)).toEqual(["stop"])
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.effect("Prism really validates: the same request without max_tokens gets 422", () =>
    Effect.gen(function* () {
      const { url } = yield* Prism.Prism
      const provider = Fixtures.provider({ type: "anthropic", baseUrl: url })
      const { request } = chatRequest(Fixtures.target(provider, key), Fixtures.chatRequest("claude-x"))
      const { max_tokens: _, ...withoutMaxTokens } = {
        model: "claude-x",
        max_tokens: 1,
        messages: [{ role: "user", content: "hi" }],
        stream: true
      }
      const status = yield* HttpClient.execute(HttpClientRequest.bodyUnsafeJson(request, withoutMaxTokens)).pipe(
        Effect.map((response) => response.status)
      )
      expect(status).toBe(422)
    }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )

  it.effect(
    "the model list request is accepted (Prism's placeholder cursor then repeats, which the adapter refuses)",
    () =>
      Effect.gen(function* () {
        const { url } = yield* Prism.Prism
        const adapter = yield* AnthropicAdapter.make
        const provider = Fixtures.provider({ type: "anthropic", baseUrl: url })
        const error = yield* Effect.flip(adapter.listModels(Fixtures.target(provider, key)))
        // Both pages were answered 200 (a rejected request would be a 422 InvalidRequest): Prism's static answer says
        // `has_more: true` with `last_id: "string"` forever, and the adapter stops at the repeated cursor.
        expect(error.reason).toBe("InvalidOutput")
        expect(error.detail).toContain("repeats")
      }).pipe(Effect.provide(Fixtures.HttpClientLive))
  )
})
