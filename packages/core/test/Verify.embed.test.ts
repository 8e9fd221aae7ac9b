/**
 * Verify with an embedding-only model chosen (or the only one registered on a server with no model list): such a
 * model cannot chat, so the check embeds one text instead of generating a token — relayed for OpenAI's protocols,
 * through `embed` for Gemini's — and says so (`stage: "embed"`), with the embeddings URL; a protocol with no
 * embeddings (Anthropic) says that.
 */
import { Readable } from "node:stream"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Redacted } from "effect"
import { ProviderError } from "../src/domain/Errors"
import { makeModel } from "../src/domain/Model"
import type { ProviderType } from "../src/domain/ProviderType"
import { RemoteModel } from "../src/domain/RemoteModel"
import { Timeouts } from "../src/domain/Timeouts"
import type { RelayRequest } from "../src/ProviderAdapter"
import { verifyProvider } from "../src/Verify"
import * as FakeAdapters from "./support/FakeAdapters"
import { makeApiKey, makeProvider } from "./support/makeProvider"

const timeouts = new Timeouts({ firstByteMs: 2_000, idleMs: 1_000, verifyMs: 5_000, maxRetries: 2 })
const key = "sk-good-0000000001"
const models = [makeModel("text-embedding-3-small"), makeModel("gpt2")]
const provider = (type: ProviderType, baseUrl = "http://localhost:8000/") =>
  makeProvider("Local", { type, baseUrl, apiKeys: [makeApiKey(key)], models, timeouts })
const listed = () => Effect.succeed([new RemoteModel({ id: "text-embedding-3-small" })])
const noList = () => Effect.fail(new ProviderError({ reason: "NotFound", url: "x", status: 404, detail: "Not Found" }))

/** A 2xx relayed answer whose body records whether it was let go. */
const answered = () => {
  const body = Readable.from([Buffer.from('{"data":[]}')])
  return { url: "http://localhost:8000/v1/embeddings", status: 200, headers: {}, body }
}

describe("verifyProvider with an embedding-only model", () => {
  it.effect("relays one embeddings request for an OpenAI-compatible provider, and reports the embed stage", () => {
    const sent: Array<RelayRequest> = []
    const bodies: Array<Readable> = []
    return Effect.gen(function* () {
      const report = yield* verifyProvider(provider("openai"), { model: "text-embedding-3-small" })
      expect(report.ok).toBe(true)
      expect(report.results[0]).toMatchObject({ ok: true, stage: "embed", url: "http://localhost:8000/v1/embeddings" })
      expect(sent).toEqual([
        { model: "text-embedding-3-small", body: { model: "text-embedding-3-small", input: "Hi" } }
      ])
      // The answer's body is not needed: it is let go, which closes the upstream request.
      expect(bodies[0]?.destroyed).toBe(true)
    }).pipe(
      Effect.provide(
        FakeAdapters.layer({
          openai: {
            listModels: listed,
            relays: {
              embeddings: (target, request) => {
                expect(Option.map(target.apiKey, Redacted.value)).toEqual(Option.some(key))
                sent.push(request)
                const response = answered()
                bodies.push(response.body)
                return Promise.resolve(response)
              }
            }
          }
        })
      )
    )
  })

  it.effect("embeds through the adapter's own embed for Gemini, reading its answer; a failure is reported", () =>
    Effect.gen(function* () {
      const gemini = provider("gemini", "https://generativelanguage.googleapis.com")
      const report = yield* verifyProvider(gemini, { model: "text-embedding-3-small" })
      expect(report.results[0]).toMatchObject({
        ok: false,
        reason: "InvalidOutput",
        message: "no vectors",
        stage: "embed",
        url: "https://generativelanguage.googleapis.com/v1beta/models/text-embedding-3-small:batchEmbedContents"
      })
    }).pipe(
      Effect.provide(
        FakeAdapters.layer({
          gemini: {
            listModels: listed,
            embed: (_target, request) => {
              expect(request).toEqual({ model: "text-embedding-3-small", inputs: ["Hi"] })
              return Promise.resolve({
                ...answered(),
                read: () =>
                  Promise.reject(new ProviderError({ reason: "InvalidOutput", url: "x", detail: "no vectors" }))
              })
            }
          }
        })
      )
    )
  )

  it.effect("without a model list, the first registered model is embedded when it is an embedding model", () =>
    Effect.gen(function* () {
      const report = yield* verifyProvider(provider("gemini"), {})
      expect(report.results[0]).toMatchObject({ ok: true, stage: "embed" })
    }).pipe(
      Effect.provide(
        FakeAdapters.layer({
          gemini: {
            listModels: noList,
            embed: () => Promise.resolve({ ...answered(), read: () => Promise.resolve({ vectors: [[0.5]] }) })
          }
        })
      )
    )
  )

  it.effect("an Anthropic provider has no embeddings API: the check fails and says so, sending nothing", () =>
    Effect.gen(function* () {
      const report = yield* verifyProvider(provider("anthropic", "https://api.anthropic.com"), {
        model: "text-embedding-3-small"
      })
      expect(report.results[0]).toMatchObject({ ok: false, reason: "InvalidRequest", stage: "embed" })
      expect(report.results[0]?.message).toContain("Anthropic has none")
    }).pipe(Effect.provide(FakeAdapters.layer({ anthropic: { listModels: listed } })))
  )

  it.effect("a chat model is still checked with one generated token", () =>
    Effect.gen(function* () {
      const report = yield* verifyProvider(provider("openai"), { model: "gpt2" })
      // The fake has no streamChat: the generation is what was attempted, and its defect is reported.
      expect(report.results[0]).toMatchObject({ ok: false, stage: "generate", reason: "InvalidOutput" })
      expect(report.results[0]?.message).toContain("streamChat was called")
    }).pipe(Effect.provide(FakeAdapters.layer({ openai: { listModels: listed } })))
  )
})
