import { describe, expect, it } from "@effect/vitest"
import { Either, Schema } from "effect"
import { BaseUrlField, endpoints } from "../src/BaseUrl"
import { findPreset, presets } from "../src/Presets"
import { ApiVersionField } from "../src/domain/ProviderInput"
import { ProviderType } from "../src/domain/ProviderType"
import { slugify } from "../src/domain/Slug"

// Every preset → the URLs a provider added from it calls (Azure's resource name is the user's to fill in).
const expected: Readonly<Record<string, { readonly chat: string; readonly models: string }>> = {
  openai: { chat: "https://api.openai.com/v1/chat/completions", models: "https://api.openai.com/v1/models" },
  "openai-responses": { chat: "https://api.openai.com/v1/responses", models: "https://api.openai.com/v1/models" },
  anthropic: { chat: "https://api.anthropic.com/v1/messages", models: "https://api.anthropic.com/v1/models" },
  gemini: {
    chat: "https://generativelanguage.googleapis.com/v1beta/models/my-model:streamGenerateContent?alt=sse",
    models: "https://generativelanguage.googleapis.com/v1beta/models"
  },
  "azure-openai": {
    chat: "https://your-resource.openai.azure.com/openai/deployments/my-model/chat/completions?api-version=2024-10-21",
    models: "https://your-resource.openai.azure.com/openai/models?api-version=2024-10-21"
  },
  vllm: { chat: "http://localhost:8000/v1/chat/completions", models: "http://localhost:8000/v1/models" },
  ollama: { chat: "http://localhost:11434/v1/chat/completions", models: "http://localhost:11434/v1/models" },
  lmstudio: { chat: "http://localhost:1234/v1/chat/completions", models: "http://localhost:1234/v1/models" },
  openrouter: { chat: "https://openrouter.ai/api/v1/chat/completions", models: "https://openrouter.ai/api/v1/models" },
  deepseek: { chat: "https://api.deepseek.com/v1/chat/completions", models: "https://api.deepseek.com/v1/models" },
  groq: { chat: "https://api.groq.com/openai/v1/chat/completions", models: "https://api.groq.com/openai/v1/models" }
}

describe("presets", () => {
  it("cover the providers the issue names, each once", () => {
    expect(presets.map((preset) => preset.id).sort()).toEqual(Object.keys(expected).sort())
  })

  it.each(presets.map((preset) => [preset.id, preset] as const))("%s resolves to its endpoints", (id, preset) => {
    expect(Either.isRight(Schema.decodeUnknownEither(BaseUrlField)(preset.baseUrl))).toBe(true)
    expect(endpoints(preset, "my-model")).toEqual(expected[id])
  })

  it("keeps vLLM's base URL exactly as its docs spell it", () => {
    const vllm = findPreset("vllm")
    expect(vllm?.baseUrl).toBe("http://localhost:8000/")
    expect(vllm?.keyless).toBe(true)
    expect(endpoints(vllm!).chat).toBe("http://localhost:8000/v1/chat/completions")
  })

  it.each(presets.map((preset) => [preset.id, preset] as const))("%s is well-formed", (id, preset) => {
    expect(slugify(id)).toBe(id)
    expect(Schema.is(ProviderType)(preset.type)).toBe(true)
    expect(preset.name.trim()).toBe(preset.name)
    expect(new URL(preset.docsUrl).protocol).toBe("https:")
    if (preset.apiVersion !== undefined)
      expect(Schema.decodeUnknownSync(ApiVersionField)(preset.apiVersion)).toBe(preset.apiVersion)
  })

  it("marks only self-hosted servers keyless", () => {
    const keyless = presets.filter((preset) => preset.keyless).map((preset) => preset.id)
    expect(keyless.sort()).toEqual(["lmstudio", "ollama", "vllm"])
  })

  it("finds nothing for an unknown id", () => {
    expect(findPreset("nope")).toBeUndefined()
  })
})
