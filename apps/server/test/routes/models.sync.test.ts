/** `POST /api/providers/:id/models-sync` against a real upstream whose list changes between syncs. */
import * as FakeProvider from "@switchboard/testing/FakeProvider"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { addProvider, type Json, makeTestApp } from "../support/TestApp"

let upstream: FakeProvider.FakeProvider
const t = makeTestApp()

beforeAll(async () => {
  upstream = await FakeProvider.start({ protocol: "openai", models: ["gpt-4o", "o3-mini"], contextLength: 64_000 })
})

afterAll(async () => {
  await upstream.close()
  await t.dispose()
})

const ids = (models: ReadonlyArray<Json>) => models.map((m) => m.id)

describe("POST /api/providers/:id/models-sync", () => {
  it("shows what the upstream added and dropped, marks the dropped, and adds or removes on request", async () => {
    const provider = await addProvider(t, {
      name: "Synced",
      type: "openai",
      baseUrl: upstream.url,
      models: ["gpt-4o", "o3-mini"]
    })
    const edited = await t.json("PATCH", `/api/providers/${provider.id}/models/gpt-4o`, {
      body: { name: "Mine", capabilities: { vision: false } }
    })
    expect(edited.status).toBe(200)

    upstream.set({ models: ["gpt-4o", "gpt-4o-mini"] })
    const first = await t.json("POST", `/api/providers/${provider.id}/models-sync`)
    expect(first.status).toBe(200)
    expect(ids(first.body.added)).toEqual(["gpt-4o-mini"])
    expect(ids(first.body.gone)).toEqual(["o3-mini"])
    expect(ids(first.body.unchanged)).toEqual(["gpt-4o"])
    // The preview of a new model carries what the provider and the catalog know, with their sources.
    expect(first.body.added[0].facts.contextWindow).toEqual({ value: 64_000, source: "provider" })
    const stored = first.body.provider.models
    expect(ids(stored)).toEqual(["gpt-4o", "o3-mini"])
    expect(typeof stored[1].goneAt).toBe("string")
    expect(stored[0]).toMatchObject({
      name: "Mine",
      facts: { capabilities: { vision: { value: false, source: "user" } } }
    })

    const applied = await t.json("POST", `/api/providers/${provider.id}/models-sync`, {
      body: { addNew: true, removeGone: true }
    })
    expect(ids(applied.body.provider.models)).toEqual(["gpt-4o", "gpt-4o-mini"])
    expect(applied.body.provider.models[0].name).toBe("Mine")

    const bad = await t.json("POST", `/api/providers/${provider.id}/models-sync`, { body: { addNew: "yes" } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.field).toBe("addNew")
  })

  it("fails with the upstream's error when the list cannot be read, changing nothing", async () => {
    const provider = await addProvider(t, { name: "Down", type: "openai", baseUrl: upstream.url, models: ["gpt-4o"] })
    upstream.set({ key: "sk-something-else-000" })
    const res = await t.json("POST", `/api/providers/${provider.id}/models-sync`)
    upstream.reset()
    expect(res.status).toBe(401)
    expect(res.body.error.reason).toBe("Authentication")
    const after = await t.json("GET", `/api/providers/${provider.id}`)
    expect(after.body.revision).toBe(provider.revision)
  })
})
