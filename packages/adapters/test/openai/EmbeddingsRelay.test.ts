/**
 * `relays.embeddings` of the OpenAI-style adapters (OpenAI-compatible, Azure OpenAI, OpenAI Responses) against real
 * local servers: the client's embeddings request sent on as written to the provider's embeddings URL (the model
 * replaced, or left out on an Azure deployment URL), with the key and headers of the chat relay, the upstream's bytes
 * handed back unchanged, and failures and timeouts as every relayed request has them.
 */
import type { Readable } from "node:stream"
import { describe, expect, it } from "@effect/vitest"
import { ProviderError } from "@switchboard/core/domain/Errors"
import { Provider } from "@switchboard/core/domain/Provider"
import type { ProviderType } from "@switchboard/core/domain/ProviderType"
import { Timeouts } from "@switchboard/core/domain/Timeouts"
import type { AdapterTarget, ProviderAdapter, RelayRequest, RelayResponse } from "@switchboard/core/ProviderAdapter"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import { Effect } from "effect"
import * as AzureAdapter from "../../src/azure/AzureAdapter"
import * as OpenAiAdapter from "../../src/openai/OpenAiAdapter"
import * as ResponsesAdapter from "../../src/responses/ResponsesAdapter"
import { HttpClientLive, provider, target } from "../support/Fixtures"

const key = "sk-proj-Abcdefghijklmnop0123456789"
const azureKey = "0123456789abcdef0123456789abcdef"

/** Every field a client may send, token arrays included: a relay passes them all on. */
const clientBody = {
  model: "my-openai/text-embedding-3-small",
  input: [
    [1212, 318, 257],
    [1332, 13]
  ],
  encoding_format: "base64",
  dimensions: 256,
  user: "user-1234"
}

const answer = JSON.stringify({
  object: "list",
  data: [{ object: "embedding", index: 0, embedding: "AAAAPwAAgL8=" }],
  model: "text-embedding-3-small",
  usage: { prompt_tokens: 5, total_tokens: 5 }
})

const adapters: Readonly<Record<"openai" | "azure-openai" | "openai-responses", typeof OpenAiAdapter.make>> = {
  openai: OpenAiAdapter.make,
  "azure-openai": AzureAdapter.make,
  "openai-responses": ResponsesAdapter.make
}

interface Setup {
  readonly type: keyof typeof adapters
  readonly key: string
  readonly apiVersion?: string
  readonly timeouts?: { readonly firstByteMs: number; readonly idleMs: number }
}

const setup = (options: Setup) =>
  Effect.gen(function* () {
    const server = yield* FakeUpstream.make
    const adapter = yield* adapters[options.type]
    const base = provider({
      type: options.type as ProviderType,
      baseUrl: server.url,
      headers: { "X-Title": "Switchboard" },
      ...(options.apiVersion === undefined ? {} : { apiVersion: options.apiVersion })
    })
    const withTimeouts =
      options.timeouts === undefined
        ? base
        : new Provider({ ...base, timeouts: new Timeouts({ ...base.timeouts, ...options.timeouts }) })
    return { server, adapter, target: target(withTimeouts, options.key) }
  })

const relay = (adapter: ProviderAdapter, target: AdapterTarget, request: RelayRequest) =>
  Effect.async<RelayResponse, ProviderError>((resume, signal) => {
    adapter.relays!.embeddings!(target, request, signal).then(
      (response) => resume(Effect.succeed(response)),
      (error: unknown) => resume(error instanceof ProviderError ? Effect.fail(error) : Effect.die(error))
    )
  })

const drain = (body: Readable) =>
  Effect.promise(async () => {
    const chunks: Array<Buffer> = []
    try {
      for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array))
      return { text: Buffer.concat(chunks).toString("utf8"), error: undefined as unknown }
    } catch (error) {
      return { text: Buffer.concat(chunks).toString("utf8"), error }
    }
  })

const { model: _clientModel, ...withoutModel } = clientBody

