/**
 * The shared HTTP pieces: the status table, Retry-After parsing, key and credential header scrubbing (on every
 * adapter), upstream message extraction, and
 * the transport property every adapter relies on: interrupting the fiber that reads a response aborts the upstream
 * request. That last one is checked on both Node clients of `@effect/platform-node`, since apps pick one.
 */
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { providerTypes } from "@switchboard/core/domain/ProviderTypes"
import { Effect, Fiber, Option, Redacted, Stream } from "effect"
import * as Adapters from "../../src/Adapters"
import { callContext, reasonForStatus, retryAfterMs, scrub, send, upstreamMessage } from "../../src/internal/Http"
import { collect, errorOf } from "../support/Chat"
import { chatRequest, HttpClientLive, provider, target } from "../support/Fixtures"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import { ProviderAdapters } from "@switchboard/core/ProviderAdapter"

describe("reasonForStatus", () => {
  it.each([
    [401, "Authentication"],
    [403, "Authentication"],
    [404, "NotFound"],
    [408, "Timeout"],
    [504, "Timeout"],
    [429, "RateLimit"],
    [500, "Upstream"],
    [503, "Upstream"],
    [400, "InvalidRequest"],
    [422, "InvalidRequest"]
  ] as const)("%i → %s", (status, reason) => {
    expect(reasonForStatus(status)).toBe(reason)
  })
})

describe("retryAfterMs", () => {
  it("reads seconds, milliseconds (preferred) and HTTP dates", () => {
    expect(retryAfterMs({ "retry-after": "7" })).toBe(7000)
    expect(retryAfterMs({ "retry-after": "2", "retry-after-ms": "1500" })).toBe(1500)
    expect(retryAfterMs({})).toBeUndefined()
    expect(retryAfterMs({ "retry-after": "soon" })).toBeUndefined()
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString()
    const fromDate = retryAfterMs({ "retry-after": inTenSeconds })
    expect(fromDate).toBeGreaterThan(8000)
    expect(fromDate).toBeLessThanOrEqual(10_000)
  })
})

describe("scrub", () => {
  const none = { key: Option.none(), secrets: [] }

  it("removes the call's key wherever it appears, and anything shaped like a key", () => {
    const key = Option.some(Redacted.make("my-plain-secret"))
    expect(scrub("bad key my-plain-secret (again: my-plain-secret)", { key, secrets: [] })).toBe(
      "bad key [redacted] (again: [redacted])"
    )
    expect(scrub("other key sk-abcdefghijklmnop1234 leaked", none)).toBe("other key [redacted] leaked")
    expect(scrub("AIzaSyA1234567890abcdefghij is invalid", none)).toBe("[redacted] is invalid")
  })

  it("removes the call's credential header values too", () => {
    const secrets = ["Bearer gateway-token-0001", "gateway-token-0001", "cookie-value-77"]
    expect(
      scrub("got Bearer gateway-token-0001, then gateway-token-0001 and s=cookie-value-77", { ...none, secrets })
    ).toBe("got [redacted], then [redacted] and s=[redacted]")
  })
})

describe("callContext", () => {
  it("holds the key and the target's credential header values, and scrubs them from the URL shown", () => {
    const openai = provider({
      type: "openai",
      baseUrl: "http://h",
      headers: { "X-Team": "blue-team", "cf-aig-authorization": "Bearer gateway-token-0001" }
    })
    const ctx = callContext("http://h/v1/models?token=gateway-token-0001", target(openai, "my-plain-secret"))
    expect(ctx.url).toBe("http://h/v1/models?token=gat…0001")
    expect(Option.map(ctx.key, Redacted.value)).toEqual(Option.some("my-plain-secret"))
    expect(ctx.secrets).toEqual(["Bearer gateway-token-0001", "gateway-token-0001"])
  })
})

describe("callContext with a credential in the base URL", () => {
  it("scrubs it like the key and masks it in the URL shown", () => {
    const openai = provider({ type: "openai", baseUrl: "http://h/v1?key=url-secret-0123456789" })
    const ctx = callContext("http://h/v1/chat/completions?key=url-secret-0123456789", target(openai, "my-plain-secret"))
    expect(ctx.url).toBe("http://h/v1/chat/completions?key=url…6789")
    expect(ctx.secrets).toContain("url-secret-0123456789")
    expect(scrub(`bad ${encodeURIComponent("url-secret-0123456789")}`, ctx)).toBe("bad [redacted]")
  })
})

describe("every adapter scrubs the credential headers an upstream quotes back", () => {
  const gatewayToken = "gw-TOKEN-never-shown-31337"
  const headers = {
    "X-Team": "blue-team-visible",
    "cf-aig-authorization": `Bearer ${gatewayToken}`,
    Cookie: "session=cookie-never-shown-4242"
  }
  for (const type of providerTypes) {
    it.scopedLive(`${type}: listModels and streamChat`, () =>
      Effect.gen(function* () {
        const server = yield* FakeUpstream.make
        // A gateway that dumps the request headers into its error, as some proxies do.
        server.fallback((request, res) => {
          res.writeHead(401, { "content-type": "application/json" })
          res.end(JSON.stringify({ error: { message: `rejected: ${JSON.stringify(request.headers)}` } }))
        })
        const adapter = (yield* ProviderAdapters).get(type)
        const t = target(
          provider({ type, baseUrl: server.url, apiVersion: "2024-10-21", headers }),
          "sk-plain-key-0000000000"
        )
        const errors = [
          yield* Effect.flip(adapter.listModels(t)),
          errorOf(yield* collect(adapter.streamChat(t, chatRequest("gpt-4o-mini"))))
        ]
        for (const error of errors) {
          // The dump is there (the non-credential header shows), with every credential taken out.
          expect(error.detail).toContain("blue-team-visible")
          expect(error.detail).toContain("[redacted]")
          for (const text of [error.detail, error.message, error.url]) {
            expect(text).not.toContain(gatewayToken)
            expect(text).not.toContain("cookie-never-shown-4242")
            expect(text).not.toContain("sk-plain-key-0000000000")
          }
        }
      }).pipe(Effect.provide(Adapters.layer), Effect.provide(HttpClientLive))
    )
  }
})

