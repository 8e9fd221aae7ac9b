/**
 * The Prism helper really validates: over the fixed Azure copy a well-formed request is answered and a malformed body
 * gets 422, so contract tests built on it can fail.
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { expect, layer } from "@effect/vitest"
import { Effect } from "effect"
import * as Prism from "../src/Prism"

const post = (url: string, body: unknown) =>
  HttpClient.execute(
    HttpClientRequest.post(url).pipe(
      HttpClientRequest.setHeader("api-key", "test-key"),
      HttpClientRequest.bodyUnsafeJson(body)
    )
  ).pipe(Effect.map((response) => response.status))

layer(Prism.layer("azure"), { timeout: "120 seconds" })("Prism over the Azure spec", (it) => {
  it.effect("accepts a valid chat body and rejects an invalid one with 422", () =>
    Effect.gen(function* () {
      const { url } = yield* Prism.Prism
      const endpoint = `${url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`
      const ok = yield* post(endpoint, { messages: [{ role: "user", content: "hi" }] })
      const bad = yield* post(endpoint, { messages: "not an array" })
      expect(ok).toBe(200)
      expect(bad).toBe(422)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )
})
