import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { addProvider, makeTestApp, type TestApp } from "../support/TestApp"

let t: TestApp
beforeEach(async () => {
  t = makeTestApp()
  await addProvider(t, {
    name: "Exported",
    type: "openai",
    baseUrl: "http://localhost:8000/",
    apiKeys: ["sk-export-key-00001111"],
    models: ["gpt2", { id: "qwen2.5:7b", capabilities: { tools: true } }]
  })
})
afterEach(() => t.dispose())

describe("GET/POST /api/export", () => {
  it("exports every provider without keys", async () => {
    const res = await t.json("GET", "/api/export")
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      format: "switchboard/config",
      version: 1,
      providers: [{ id: "exported", name: "Exported", models: [{ id: "gpt2" }, { id: "qwen2.5:7b" }] }]
    })
    expect(res.body.sealedKeys).toBeUndefined()
    expect(res.text).not.toContain("sk-export-key-00001111")
  })

  it("seals the keys with a passphrase when asked", async () => {
    const res = await t.json("POST", "/api/export", { body: { passphrase: "correct horse battery" } })
    expect(res.status).toBe(200)
    expect(res.body.sealedKeys).toMatchObject({ cipher: "aes-256-gcm", kdf: "scrypt" })
    expect(res.text).not.toContain("sk-export-key-00001111")
  })
})

describe("POST /api/import", () => {
  it("round-trips an export with sealed keys into an empty server", async () => {
    const exported = (await t.json("POST", "/api/export", { body: { passphrase: "correct horse battery" } })).body
    const original = (await t.json("GET", "/api/providers")).body
    const other = (await import("../support/TestApp")).makeTestApp()
    const wrong = await other.json("POST", "/api/import", {
      body: exported,
      headers: { "x-switchboard-passphrase": "wrong passphrase" }
    })
    expect(wrong.status).toBe(400)
    expect(wrong.body.error.field).toBe("passphrase")
    expect((await other.json("GET", "/api/providers")).body).toEqual([])
    const res = await other.json("POST", "/api/import", {
      body: exported,
      headers: { "x-switchboard-passphrase": "correct horse battery" }
    })
    expect(res.status).toBe(200)
    const imported = (await other.json("GET", "/api/providers")).body
    expect(imported.map((p: { apiKeys: unknown }) => p.apiKeys)).toEqual(
      original.map((p: { apiKeys: unknown }) => p.apiKeys)
    )
    expect(imported[0].models).toEqual(original[0].models)
    await other.dispose()
  })

  it("validates the whole document first and changes nothing when part of it is wrong", async () => {
    const exported = (await t.json("GET", "/api/export")).body
    const before = (await t.json("GET", "/api/providers")).body
    const broken = {
      ...exported,
      providers: [
        { ...exported.providers[0], name: "Changed" },
        { ...exported.providers[0], id: "second", baseUrl: "nope" }
      ]
    }
    const res = await t.json("POST", "/api/import", { body: broken })
    expect(res.status).toBe(400)
    expect(res.body.error.field).toBe("providers[1].baseUrl")
    expect((await t.json("GET", "/api/providers")).body).toEqual(before)
  })

  it("refuses malformed JSON and documents of another format", async () => {
    expect((await t.json("POST", "/api/import", { raw: "{" })).status).toBe(400)
    const res = await t.json("POST", "/api/import", { body: { format: "other", providers: [] } })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe("invalid_input")
  })
})
