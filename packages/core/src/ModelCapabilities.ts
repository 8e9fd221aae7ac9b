/**
 * What a model can do, inferred from its id the way Cherry Studio does it: by name patterns of the well-known model
 * families. Inference is a default only; the user's overrides on `Model` always win.
 */
import { Schema } from "effect"

export const Capability = Schema.Literal("vision", "reasoning", "tools", "embedding", "webSearch")
export type Capability = typeof Capability.Type
export type Capabilities = Readonly<Record<Capability, boolean>>

const patterns: Readonly<Record<Capability, RegExp>> = {
  embedding: /(?:^|[-_/.:])(?:embed|embedding|embeddings|bge|e5|gte|nomic-embed|text-embedding)(?:$|[-_/.:\d])/i,
  vision:
    /(?:gpt-4o|gpt-4\.1|gpt-4-turbo|gpt-4-vision|gpt-5|o3|o4|claude-3|claude-(?:sonnet|opus|haiku)-4|claude-.*-4|gemini|llava|vision|-vl\b|-vl-|qwen2\.5-vl|qwen-vl|pixtral|llama-3\.2-(?:11|90)b|minicpm-v|moondream|grok-.*vision|internvl)/i,
  reasoning:
    /(?:^|[/-])(?:o1|o3|o4)(?:$|-)|gpt-5|deepseek-r1|deepseek-reasoner|qwq|qvq|-thinking|reasoning|claude-3-7|claude-(?:sonnet|opus)-4|claude-.*-4|gemini-2\.5|gemini-3|grok-3-mini|grok-4|magistral|r1-distill/i,
  tools:
    /(?:gpt-4|gpt-3\.5-turbo|gpt-5|o3|o4|claude|gemini|mistral-large|mistral-medium|mistral-small|codestral|qwen|deepseek-chat|deepseek-v3|llama-3\.[1-3]|llama3\.[1-3]|llama-4|command-r|grok|glm-4|kimi|hermes)/i,
  webSearch: /(?:-search|search-preview|sonar|gemini-(?:1\.5|2|2\.5|3)|grok-[34])/i
}

/** Capabilities a model id suggests. Embedding models are never chat/tool models. */
export const inferCapabilities = (modelId: string): Capabilities => {
  const embedding = patterns.embedding.test(modelId)
  return {
    embedding,
    vision: !embedding && patterns.vision.test(modelId),
    reasoning: !embedding && patterns.reasoning.test(modelId),
    tools: !embedding && patterns.tools.test(modelId),
    webSearch: !embedding && patterns.webSearch.test(modelId)
  }
}