describe("every adapter scrubs the key in every encoding an upstream echoes it in", () => {
  // Not shaped like a vendor's key, so only the call's own scrubbing can hide it.
  const key = "k3y/with+odd=chars&more~0123456789"
  const b64 = (text: string) => Buffer.from(text).toString("base64")
  const echoes = [
    key,
    encodeURIComponent(key),
    new URLSearchParams({ k: key }).toString().slice(2),
    JSON.stringify(key),
    JSON.stringify(key).replace(/&/g, "\\u0026"),
    b64(key),
    Buffer.from(key).toString("base64url"),
    `Basic ${b64(`user:${key}`)}`,
    Buffer.from(key).toString("hex")
  ]
  for (const type of providerTypes) {
    it.scopedLive(`${type}: listModels and streamChat`, () =>
      Effect.gen(function* () {
        const server = yield* FakeUpstream.make
        // A proxy that logs what it saw in every encoding it knows, not in an error envelope.
        server.fallback((_, res) => {
          res.writeHead(401, { "content-type": "text/plain" })
          res.end(`denied: ${echoes.join(" | ")}`)
        })
        const adapter = (yield* ProviderAdapters).get(type)
        const t = target(provider({ type, baseUrl: server.url, apiVersion: "2024-10-21" }), key)
        const errors = [
          yield* Effect.flip(adapter.listModels(t)),
          errorOf(yield* collect(adapter.streamChat(t, chatRequest("gpt-4o-mini"))))
        ]
        for (const error of errors) {
          expect(error.detail).toContain("denied: ")
          for (const text of [error.detail, error.message]) {
            for (const echo of echoes) expect(text).not.toContain(echo)
            expect(text).not.toContain("0123456789")
          }
        }
      }).pipe(Effect.provide(Adapters.layer), Effect.provide(HttpClientLive))
    )
  }
})

describe("upstreamMessage", () => {
  it.each([
    ['{"error":{"message":"OpenAI style","type":"x"}}', "OpenAI style"],
    ['{"error":"Ollama style"}', "Ollama style"],
    ['{"object":"error","message":"vLLM style","code":404}', "vLLM style"],
    ['{"detail":"FastAPI style"}', "FastAPI style"],
    ['[{"error":{"message":"Gemini array style"}}]', "Gemini array style"],
    ["<html>Bad Gateway</html>", "<html>Bad Gateway</html>"],
    ["", "(empty body)"]
  ])("%s", (body, message) => {
    expect(upstreamMessage(body)).toBe(message)
  })
})

describe("send", () => {
  it.scopedLive("a non-2xx answer fails with the status, the reason, the scrubbed message and Retry-After", () =>
    Effect.gen(function* () {
      const server = yield* FakeUpstream.make
      server.route(
        "GET",
        "/x",
        Answers.json(429, { error: { message: "slow down, key-123456789" } }, { "retry-after": "3" })
      )
      const key = Option.some(Redacted.make("key-123456789"))
      const url = `${server.url}/x`
      const error = yield* Effect.flip(send(HttpClientRequest.get(url), { url, key, secrets: [] }))
      expect(error).toMatchObject({
        reason: "RateLimit",
        status: 429,
        detail: "slow down, [redacted]",
        retryAfterMs: 3000,
        url
      })
    }).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )
})

describe("interrupting a reader aborts the upstream request", () => {
  const clients = [
    ["NodeHttpClient.layerUndici", NodeHttpClient.layerUndici],
    ["NodeHttpClient.layer (node:http)", NodeHttpClient.layer]
  ] as const
  for (const [name, layer] of clients) {
    it.scopedLive(`${name}: while waiting for the status line`, () =>
      Effect.gen(function* () {
        const server = yield* FakeUpstream.make
        server.route("POST", "/x", Answers.hang)
        const fiber = yield* Effect.fork(HttpClient.execute(HttpClientRequest.post(`${server.url}/x`)))
        yield* server.awaitRequests(1)
        yield* Fiber.interrupt(fiber)
        yield* server.awaitAborted(1).pipe(Effect.timeout("3 seconds"))
      }).pipe(Effect.provide(layer))
    )
    it.scopedLive(`${name}: while reading a stalled body`, () =>
      Effect.gen(function* () {
        const server = yield* FakeUpstream.make
        server.route("POST", "/x", Answers.stall("data: 1\n\n"))
        const fiber = yield* HttpClient.execute(HttpClientRequest.post(`${server.url}/x`)).pipe(
          Effect.flatMap((response) => Stream.runDrain(response.stream)),
          Effect.fork
        )
        yield* server.awaitRequests(1)
        yield* Effect.sleep("50 millis")
        yield* Fiber.interrupt(fiber)
        yield* server.awaitAborted(1).pipe(Effect.timeout("3 seconds"))
      }).pipe(Effect.provide(layer))
    )
  }
})
