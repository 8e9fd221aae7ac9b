/**
 * `POST /v1/embeddings` driven by the official `openai` SDK, unchanged, over a real socket, against local upstreams of
 * every provider type: relayed to OpenAI-compatible, Azure (its deployment URL) and OpenAI Responses servers,
 * translated to Gemini's `batchEmbedContents`, refused for Anthropic. The SDK asks for base64 unless told otherwise
 * and decodes it itself, so both encodings are checked, each vector against the text it embeds (`vectorOf`), and a
 * translated answer is held to OpenAI's `CreateEmbeddingResponse` schema. Run with the Node lane and without it (the
 * app's route), which answer alike.
 */
import OpenAI from "openai"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RealServer, startRealServer } from "../support/RealServer"
import * as FakeProvider from "@switchboard/testing/FakeProvider"
import { defaultDimensions, tokensText, vectorOf } from "@switchboard/testing/FakeEmbeddings"
import { schemaErrors } from "@switchboard/testing/SpecSchema"

interface Setup {
  readonly protocol: FakeProvider.Protocol
  readonly type: string
  readonly provider: string
  readonly model: string
  readonly key: string
  /** The upstream's own embeddings path for this model. */
  readonly path: string
  /** Relayed as written (the upstream's answer, its own model name), or translated (the client's model name). */
  readonly relayed: boolean
  readonly apiVersion?: string
}

const setups: ReadonlyArray<Setup> = [
  {
    protocol: "openai",
    type: "openai",
    provider: "local",
    model: "text-embedding-3-small",
    key: "sk-openai-test-key-1111",
    path: "/v1/embeddings",
    relayed: true
  },
  {
    protocol: "azure",
    type: "azure-openai",
    provider: "azure",
    model: "my-embed",
    key: "0123456789abcdef0123456789abcdef",
    path: "/openai/deployments/my-embed/embeddings",
    relayed: true,
    apiVersion: "2024-10-21"
  },
  {
    protocol: "responses",
    type: "openai-responses",
    provider: "responses",
    model: "text-embedding-3-large",
    key: "sk-responses-test-key-2222",
    path: "/v1/embeddings",
    relayed: true
  },
  {
    protocol: "gemini",
    type: "gemini",
    provider: "gemini",
    model: "text-embedding-004",
    key: "AIzaTestKey3333333333",
    path: "/v1beta/models/text-embedding-004:batchEmbedContents",
    relayed: false
  }
]

const texts = ["The quick brown fox", "jumps over ¡the! lazy dog 🦊", "third"]

/** A vector as plain numbers, whatever array the SDK decoded it into. */
const numbers = (embedding: unknown) => Array.from(embedding as ArrayLike<number>)

