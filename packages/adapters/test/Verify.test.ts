/**
 * The Verify ("Check") action end to end on every protocol: the core's `Providers.verify` over the real adapters and
 * a real HTTP client, against a local server that accepts one key. Each report must say, per key, ok or why not,
 * with the status, the upstream's own words (key scrubbed), the latency and the exact URL called.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Embedded from "@switchboard/core/Embedded"
import { Providers } from "@switchboard/core/Providers"
import type { ProviderType } from "@switchboard/core/domain/ProviderType"
import { Effect, Layer } from "effect"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import * as Adapters from "../src/Adapters"
import { HttpClientLive } from "./support/Fixtures"

const good = "sk-good-key-1234567890abcd"
const bad = "sk-bad-key-0000000000000000"

const keyOf = (headers: Record<string, string | string[] | undefined>) =>
  String(headers.authorization ?? "").replace(/^Bearer /, "") ||
  String(headers["x-api-key"] ?? headers["api-key"] ?? headers["x-goog-api-key"] ?? "")

/** Answers each protocol's model list for the good key, and each protocol's own bad-key error otherwise. */
const upstream = Effect.acquireRelease(
  Effect.async<{ readonly url: string; readonly close: () => void }>((resume) => {
    const server = createServer((req, res) => {
      const path = req.url ?? ""
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" })
        res.end(JSON.stringify(body))
      }
      if (keyOf(req.headers) !== good) {
        if (path.startsWith("/gemini"))
          return json(400, {
            error: {
              code: 400,
              message: "API key not valid. Please pass a valid API key.",
              status: "INVALID_ARGUMENT",
              details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID" }]
            }
          })
        if (path.startsWith("/anthropic"))
          return json(401, { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } })
        return json(401, {
          error: {
            message: `Incorrect API key provided: ${keyOf(req.headers)}`,
            type: "invalid_request_error",
            code: "invalid_api_key"
          }
        })
      }
      if (path.startsWith("/gemini"))
        return json(200, { models: [{ name: "models/gemini-pro", displayName: "Gemini Pro" }] })
      if (path.startsWith("/anthropic"))
        return json(200, {
          data: [{ id: "claude-x", display_name: "Claude", type: "model", created_at: "2025-01-01T00:00:00Z" }],
          has_more: false,
          first_id: "claude-x",
          last_id: "claude-x"
        })
      return json(200, { object: "list", data: [{ id: "gpt2", object: "model", owned_by: "vllm" }] })
    })
    server.listen(0, "127.0.0.1", () =>
      resume(
        Effect.succeed({
          url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          close: () => server.close()
        })
      )
    )
  }),
  (server) => Effect.sync(server.close)
)

const core = Embedded.layerMemory(Adapters.layer.pipe(Layer.provide(HttpClientLive)))

const cases: ReadonlyArray<{
  type: ProviderType
  path: string
  models: string
  badStatus: number
  /** The upstream's own word for the refusal, as the report shows it. */
  code: string
}> = [
  { type: "openai", path: "/", models: "/v1/models", badStatus: 401, code: "invalid_api_key" },
  {
    type: "openai-responses",
    path: "/responses-api",
    models: "/responses-api/v1/models",
    badStatus: 401,
    code: "invalid_api_key"
  },
  {
    type: "azure-openai",
    path: "/azure",
    models: "/azure/openai/models?api-version=2024-10-21",
    badStatus: 401,
    code: "invalid_api_key"
  },
  {
    type: "anthropic",
    path: "/anthropic",
    models: "/anthropic/v1/models",
    badStatus: 401,
    code: "authentication_error"
  },
  { type: "gemini", path: "/gemini", models: "/gemini/v1beta/models", badStatus: 400, code: "API_KEY_INVALID" }
]

describe("Verify on every protocol", () => {
  for (const c of cases)
    it.scoped(`${c.type}: a good key, a bad key and an unreachable host each get a precise report`, () =>
      Effect.gen(function* () {
        const server = yield* upstream
        const providers = yield* Providers
        const up = yield* providers.add({
          name: "Up",
          type: c.type,
          baseUrl: `${server.url}${c.path}`,
          apiKeys: [good, bad]
        })
        const down = yield* providers.add({
          name: "Down",
          type: c.type,
          baseUrl: "http://127.0.0.1:9/",
          apiKeys: [good]
        })

        const report = yield* providers.verify(up.id)
        expect(report.ok).toBe(false)
        const [ok, refused] = report.results
        expect(ok).toMatchObject({ ok: true, key: "sk-…abcd", stage: "models", url: `${server.url}${c.models}` })
        expect(refused).toMatchObject({
          ok: false,
          reason: "Authentication",
          status: c.badStatus,
          code: c.code,
          key: "sk-…0000"
        })
        expect(refused?.message).toBeTruthy()
        expect(refused?.message).not.toContain(bad)
        for (const r of report.results) expect(r.latencyMs).toBeGreaterThanOrEqual(0)

        const unreachable = yield* providers.verify(down.id)
        expect(unreachable.results).toHaveLength(1)
        expect(unreachable.results[0]).toMatchObject({ ok: false, reason: "Network" })
        expect(unreachable.results[0]?.message).toMatch(/ECONNREFUSED/)
        expect(unreachable.results[0]?.url.startsWith("http://127.0.0.1:9/")).toBe(true)
      }).pipe(Effect.provide(core))
    )
})
