import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { addProvider, makeTestApp, type TestApp } from "../support/TestApp"

let t: TestApp
beforeEach(async () => {
  t = makeTestApp()
  await addProvider(t, { name: "Local", type: "openai", baseUrl: "http://localhost:8000/" })
})
afterEach(() => t.dispose())

const ids = (provider: { models: Array<{ id: string }> }) => provider.models.map((m) => m.id)

describe("POST /api/providers/:id/models", () => {
  it("adds one id", async () => {
    const res = await t.json("POST", "/api/providers/local/models", { body: "gpt2" })
    expect(res.status).toBe(201)
    expect(ids(res.body)).toEqual(["gpt2"])
  })

  it("adds a list of ids and objects, deriving names and groups", async () => {
    const res = await t.json("POST", "/api/providers/local/models", {
      body: ["meta-llama/Llama-3.1-8B-Instruct", { id: "qwen2.5:7b", name: "Qwen", capabilities: { tools: false } }]
    })
    expect(res.status).toBe(201)
    expect(res.body.models).toEqual([
      expect.objectContaining({ id: "meta-llama/Llama-3.1-8B-Instruct", group: "meta-llama" }),
      expect.objectContaining({ id: "qwen2.5:7b", name: "Qwen", overrides: { tools: false } })
    ])
    expect(res.body.models[1].capabilities.tools).toBe(false)
  })

  it("refuses a model that is already there with 409, adding none of the batch", async () => {
    await t.json("POST", "/api/providers/local/models", { body: "gpt2" })
    const res = await t.json("POST", "/api/providers/local/models", { body: ["new-one", "gpt2"] })
    expect(res.status).toBe(409)
    expect(res.body.error.code).toBe("duplicate_model")
    expect(ids((await t.json("GET", "/api/providers/local")).body)).toEqual(["gpt2"])
  })

  it("refuses an empty id with a 400 naming it", async () => {
    const res = await t.json("POST", "/api/providers/local/models", { body: ["ok", { id: "" }] })
    expect(res.status).toBe(400)
    expect(res.body.error.field).toBe("[1].id")
  })

  it("answers 404 for an unknown provider", async () => {
    expect((await t.json("POST", "/api/providers/ghost/models", { body: "gpt2" })).status).toBe(404)
  })
})

describe("PATCH and DELETE /api/providers/:id/models/:modelId", () => {
  beforeEach(async () => {
    await t.json("POST", "/api/providers/local/models", {
      body: ["meta-llama/Llama-3.1-8B-Instruct", "qwen2.5:7b", "gpt2"]
    })
  })

  it("edits a model whose id holds / and :, URL-encoded", async () => {
    const res = await t.json(
      "PATCH",
      `/api/providers/local/models/${encodeURIComponent("meta-llama/Llama-3.1-8B-Instruct")}`,
      {
        body: { name: "Llama 8B", group: "llama", capabilities: { vision: true } }
      }
    )
    expect(res.status).toBe(200)
    expect(res.body.models[0]).toMatchObject({
      id: "meta-llama/Llama-3.1-8B-Instruct",
      name: "Llama 8B",
      group: "llama",
      overrides: { vision: true },
      capabilities: { vision: true }
    })
    const back = await t.json("PATCH", `/api/providers/local/models/${encodeURIComponent("qwen2.5:7b")}`, {
      body: { capabilities: { vision: null } }
    })
    expect(back.status).toBe(200)
    expect(back.body.models[1].overrides).toEqual({})
  })

  it("deletes a model by its encoded id, and also by a raw one", async () => {
    const res = await t.json("DELETE", `/api/providers/local/models/${encodeURIComponent("qwen2.5:7b")}`)
    expect(res.status).toBe(200)
    expect(ids(res.body)).toEqual(["meta-llama/Llama-3.1-8B-Instruct", "gpt2"])
    const raw = await t.json("DELETE", "/api/providers/local/models/meta-llama/Llama-3.1-8B-Instruct")
    expect(ids(raw.body)).toEqual(["gpt2"])
  })

  it("answers 404 for an unknown model, 400 for a bad patch", async () => {
    const missing = await t.json("DELETE", "/api/providers/local/models/nope")
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe("not_found")
    const bad = await t.json("PATCH", "/api/providers/local/models/gpt2", { body: { group: "" } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.field).toBe("group")
    const unknown = await t.json("PATCH", "/api/providers/local/models/gpt2", { body: { colour: "red" } })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.field).toBe("colour")
  })
})
