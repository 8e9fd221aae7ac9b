/**
 * The fake provider's embeddings, as the adapters and the gateway's tests read them: each vector derived from its text
 * (so order can be checked), as long as the dimensions asked, base64 when asked, in OpenAI's documented shape, and
 * the refusals of requests the real servers refuse.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { base64Of, defaultDimensions, tokensText, vectorOf } from "../src/FakeEmbeddings"
import * as FakeProvider from "../src/FakeProvider"
import { schemaErrors } from "../src/SpecSchema"

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body)
  })

describe("vectorOf", () => {
  it("is the same for the same text, differs between texts, and is as long as asked", () => {
    expect(vectorOf("hello")).toEqual(vectorOf("hello"))
    expect(vectorOf("hello")).not.toEqual(vectorOf("hellp"))
    expect(vectorOf("hello")).toHaveLength(defaultDimensions)
    expect(vectorOf("hello", 3)).toHaveLength(3)
    for (const value of vectorOf("hello", 64)) {
      expect(value).toBeGreaterThanOrEqual(-1)
      expect(value).toBeLessThan(1)
    }
  })

  it("survives float32 exactly, so a base64 answer decodes to the same numbers", () => {
    const vector = vectorOf("round trip", 32)
    const bytes = Buffer.from(base64Of(vector), "base64")
    expect(Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, vector.length))).toEqual(vector)
  })
})

describe("FakeProvider embeddings", () => {
  const providers: Partial<Record<FakeProvider.Protocol, FakeProvider.FakeProvider>> = {}
  beforeAll(async () => {
    for (const protocol of ["openai", "azure", "gemini", "anthropic"] as const)
      providers[protocol] = await FakeProvider.start({ protocol, key: "k" })
  })
  afterAll(async () => {
    for (const provider of Object.values(providers)) await provider.close()
  })

  it("OpenAI: one vector per text in order, in OpenAI's documented shape", async () => {
    const res = await post(
      `${providers.openai!.url}/v1/embeddings`,
      { model: "text-embedding-3-small", input: ["one two", "three"], dimensions: 4 },
      { authorization: "Bearer k" }
    )
    expect(res.status).toBe(200)
    const json = await res.json()
    expect(schemaErrors("openai", "CreateEmbeddingResponse", json)).toEqual([])
    expect(json).toEqual({
      object: "list",
      data: [
        { object: "embedding", index: 0, embedding: vectorOf("one two", 4) },
        { object: "embedding", index: 1, embedding: vectorOf("three", 4) }
      ],
      model: "text-embedding-3-small",
      usage: { prompt_tokens: 3, total_tokens: 3 }
    })
  })

  it("OpenAI: base64 when asked, and token arrays embedded as their tokens", async () => {
    const res = await post(
      `${providers.openai!.url}/v1/embeddings`,
      { model: "m", input: [[1, 2, 3]], encoding_format: "base64" },
      { authorization: "Bearer k" }
    )
    const json = (await res.json()) as { data: Array<{ embedding: unknown }> }
    expect(json.data[0]?.embedding).toBe(base64Of(vectorOf(tokensText([1, 2, 3]))))
  })

  it("OpenAI: refuses an empty input and a wrong key, as OpenAI does", async () => {
    const url = `${providers.openai!.url}/v1/embeddings`
    expect((await post(url, { model: "m", input: [] }, { authorization: "Bearer k" })).status).toBe(400)
    expect((await post(url, { model: "m", input: "x" }, { authorization: "Bearer nope" })).status).toBe(401)
  })

  it("Azure: the deployment names the model", async () => {
    const res = await post(
      `${providers.azure!.url}/openai/deployments/my-embed/embeddings?api-version=2024-10-21`,
      { input: "hello" },
      { "api-key": "k" }
    )
    expect(await res.json()).toMatchObject({ model: "my-embed", data: [{ index: 0, embedding: vectorOf("hello") }] })
  })

  it("Gemini: batchEmbedContents, each request naming the model, its own dimensions", async () => {
    const url = `${providers.gemini!.url}/v1beta/models/text-embedding-004:batchEmbedContents`
    const content = (text: string) => ({ parts: [{ text }] })
    const res = await post(
      url,
      {
        requests: [
          { model: "models/text-embedding-004", content: content("a") },
          { model: "models/text-embedding-004", content: content("b"), outputDimensionality: 3 }
        ]
      },
      { "x-goog-api-key": "k" }
    )
    expect(await res.json()).toEqual({ embeddings: [{ values: vectorOf("a") }, { values: vectorOf("b", 3) }] })
    const wrongModel = await post(
      url,
      { requests: [{ model: "models/other", content: content("a") }] },
      { "x-goog-api-key": "k" }
    )
    expect(wrongModel.status).toBe(400)
    expect(JSON.stringify(await wrongModel.json())).toContain("INVALID_ARGUMENT")
  })

  it("Anthropic has no embeddings: the loud 404 of an unknown route", async () => {
    const res = await post(`${providers.anthropic!.url}/v1/embeddings`, { input: "x" }, { "x-api-key": "k" })
    expect(res.status).toBe(404)
  })
})
