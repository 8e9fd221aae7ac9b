import { describe, expect, it } from "vitest"
import { parseHeader, parseModelIds } from "../../src/state/parseEntries"

describe("parseHeader", () => {
  it("splits at the first colon and trims", () => {
    expect(parseHeader("X-Org: acme")).toEqual({ name: "X-Org", value: "acme" })
    expect(parseHeader("Authorization: Bearer a:b")).toEqual({ name: "Authorization", value: "Bearer a:b" })
    expect(parseHeader("no colon")).toBeUndefined()
  })
})

describe("parseModelIds", () => {
  it("splits on spaces, commas and line breaks, keeping ids as spelled", () => {
    expect(parseModelIds(" gpt2, meta-llama/Llama-3.1-8B-Instruct\nQwen/Qwen2.5:7b ,, ")).toEqual([
      "gpt2",
      "meta-llama/Llama-3.1-8B-Instruct",
      "Qwen/Qwen2.5:7b"
    ])
    expect(parseModelIds("   ")).toEqual([])
  })
})
