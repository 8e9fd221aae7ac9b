import { describe, expect, it } from "@effect/vitest"
import { idKeys } from "../../src/catalog/ModelIdForms"

describe("idKeys", () => {
  it.each([
    // The forms of one model meet at the canonical key…
    { id: "meta-llama/Llama-3.1-8B-Instruct", canonical: "llama-3-1-8-b-instruct", loose: "llama-3-1-8-b" },
    { id: "meta/llama-3.1-8b-instruct", canonical: "llama-3-1-8-b-instruct", loose: "llama-3-1-8-b" },
    { id: "llama3.1:8b", canonical: "llama-3-1-8-b", loose: "llama-3-1-8-b" },
    { id: "llama3.1:latest", canonical: "llama-3-1", loose: "llama-3-1" },
    { id: "qwen2.5:7b-instruct", canonical: "qwen-2-5-7-b-instruct", loose: "qwen-2-5-7-b" },
    { id: "qwen2-5-7b-instruct", canonical: "qwen-2-5-7-b-instruct", loose: "qwen-2-5-7-b" },
    { id: "Qwen2.5-7B-Instruct-Q4_K_M-GGUF", canonical: "qwen-2-5-7-b-instruct", loose: "qwen-2-5-7-b" },
    { id: "qwen2.5:7b-instruct-q4_K_M", canonical: "qwen-2-5-7-b-instruct", loose: "qwen-2-5-7-b" },
    { id: "TheBloke/Llama-3.1-8B-Instruct-AWQ", canonical: "llama-3-1-8-b-instruct", loose: "llama-3-1-8-b" },
    { id: "mlx-community/Qwen2.5-7B-Instruct-4bit", canonical: "qwen-2-5-7-b-instruct", loose: "qwen-2-5-7-b" },
    { id: "google/gemma-3-4b-it", canonical: "gemma-3-4-b-it", loose: "gemma-3-4-b" },
    { id: "models/gemini-2.0-flash", canonical: "gemini-2-0-flash", loose: "gemini-2-0-flash" },
    // …while sizes, versions, dates and variant words stay.
    { id: "gpt-4o-mini", canonical: "gpt-4-o-mini", loose: "gpt-4-o-mini" },
    { id: "gpt-4o-2024-08-06", canonical: "gpt-4-o-2024-08-06", loose: "gpt-4-o-2024-08-06" },
    { id: "gpt-4.1", canonical: "gpt-4-1", loose: "gpt-4-1" },
    { id: "qwen3-235b", canonical: "qwen-3-235-b", loose: "qwen-3-235-b" },
    { id: "///", canonical: "", loose: "" }
  ])("$id → $canonical, $loose", ({ id, canonical, loose }) => {
    expect(idKeys(id)).toEqual({ exact: id.toLowerCase(), canonical, loose })
  })

  it("keeps different models apart", () => {
    const apart = [
      ["gpt-4o", "gpt-4o-mini"],
      ["gpt-4.1", "gpt-41"],
      ["qwen3-235b", "qwen-32-35b"],
      ["llama3.1:8b", "llama3.1:70b"],
      ["claude-3-5-haiku-20241022", "claude-3-haiku-20240307"]
    ] as const
    for (const [a, b] of apart) expect(idKeys(a).loose).not.toBe(idKeys(b).loose)
  })
})
