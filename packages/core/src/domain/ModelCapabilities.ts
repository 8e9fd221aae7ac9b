/**
 * What a model can do, inferred from its id the way Cherry Studio does it: by name patterns of the well-known model
 * families. Inference is a default only; the user's overrides on `Model` always win.
 */
import { Schema } from "effect"
import { capabilities } from "./ProviderTypes"

export const Capability = Schema.Literal(...capabilities)
export type Capability = typeof Capability.Type
export type Capabilities = Readonly<Record<Capability, boolean>>

/** A family pattern, minus the members known to lack the capability. */
interface Rule {
  readonly match: RegExp
  readonly except?: RegExp
}

// OpenAI's o-series as whole words (`o3-mini`, `openai/o4-mini`), so `gpt-4o` or a `-q4` quantisation never match.
const oSeries = (models: string) => new RegExp(`(?:^|[/-])(?:${models})(?:$|-)`, "i")

const rules: Readonly<Record<Capability, Rule>> = {
  embedding: {
    match: /(?:^|[-_/.:])(?:embed|embedding|embeddings|bge|e5|gte|nomic-embed|text-embedding|voyage)(?:$|[-_/.:\d])/i
  },
  vision: {
    match:
      /gpt-4o|gpt-4\.1|gpt-4-turbo|gpt-4-vision|gpt-5|chatgpt-4o|claude-3|claude-(?:sonnet|opus|haiku)-4|claude-.*-4|gemini-(?:1\.5|2|3|exp|pro-vision|flash|pro-latest)|llava|vision|-vl\b|-vl-|qwen-vl|qvq|pixtral|llama-3\.2-(?:11|90)b|llama-4|minicpm-v|moondream|gemma-?3|glm-4(?:\.\d)?v|internvl|grok-.*vision/i,
    // Audio, realtime and search variants of vision models take no images; neither do these o-series models.
    except: /-audio|-realtime|-transcribe|-tts|search-preview|gemma-?3[:-]1b|(?:^|[/-])(?:o1-mini|o1-preview|o3-mini)/i
  },
  reasoning: {
    match:
      /gpt-5|deepseek-r1|deepseek-reasoner|qwq|qvq|qwen3|-thinking|reasoning|claude-3-7|claude-(?:sonnet|opus|haiku)-4|claude-.*-4|gemini-2\.5|gemini-3|grok-3-mini|grok-4|magistral|r1-distill|sonar-reasoning/i,
    except: /gpt-5-chat|qwen3-coder|qwen3-.*instruct-2507|-non-reasoning/i
  },
  tools: {
    match:
      /gpt-4|gpt-3\.5-turbo|gpt-5|claude-(?:3|sonnet|opus|haiku)|gemini|mistral-large|mistral-medium|mistral-small|codestral|qwen|qwq|deepseek-chat|deepseek-v3|llama-3\.[1-3]|llama3\.[1-3]|llama-4|command-r|grok|glm-4|kimi|hermes/i,
    // Search models, the first vision preview, the ChatGPT alias and the first o1 previews have no function calling.
    except: /search-preview|gpt-4-vision|chatgpt-4o|gemini-pro-vision|-tts|-transcribe|(?:^|[/-])o1-(?:mini|preview)/i
  },
  webSearch: {
    match: /-search|search-preview|sonar|gemini-(?:1\.5|2|2\.5|3)|grok-[34]/i,
    except: /-tts|-embedding/i
  }
}

const oSeriesRules: Partial<Record<Capability, RegExp>> = {
  vision: oSeries("o1|o3|o4"),
  reasoning: oSeries("o1|o3|o4"),
  tools: oSeries("o1|o3|o4")
}

const applies = (capability: Capability, modelId: string): boolean => {
  const rule = rules[capability]
  const matched = rule.match.test(modelId) || oSeriesRules[capability]?.test(modelId) === true
  return matched && !rule.except?.test(modelId)
}

/** Capabilities a model id suggests. Embedding models are never chat/tool models. */
export const inferCapabilities = (modelId: string): Capabilities => {
  const embedding = applies("embedding", modelId)
  return {
    embedding,
    vision: !embedding && applies("vision", modelId),
    reasoning: !embedding && applies("reasoning", modelId),
    tools: !embedding && applies("tools", modelId),
    webSearch: !embedding && applies("webSearch", modelId)
  }
}

/** The capabilities only a model that generates text has. */
const generative: ReadonlyArray<Capability> = ["vision", "reasoning", "tools", "webSearch"]

/**
 * A model that only embeds: `embedding` set and no capability of a model that generates. Such a model is sent
 * embeddings requests only; a chat with it would fail upstream with an error that does not say why. A model the user
 * marked as both is taken at their word and may chat.
 */
export const isEmbeddingOnly = (capabilities: Capabilities): boolean =>
  capabilities.embedding && !generative.some((capability) => capabilities[capability])
