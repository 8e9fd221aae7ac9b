import { describe, expect, it } from "@effect/vitest"
import { findNameClash, layerMemory, nameKey } from "../src/ProviderStore"
import { providerStoreSuite } from "./ProviderStoreSuite"

providerStoreSuite("ProviderStore.layerMemory", layerMemory)

describe("nameKey", () => {
  it("ignores case and surrounding whitespace only", () => {
    expect(nameKey("  My vLLM ")).toBe("my vllm")
    expect(nameKey("My  vLLM")).not.toBe(nameKey("My vLLM"))
  })
})

describe("findNameClash", () => {
  const stored = [
    { id: "a", name: "Alpha" },
    { id: "b", name: "Beta" }
  ]

  it("finds a clash with a stored provider the batch leaves alone", () => {
    const clash = { id: "c", name: "beta" }
    expect(findNameClash(stored, [{ id: "d", name: "Delta" }, clash])).toBe(clash)
  })

  it("finds a clash inside the batch", () => {
    const second = { id: "d", name: "GAMMA" }
    expect(findNameClash(stored, [{ id: "c", name: "Gamma" }, second])).toBeDefined()
    expect(findNameClash([], [{ id: "c", name: "Gamma" }, second])).toBeDefined()
  })

  it("allows names the batch frees, swaps, and a later write of the same id", () => {
    expect(
      findNameClash(stored, [
        { id: "a", name: "Beta" },
        { id: "b", name: "Alpha" }
      ])
    ).toBeUndefined()
    expect(
      findNameClash(stored, [
        { id: "b", name: "Gamma" },
        { id: "c", name: "Beta" }
      ])
    ).toBeUndefined()
    expect(
      findNameClash(stored, [
        { id: "c", name: "Alpha" },
        { id: "c", name: "Gamma" }
      ])
    ).toBeUndefined()
  })
})
