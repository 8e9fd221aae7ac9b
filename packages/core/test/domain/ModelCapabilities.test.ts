import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import { makeModel } from "../../src/domain/Model"
import {
  type Capability,
  Capability as CapabilitySchema,
  inferCapabilities,
  isEmbeddingOnly
} from "../../src/domain/ModelCapabilities"

const all = CapabilitySchema.literals

// Real model ids → the capabilities their providers document. Everything not listed must be false.
// biome-ignore format: a table reads best one row per line
const table: ReadonlyArray<readonly [string, ReadonlyArray<Capability>]> = [
  // OpenAI
  ["gpt-4o", ["vision", "tools"]],
  ["gpt-4o-mini", ["vision", "tools"]],
  ["gpt-4.1", ["vision", "tools"]],
  ["gpt-4-turbo", ["vision", "tools"]],
  ["gpt-4", ["tools"]],
  ["gpt-3.5-turbo", ["tools"]],
  ["gpt-5", ["vision", "reasoning", "tools"]],
  ["o1", ["vision", "reasoning", "tools"]],
  ["o1-mini", ["reasoning"]],
  ["o1-preview", ["reasoning"]],
  ["o3", ["vision", "reasoning", "tools"]],
  ["o3-mini", ["reasoning", "tools"]],
  ["o4-mini", ["vision", "reasoning", "tools"]],
  ["openai/o4-mini", ["vision", "reasoning", "tools"]],
  ["gpt-4o-search-preview", ["webSearch"]],
  ["gpt-4o-mini-search-preview", ["webSearch"]],
  ["gpt-4o-audio-preview", ["tools"]],
  ["text-embedding-3-small", ["embedding"]],
  ["text-embedding-ada-002", ["embedding"]],
  ["gpt2", []],
  ["davinci-002", []],
  ["whisper-1", []],
  ["dall-e-3", []],
  // Anthropic
  ["claude-3-5-sonnet-20241022", ["vision", "tools"]],
  ["claude-3-5-sonnet", ["vision", "tools"]],
  ["claude-3-opus-20240229", ["vision", "tools"]],
  ["claude-3-7-sonnet-latest", ["vision", "reasoning", "tools"]],
  ["claude-sonnet-4", ["vision", "reasoning", "tools"]],
  ["claude-sonnet-4-20250514", ["vision", "reasoning", "tools"]],
  ["claude-opus-4-1", ["vision", "reasoning", "tools"]],
  ["anthropic/claude-haiku-4.5", ["vision", "reasoning", "tools"]],
  ["claude-2.1", []],
  ["claude-instant-1.2", []],
  // Google
  ["gemini-2.5-pro", ["vision", "reasoning", "tools", "webSearch"]],
  ["gemini-2.5-flash", ["vision", "reasoning", "tools", "webSearch"]],
  ["gemini-2.0-flash", ["vision", "tools", "webSearch"]],
  ["gemini-1.5-pro", ["vision", "tools", "webSearch"]],
  ["models/gemini-1.5-flash", ["vision", "tools", "webSearch"]],
  ["gemini-pro", ["tools"]],
  ["gemini-pro-vision", ["vision"]],
  ["text-embedding-004", ["embedding"]],
  ["gemini-embedding-001", ["embedding"]],
  ["gemma3:4b", ["vision"]],
  ["gemma3:1b", []],
  // DeepSeek
  ["deepseek-reasoner", ["reasoning"]],
  ["deepseek-chat", ["tools"]],
  ["deepseek-r1:14b", ["reasoning"]],
  ["deepseek-ai/DeepSeek-R1", ["reasoning"]],
  ["deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", ["reasoning", "tools"]],
  ["deepseek-v3", ["tools"]],
  // Qwen
  ["qwen2.5-vl", ["vision", "tools"]],
  ["Qwen/Qwen2.5-VL-7B-Instruct", ["vision", "tools"]],
  ["qwen2.5:7b", ["tools"]],
  ["qwen3-235b-a22b", ["reasoning", "tools"]],
  ["qwen3-coder-480b", ["tools"]],
  ["qwq-32b", ["reasoning", "tools"]],
  ["Qwen/Qwen3-Embedding-8B", ["embedding"]],
  // Open models served by vLLM / Ollama
  ["meta-llama/Llama-3.1-8B-Instruct", ["tools"]],
  ["llama-3.3-70b-versatile", ["tools"]],
  ["llama3.2-vision", ["vision", "tools"]],
  ["meta-llama/Llama-3.2-11B-Vision-Instruct", ["vision", "tools"]],
  ["llava", ["vision"]],
  ["llava:13b", ["vision"]],
  ["moondream", ["vision"]],
  ["minicpm-v", ["vision"]],
  ["pixtral-12b", ["vision"]],
  ["phi3", []],
  ["ollama/llama3", []],
  ["mistral-large-latest", ["tools"]],
  ["codestral-latest", ["tools"]],
  ["command-r-plus", ["tools"]],
  ["glm-4v", ["vision", "tools"]],
  ["kimi-k2", ["tools"]],
  // Embedding models
  ["nomic-embed-text", ["embedding"]],
  ["bge-m3", ["embedding"]],
  ["BAAI/bge-large-en-v1.5", ["embedding"]],
  ["mxbai-embed-large", ["embedding"]],
  ["intfloat/multilingual-e5-large", ["embedding"]],
  ["thenlper/gte-base", ["embedding"]],
  ["jina-embeddings-v3", ["embedding"]],
  ["voyage-3", ["embedding"]],
  ["mistral-embed", ["embedding"]],
  // Search
  ["sonar", ["webSearch"]],
  ["sonar-pro", ["webSearch"]],
  ["sonar-reasoning", ["reasoning", "webSearch"]],
  ["grok-3", ["tools", "webSearch"]],
  ["grok-4", ["reasoning", "tools", "webSearch"]]
]

