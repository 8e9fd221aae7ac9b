/**
 * The closed sets every frontend shows, as plain data: provider types and model capabilities, each with its human
 * label. No imports, so the dashboard may load it at run time without pulling Effect into its bundle; the core's
 * Schemas (`ProviderType`, `Capability`) are built from these lists.
 */

/** The wire protocols Switchboard speaks, in the order pickers list them. */
export const providerTypes = ["openai", "openai-responses", "gemini", "anthropic", "azure-openai"] as const
export type ProviderType = (typeof providerTypes)[number]

/**
 * What the user reads for each type. Self-hosted servers (vLLM, Ollama) are `openai`: OpenAI-compatible. A server
 * whose models answer only on OpenAI's Responses API (`/v1/responses`) is `openai-responses`.
 */
export const providerTypeLabels: Readonly<Record<ProviderType, string>> = {
  openai: "OpenAI",
  "openai-responses": "OpenAI Responses",
  gemini: "Gemini",
  anthropic: "Anthropic",
  "azure-openai": "Azure OpenAI"
}

/** What a model can do, in the order editors and filters list them. */
export const capabilities = ["vision", "reasoning", "tools", "embedding", "webSearch"] as const
export type Capability = (typeof capabilities)[number]

export const capabilityLabels: Readonly<Record<Capability, string>> = {
  vision: "Vision",
  reasoning: "Reasoning",
  tools: "Tools",
  embedding: "Embedding",
  webSearch: "Web search"
}