describe("relays.embeddings", () => {
  const cases = [
    {
      label: "OpenAI-compatible: /v1/embeddings, the provider's model in the body, the key as Bearer",
      setup: { type: "openai", key },
      model: "text-embedding-3-small",
      path: "/v1/embeddings",
      auth: { authorization: `Bearer ${key}` },
      body: { ...clientBody, model: "text-embedding-3-small" }
    },
    {
      label: "Azure deployment: its /embeddings with api-version, the key as api-key, no model in the body",
      setup: { type: "azure-openai", key: azureKey, apiVersion: "2024-06-01" },
      model: "my-embed",
      path: "/openai/deployments/my-embed/embeddings?api-version=2024-06-01",
      auth: { "api-key": azureKey },
      body: withoutModel
    },
    {
      label: "Azure v1 API: /openai/v1/embeddings, the model in the body",
      setup: { type: "azure-openai", key: azureKey, apiVersion: "v1" },
      model: "text-embedding-3-large",
      path: "/openai/v1/embeddings",
      auth: { "api-key": azureKey },
      body: { ...clientBody, model: "text-embedding-3-large" }
    },
    {
      label: "OpenAI Responses: the same server's /v1/embeddings",
      setup: { type: "openai-responses", key },
      model: "text-embedding-3-small",
      path: "/v1/embeddings",
      auth: { authorization: `Bearer ${key}` },
      body: { ...clientBody, model: "text-embedding-3-small" }
    }
  ] as const
  for (const c of cases) {
    it.scopedLive(c.label, () =>
      Effect.gen(function* () {
        const { server, adapter, target } = yield* setup(c.setup)
        server.route("POST", c.path.split("?")[0]!, Answers.text(200, answer, { "content-type": "application/json" }))
        const response = yield* relay(adapter, target, { model: c.model, body: clientBody })
        expect(response.url).toBe(`${server.url}${c.path}`)
        expect(response.status).toBe(200)
        expect(response.headers["content-type"]).toBe("application/json")
        // The upstream's bytes, unchanged: base64 stays base64 for the client's SDK to decode.
        expect((yield* drain(response.body)).text).toBe(answer)
        const sent = server.lastRequest()
        expect(sent.url).toBe(c.path)
        expect(sent.body).toEqual(c.body)
        expect(sent.headers).toMatchObject({ ...c.auth, accept: "application/json", "x-title": "Switchboard" })
        if (c.setup.type === "azure-openai") expect(sent.headers).not.toHaveProperty("authorization")
      }).pipe(Effect.provide(HttpClientLive))
    )
  }

  it.scopedLive("a 401 echoing the key is Authentication, the key scrubbed, naming the embeddings URL", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ type: "openai", key })
      server.route(
        "POST",
        "/v1/embeddings",
        Answers.json(401, { error: { message: `Incorrect API key provided: ${key}.`, code: "invalid_api_key" } })
      )
      const error = yield* Effect.flip(relay(adapter, target, { model: "text-embedding-3-small", body: clientBody }))
      expect(error).toMatchObject({
        reason: "Authentication",
        status: 401,
        code: "invalid_api_key",
        detail: "Incorrect API key provided: [redacted].",
        url: `${server.url}/v1/embeddings`
      })
      expect(error.message).not.toContain(key)
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a 400 naming input keeps OpenAI's param", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ type: "openai", key })
      server.route(
        "POST",
        "/v1/embeddings",
        Answers.json(400, {
          error: { message: "'$.input' is invalid.", type: "invalid_request_error", param: "input", code: null }
        })
      )
      const error = yield* Effect.flip(relay(adapter, target, { model: "text-embedding-3-small", body: clientBody }))
      expect(error).toMatchObject({ reason: "InvalidRequest", status: 400, param: "input" })
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("no answer within firstByteMs is Timeout; an answer that stalls mid-body ends with Timeout", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({
        type: "openai",
        key,
        timeouts: { firstByteMs: 300, idleMs: 300 }
      })
      server.route("POST", "/v1/embeddings", Answers.hang)
      const unanswered = yield* Effect.flip(relay(adapter, target, { model: "m", body: clientBody }))
      expect(unanswered).toMatchObject({ reason: "Timeout", detail: "No answer started within 300 ms." })
      server.route("POST", "/v1/embeddings", Answers.stall('{"object":"list",', { "content-type": "application/json" }))
      const response = yield* relay(adapter, target, { model: "m", body: clientBody })
      const drained = yield* drain(response.body)
      expect(drained.text).toBe('{"object":"list",')
      expect(drained.error).toMatchObject({ reason: "Timeout" })
      yield* server.awaitAborted(2).pipe(Effect.timeout("3 seconds"))
    }).pipe(Effect.provide(HttpClientLive))
  )
})
