import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { parseJson, readCatalogText } from "../../src/catalog/CatalogFile"

const valid = {
  format: 1,
  snapshot: { from: "test", takenAt: "2026-07-02", license: "MIT" },
  sources: [{ id: "openai", kind: "provider", models: [{ id: "gpt-4o", contextLength: 128000, capabilities: {} }] }]
}

const withModel = (model: Record<string, unknown>) =>
  JSON.stringify({ ...valid, sources: [{ ...valid.sources[0], models: [model] }] })

describe("reading a catalog file", () => {
  it.effect("a valid file decodes", () =>
    Effect.gen(function* () {
      const file = yield* readCatalogText(JSON.stringify(valid), "catalog.json")
      expect(file.sources[0]!.models[0]!.contextLength).toBe(128000)
    })
  )

  it.effect.each([
    { name: "not JSON", text: '{"format": 1, "sources": [', reason: "Malformed", says: "not JSON" },
    { name: "not an object", text: "[]", reason: "Malformed", says: "not a Switchboard catalog file" },
    { name: "another format", text: JSON.stringify({ ...valid, format: 2 }), reason: "Malformed", says: "format" },
    {
      name: "a negative context",
      text: withModel({ id: "x", contextLength: -1, capabilities: {} }),
      reason: "Malformed",
      says: "contextLength"
    },
    {
      name: "a price that is not a number",
      text: withModel({ id: "x", pricing: { input: "free" }, capabilities: {} }),
      reason: "Malformed",
      says: "input"
    },
    {
      name: "an id of 10,000 characters",
      text: withModel({ id: "x".repeat(10_000), capabilities: {} }),
      reason: "Malformed",
      says: "at most 256 characters"
    },
    {
      name: "an unknown modality",
      text: withModel({ id: "x", modalities: { input: ["smell"], output: [] }, capabilities: {} }),
      reason: "Malformed",
      says: "modalities"
    },
    {
      name: "a capability that is not a boolean",
      text: withModel({ id: "x", capabilities: { tools: "yes" } }),
      reason: "Malformed",
      says: "tools"
    }
  ])("$name gives a CatalogError naming it", ({ text, reason, says }) =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(readCatalogText(text, "/data/catalog.json"))
      expect(error._tag).toBe("CatalogError")
      expect(error.reason).toBe(reason)
      expect(error.message).toContain("/data/catalog.json")
      expect(error.message).toContain(says)
    })
  )

  it.effect("text over the size bound is refused before it is parsed", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(parseJson(`"${"x".repeat(100)}"`, "big.json", 50))
      expect(error.reason).toBe("TooLarge")
      expect(error.message).toContain("more than the 50 allowed")
    })
  )

  it.effect("a hostile __proto__ key is data, not a prototype", () =>
    Effect.gen(function* () {
      const text = withModel({ id: "x", capabilities: {}, __proto__: { polluted: true } }).replace(
        '"capabilities":{}',
        '"capabilities":{},"__proto__":{"polluted":true}'
      )
      const file = yield* readCatalogText(text, "catalog.json")
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      expect(file.sources[0]!.models[0]!.id).toBe("x")
    })
  )
})