describe.each([true, false])("POST /v1/embeddings (Node lane: %s)", (lane) => {
  let server: RealServer
  let client: OpenAI
  const upstreams: Partial<Record<FakeProvider.Protocol, FakeProvider.FakeProvider>> = {}
  const upstreamOf = (setup: Setup) => upstreams[setup.protocol]!

  beforeAll(async () => {
    server = await startRealServer({ lane })
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: server.token, maxRetries: 0 })
    // Anthropic's provider holds an embedding model too: it is refused for having no embeddings API at all.
    const anthropic: Setup = {
      ...setups[0]!,
      protocol: "anthropic",
      type: "anthropic",
      provider: "claude",
      model: "voyage-3"
    }
    for (const setup of [...setups, anthropic]) {
      const upstream = await FakeProvider.start({ protocol: setup.protocol, key: setup.key })
      upstreams[setup.protocol] = upstream
      const res = await server.api("POST", "/api/providers", {
        name: setup.provider,
        type: setup.type,
        baseUrl: upstream.url,
        apiKeys: [setup.key],
        // A chat model beside the embedding one, on the OpenAI-compatible server.
        models: setup.protocol === "openai" ? [setup.model, "gpt-4o-mini"] : [setup.model],
        ...(setup.apiVersion === undefined ? {} : { apiVersion: setup.apiVersion }),
        timeouts: { maxRetries: 0 }
      })
      expect(res.status).toBe(201)
    }
  })

  afterAll(async () => {
    await server.shutdown()
    for (const upstream of Object.values(upstreams)) await upstream.close()
  })

  it("lists embedding models with the embedding capability", async () => {
    const listed: Record<string, unknown> = {}
    for await (const model of client.models.list())
      listed[model.id] = (model as { capabilities?: unknown }).capabilities
    for (const setup of setups) expect(listed[`${setup.provider}/${setup.model}`]).toEqual(["embedding"])
    expect(listed["claude/voyage-3"]).toEqual(["embedding"])
    expect(listed["local/gpt-4o-mini"]).toEqual(["vision", "tools"])
  })

  it.each(setups)("the SDK's default (base64) from $type: each vector in order, decoded", async (setup) => {
    const result = await client.embeddings.create({ model: `${setup.provider}/${setup.model}`, input: texts })
    expect(result.object).toBe("list")
    expect(result.data.map((item) => item.index)).toEqual([0, 1, 2])
    expect(result.data.map((item) => numbers(item.embedding))).toEqual(texts.map((text) => vectorOf(text)))
    // A relayed answer is the upstream's own bytes; a translated one names the model as the client wrote it.
    expect(result.model).toBe(setup.relayed ? setup.model : `${setup.provider}/${setup.model}`)
    const sent = upstreamOf(setup).lastRequest()
    expect(sent.path).toBe(setup.path)
    if (setup.relayed) expect(sent.body).toMatchObject({ input: texts, encoding_format: "base64" })
  })

  it.each(setups)("floats from $type when asked, with the dimensions asked", async (setup) => {
    const result = await client.embeddings.create({
      model: `${setup.provider}/${setup.model}`,
      input: "just one",
      encoding_format: "float",
      dimensions: 4
    })
    expect(result.data).toEqual([{ object: "embedding", index: 0, embedding: vectorOf("just one", 4) }])
  })

  it("Azure gets its deployment URL with api-version and its key header, no model in the body", async () => {
    const azure = setups.find((s) => s.protocol === "azure")!
    await client.embeddings.create({ model: "azure/my-embed", input: "x", encoding_format: "float" })
    const sent = upstreamOf(azure).lastRequest()
    expect(sent.url).toBe("/openai/deployments/my-embed/embeddings?api-version=2024-10-21")
    expect(sent.headers["api-key"]).toBe(azure.key)
    expect(sent.body).toEqual({ input: "x", encoding_format: "float" })
  })

  it("Gemini gets one batchEmbedContents request: each text its own, the dimensions as outputDimensionality", async () => {
    await client.embeddings.create({ model: "gemini/text-embedding-004", input: ["a", "b"], dimensions: 3 })
    expect(upstreams.gemini!.lastRequest().body).toEqual({
      requests: ["a", "b"].map((text) => ({
        model: "models/text-embedding-004",
        content: { parts: [{ text }] },
        outputDimensionality: 3
      }))
    })
  })

  it("a translated answer is OpenAI's CreateEmbeddingResponse, as the vendored spec has it", async () => {
    const res = await fetch(`${server.url}/v1/embeddings`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "gemini/text-embedding-004", input: texts, encoding_format: "float" })
    })
    expect(res.status).toBe(200)
    expect(res.headers.get("content-type")).toContain("application/json")
    const json = await res.json()
    expect(schemaErrors("openai", "CreateEmbeddingResponse", json)).toEqual([])
    expect(json).toEqual({
      object: "list",
      data: texts.map((text, index) => ({ object: "embedding", index, embedding: vectorOf(text) })),
      model: "gemini/text-embedding-004",
      usage: { prompt_tokens: 0, total_tokens: 0 }
    })
  })

  it("token arrays are relayed as they are, and refused for Gemini naming input", async () => {
    const relayed = await client.embeddings.create({ model: "local/text-embedding-3-small", input: [[1, 2, 3], [4]] })
    expect(relayed.data.map((item) => numbers(item.embedding))).toEqual([
      vectorOf(tokensText([1, 2, 3])),
      vectorOf(tokensText([4]))
    ])
    const before = upstreams.gemini!.requests().length
    const refused = client.embeddings.create({ model: "gemini/text-embedding-004", input: [[1, 2, 3]] })
    await expect(refused).rejects.toBeInstanceOf(OpenAI.BadRequestError)
    await expect(refused).rejects.toMatchObject({ param: "input[0]", message: expect.stringContaining("token array") })
    expect(upstreams.gemini!.requests().length).toBe(before)
  })

  it("Gemini: more texts than a batch takes is a 400 naming input, before anything is sent", async () => {
    const before = upstreams.gemini!.requests().length
    const many = Array.from({ length: 101 }, (_, i) => `text ${i}`)
    const refused = client.embeddings.create({ model: "gemini/text-embedding-004", input: many })
    await expect(refused).rejects.toBeInstanceOf(OpenAI.BadRequestError)
    await expect(refused).rejects.toMatchObject({ param: "input", message: expect.stringContaining("at most 100") })
    const tooMany = client.embeddings.create({
      model: "gemini/text-embedding-004",
      input: Array.from({ length: 2049 }, () => "x")
    })
    await expect(tooMany).rejects.toMatchObject({ status: 400, param: "input" })
    expect(upstreams.gemini!.requests().length).toBe(before)
  })

  it("an Anthropic provider gets a 400 that says Anthropic has no embeddings API", async () => {
    const refused = client.embeddings.create({ model: "claude/voyage-3", input: "x" })
    await expect(refused).rejects.toBeInstanceOf(OpenAI.BadRequestError)
    await expect(refused).rejects.toMatchObject({
      param: "model",
      message: expect.stringContaining("Anthropic has no embeddings API")
    })
    expect(upstreams.anthropic!.requests()).toEqual([])
  })

  it("a chat with an embedding model is a 400 that says so and points to /v1/embeddings", async () => {
    const refused = client.chat.completions.create({
      model: "local/text-embedding-3-small",
      messages: [{ role: "user", content: "Hi" }]
    })
    await expect(refused).rejects.toBeInstanceOf(OpenAI.BadRequestError)
    await expect(refused).rejects.toMatchObject({
      param: "model",
      message: expect.stringContaining("is an embedding model, which cannot chat: send it to POST /v1/embeddings")
    })
    expect(upstreams.openai!.chats()).toEqual([])
  })

  it("refusals name the field: a model without a provider, an empty input, a bad encoding", async () => {
    const bad = (body: Record<string, unknown>) =>
      client.embeddings.create(body as unknown as OpenAI.EmbeddingCreateParams)
    await expect(bad({ model: "text-embedding-3-small", input: "x" })).rejects.toMatchObject({
      status: 400,
      param: "model"
    })
    await expect(bad({ model: "gemini/text-embedding-004", input: [] })).rejects.toMatchObject({
      status: 400,
      param: "input"
    })
    await expect(
      bad({ model: "gemini/text-embedding-004", input: "x", encoding_format: "base85" })
    ).rejects.toMatchObject({ status: 400, param: "encoding_format" })
    await expect(bad({ model: "local/nope", input: "x" })).rejects.toBeInstanceOf(OpenAI.NotFoundError)
  })

  it("an upstream's refusal reaches the SDK as its own error, the key not in it", async () => {
    const gemini = setups.find((s) => s.protocol === "gemini")!
    upstreams.gemini!.set({ key: "another-key" })
    try {
      const refused = client.embeddings.create({ model: "gemini/text-embedding-004", input: "x" })
      await expect(refused).rejects.toBeInstanceOf(OpenAI.AuthenticationError)
      await expect(refused).rejects.not.toMatchObject({ message: expect.stringContaining(gemini.key) })
    } finally {
      upstreams.gemini!.reset()
    }
  })

  it.runIf(lane)(
    "the lane answers every embeddings request but one it cannot route, which it leaves to the app",
    () => {
      // The one whose model names no provider, in the refusals above.
      expect(server.appRequests.filter((request) => request.endsWith("/v1/embeddings"))).toEqual([
        "POST /v1/embeddings"
      ])
    }
  )

  it("Verify checks an embedding model by embedding one text", async () => {
    for (const setup of setups) {
      const res = await server.api("POST", `/api/providers/${setup.provider}/verify`, { model: setup.model })
      expect(res.status).toBe(200)
      expect(res.body.results).toMatchObject([{ ok: true, stage: "embed" }])
    }
  })
})

it("the fake's default vector length is what the SDK cases above decode", () => {
  expect(vectorOf("x")).toHaveLength(defaultDimensions)
})