describe("inferCapabilities", () => {
  it.each(table)("%s → %j", (id, capabilities) => {
    const expected = Object.fromEntries(all.map((capability) => [capability, capabilities.includes(capability)]))
    expect(inferCapabilities(id)).toEqual(expected)
  })

  it("never gives an embedding model a chat capability", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (id) => {
        const inferred = inferCapabilities(id)
        if (inferred.embedding) {
          expect([inferred.vision, inferred.reasoning, inferred.tools, inferred.webSearch]).toEqual([
            false,
            false,
            false,
            false
          ])
        }
      })
    )
  })
})

describe("Model.capabilities", () => {
  it("lets the user's override win over inference, both ways", () => {
    // Inferred: vision and tools, no reasoning.
    const model = makeModel({ id: "gpt-4o", capabilities: { vision: false, reasoning: true } })
    expect(model.capabilities).toEqual({
      embedding: false,
      vision: false,
      reasoning: true,
      tools: true,
      webSearch: false
    })
  })

  it("lets an override make a model inference knows nothing about capable", () => {
    const model = makeModel({ id: "my-finetune", capabilities: { tools: true, vision: true } })
    expect(model.capabilities).toEqual({
      embedding: false,
      vision: true,
      reasoning: false,
      tools: true,
      webSearch: false
    })
  })

  it("goes back to inference where the override is null", () => {
    const model = makeModel({ id: "claude-sonnet-4", capabilities: { vision: null } })
    expect(model.capabilities.vision).toBe(true)
  })
})

describe("isEmbeddingOnly", () => {
  it("holds for an embedding model and nothing that generates", () => {
    expect(isEmbeddingOnly(makeModel("text-embedding-3-small").capabilities)).toBe(true)
    expect(isEmbeddingOnly(makeModel("nomic-embed-text").capabilities)).toBe(true)
    expect(isEmbeddingOnly(makeModel("gpt2").capabilities)).toBe(false)
    expect(isEmbeddingOnly(makeModel("gpt-4o").capabilities)).toBe(false)
  })

  it("follows the user's overrides: marked as embedding, or as able to chat too", () => {
    expect(isEmbeddingOnly(makeModel({ id: "my-encoder", capabilities: { embedding: true } }).capabilities)).toBe(true)
    expect(isEmbeddingOnly(makeModel({ id: "bge-m3", capabilities: { embedding: false } }).capabilities)).toBe(false)
    for (const capability of ["vision", "reasoning", "tools", "webSearch"] as const) {
      const both = makeModel({ id: "gte-Qwen2-7B-instruct", capabilities: { [capability]: true } })
      expect(both.capabilities.embedding).toBe(true)
      expect(isEmbeddingOnly(both.capabilities)).toBe(false)
    }
  })
})
