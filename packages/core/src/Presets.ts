/**
 * Presets for common providers: adding from a preset fills the type and base URL (and for Azure a default
 * api-version), so a user only types a key.
 */
import type { ProviderType } from "./domain/ProviderType"

export interface Preset {
  readonly id: string
  readonly name: string
  readonly type: ProviderType
  readonly baseUrl: string
  readonly apiVersion?: string
  /** Self-hosted servers usually run without a key. */
  readonly keyless: boolean
  /** Where the user gets a key, or the server's docs. */
  readonly docsUrl: string
}

export const presets: ReadonlyArray<Preset> = [
  {
    id: "openai",
    name: "OpenAI",
    type: "openai",
    baseUrl: "https://api.openai.com",
    keyless: false,
    docsUrl: "https://platform.openai.com/api-keys"
  },
  {
    // Models served only on the Responses API (o1-pro, o3-pro, the codex models) need this one.
    id: "openai-responses",
    name: "OpenAI (Responses API)",
    type: "openai-responses",
    baseUrl: "https://api.openai.com",
    keyless: false,
    docsUrl: "https://platform.openai.com/api-keys"
  },
  {
    id: "anthropic",
    name: "Anthropic",
    type: "anthropic",
    baseUrl: "https://api.anthropic.com",
    keyless: false,
    docsUrl: "https://console.anthropic.com/settings/keys"
  },
  {
    id: "gemini",
    name: "Gemini",
    type: "gemini",
    baseUrl: "https://generativelanguage.googleapis.com",
    keyless: false,
    docsUrl: "https://aistudio.google.com/app/apikey"
  },
  {
    id: "azure-openai",
    name: "Azure OpenAI",
    type: "azure-openai",
    baseUrl: "https://YOUR-RESOURCE.openai.azure.com",
    apiVersion: "2024-10-21",
    keyless: false,
    docsUrl: "https://learn.microsoft.com/azure/ai-services/openai/reference"
  },
  {
    id: "vllm",
    name: "vLLM",
    type: "openai",
    baseUrl: "http://localhost:8000/",
    keyless: true,
    docsUrl: "https://docs.vllm.ai/en/latest/serving/openai_compatible_server.html"
  },
  {
    id: "ollama",
    name: "Ollama",
    type: "openai",
    baseUrl: "http://localhost:11434",
    keyless: true,
    docsUrl: "https://github.com/ollama/ollama/blob/main/docs/openai.md"
  },
  {
    id: "lmstudio",
    name: "LM Studio",
    type: "openai",
    baseUrl: "http://localhost:1234",
    keyless: true,
    docsUrl: "https://lmstudio.ai/docs/app/api/endpoints/openai"
  },
  {
    id: "openrouter",
    name: "OpenRouter",
    type: "openai",
    baseUrl: "https://openrouter.ai/api/v1",
    keyless: false,
    docsUrl: "https://openrouter.ai/keys"
  },
  {
    id: "deepseek",
    name: "DeepSeek",
    type: "openai",
    baseUrl: "https://api.deepseek.com",
    keyless: false,
    docsUrl: "https://platform.deepseek.com/api_keys"
  },
  {
    id: "groq",
    name: "Groq",
    type: "openai",
    baseUrl: "https://api.groq.com/openai/v1",
    keyless: false,
    docsUrl: "https://console.groq.com/keys"
  }
]

export const findPreset = (id: string): Preset | undefined => presets.find((preset) => preset.id === id)
