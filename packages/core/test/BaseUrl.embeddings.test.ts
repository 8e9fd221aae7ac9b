/**
 * `embeddingsUrl`'s table: the base URL a user typed → the exact URL embeddings are asked at, by the same rules as
 * every other endpoint (`BaseUrl.test.ts`): OpenAI's `/embeddings` after the version, Azure's per deployment with
 * `api-version` (or the `v1` API), Gemini's `batchEmbedContents` of the model, none for Anthropic.
 */
import { describe, expect, it } from "@effect/vitest"
import { defaultAzureApiVersion, embeddingsUrl, type UrlSettings } from "../src/BaseUrl"

type Row = readonly [label: string, settings: UrlSettings, model: string | undefined, url: string | undefined]

const openai = (baseUrl: string): UrlSettings => ({ type: "openai", baseUrl })
const azure = (baseUrl: string, apiVersion?: string): UrlSettings => ({ type: "azure-openai", baseUrl, apiVersion })
const anthropic = (baseUrl: string): UrlSettings => ({ type: "anthropic", baseUrl })
const gemini = (baseUrl: string): UrlSettings => ({ type: "gemini", baseUrl })

const azureHost = "https://contoso.openai.azure.com"
const googleHost = "https://generativelanguage.googleapis.com"

// biome-ignore format: a table reads best one row per line
const table: ReadonlyArray<Row> = [
  // OpenAI: the version rules, then /embeddings.
  ["vLLM bare host", openai("http://localhost:8000"), undefined, "http://localhost:8000/v1/embeddings"],
  ["with /v1", openai("http://localhost:8000/v1/"), undefined, "http://localhost:8000/v1/embeddings"],
  ["a version further in is kept", openai(`${googleHost}/v1beta/openai/`), undefined, `${googleHost}/v1beta/openai/embeddings`],
  ["pasted chat URL", openai("https://api.openai.com/v1/chat/completions"), undefined, "https://api.openai.com/v1/embeddings"],
  ["pasted embeddings URL", openai("https://api.openai.com/v1/embeddings"), undefined, "https://api.openai.com/v1/embeddings"],
  ["# adds no version", openai("https://api.perplexity.ai#"), undefined, "https://api.perplexity.ai/embeddings"],
  ["# on an embeddings endpoint is that endpoint", openai("https://proxy.example.com/x/embeddings#"), undefined, "https://proxy.example.com/x/embeddings"],
  ["# on a chat endpoint: the embeddings URL beside it", openai("https://proxy.example.com/api/chat/completions#"), undefined, "https://proxy.example.com/api/embeddings"],
  ["query string kept", openai("https://gw.example.com/v1?key=abc"), undefined, "https://gw.example.com/v1/embeddings?key=abc"],
  // Azure: the deployment's /embeddings, or the v1 API's.
  ["Azure deployment", azure(azureHost), "my-embed", `${azureHost}/openai/deployments/my-embed/embeddings?api-version=${defaultAzureApiVersion}`],
  ["Azure api-version set", azure(`${azureHost}/openai`, "2024-06-01"), "my-embed", `${azureHost}/openai/deployments/my-embed/embeddings?api-version=2024-06-01`],
  ["Azure pasted chat URL", azure(`${azureHost}/openai/deployments/chat/chat/completions?api-version=2024-06-01`), "my-embed", `${azureHost}/openai/deployments/my-embed/embeddings?api-version=2024-06-01`],
  ["Azure deployment name encoded", azure(azureHost, "2024-06-01"), "embed large", `${azureHost}/openai/deployments/embed%20large/embeddings?api-version=2024-06-01`],
  ["Azure v1 API", azure(azureHost, "v1"), "text-embedding-3-small", `${azureHost}/openai/v1/embeddings`],
  ["Azure preview API", azure(azureHost, "preview"), "text-embedding-3-small", `${azureHost}/openai/v1/embeddings?api-version=preview`],
  ["Azure without a model", azure(azureHost, "2024-06-01"), undefined, `${azureHost}/openai/deployments/{model}/embeddings?api-version=2024-06-01`],
  // Gemini: the model's batchEmbedContents.
  ["Gemini", gemini(googleHost), "text-embedding-004", `${googleHost}/v1beta/models/text-embedding-004:batchEmbedContents`],
  ["Gemini models/ prefix", gemini(googleHost), "models/gemini-embedding-001", `${googleHost}/v1beta/models/gemini-embedding-001:batchEmbedContents`],
  ["Gemini pasted generate URL", gemini(`${googleHost}/v1beta/models/gemini-pro:generateContent`), "text-embedding-004", `${googleHost}/v1beta/models/text-embedding-004:batchEmbedContents`],
  ["Gemini v1", gemini(`${googleHost}/v1`), "text-embedding-004", `${googleHost}/v1/models/text-embedding-004:batchEmbedContents`],
  ["Gemini without a model", gemini(googleHost), undefined, `${googleHost}/v1beta/models/{model}:batchEmbedContents`],
  // Anthropic: no embeddings API.
  ["Anthropic", anthropic("https://api.anthropic.com"), "claude-3-5-haiku-latest", undefined]
]

describe("embeddingsUrl", () => {
  it.each(table)("%s", (_label, settings, model, url) => {
    expect(embeddingsUrl(settings, model)).toBe(url)
  })
})
