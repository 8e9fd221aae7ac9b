/**
 * The wire protocols Switchboard speaks. Every provider is one of these; self-hosted servers such as vLLM or Ollama
 * are `openai` (OpenAI-compatible).
 */
import { Schema } from "effect"

export const ProviderType = Schema.Literal("openai", "azure-openai", "anthropic", "gemini")
export type ProviderType = typeof ProviderType.Type

/** Human labels, in the order pickers list them. */
export const providerTypeLabels: Readonly<Record<ProviderType, string>> = {
  openai: "OpenAI",
  gemini: "Gemini",
  anthropic: "Anthropic",
  "azure-openai": "Azure OpenAI"
}

export const providerTypes: ReadonlyArray<ProviderType> = ProviderType.literals
