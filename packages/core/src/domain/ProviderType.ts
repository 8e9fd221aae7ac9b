/**
 * The wire protocols Switchboard speaks, as a Schema. Every provider is one of these; self-hosted servers such as vLLM
 * or Ollama are `openai` (OpenAI-compatible). The ids and their labels are plain data in `ProviderTypes`.
 */
import { Schema } from "effect"
import { providerTypes } from "./ProviderTypes"

export const ProviderType = Schema.Literal(...providerTypes)
export type ProviderType = typeof ProviderType.Type
