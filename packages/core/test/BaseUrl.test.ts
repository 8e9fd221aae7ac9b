import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Schema } from "effect"
import fc from "fast-check"
import { BaseUrlField, defaultAzureApiVersion, embeddingsUrl, endpoints, type UrlSettings } from "../src/BaseUrl"
import { decodeInput, NewProvider, toInvalidInput } from "../src/domain/ProviderInput"
import { providerTypes } from "../src/domain/ProviderTypes"

type Row = readonly [label: string, settings: UrlSettings, model: string | undefined, chat: string, models: string]

const openai = (baseUrl: string): UrlSettings => ({ type: "openai", baseUrl })
const responses = (baseUrl: string): UrlSettings => ({ type: "openai-responses", baseUrl })
const azure = (baseUrl: string, apiVersion?: string): UrlSettings => ({ type: "azure-openai", baseUrl, apiVersion })
const anthropic = (baseUrl: string): UrlSettings => ({ type: "anthropic", baseUrl })
const gemini = (baseUrl: string): UrlSettings => ({ type: "gemini", baseUrl })

const azureHost = "https://contoso.openai.azure.com"
const googleHost = "https://generativelanguage.googleapis.com"

// One row per rule: what the user typed → the exact URLs requests go to. One line per row, so it reads as a table.
// biome-ignore format: a table reads best one row per line
const table: ReadonlyArray<Row> = [
  // OpenAI: a host with no version gets /v1 — the exact vLLM case, three spellings.
  ["vLLM bare host", openai("http://localhost:8000"), undefined, "http://localhost:8000/v1/chat/completions", "http://localhost:8000/v1/models"],
  ["vLLM trailing slash", openai("http://localhost:8000/"), undefined, "http://localhost:8000/v1/chat/completions", "http://localhost:8000/v1/models"],
  ["vLLM with /v1", openai("http://localhost:8000/v1"), undefined, "http://localhost:8000/v1/chat/completions", "http://localhost:8000/v1/models"],
  ["/v1 with trailing slashes", openai("http://localhost:8000/v1//"), undefined, "http://localhost:8000/v1/chat/completions", "http://localhost:8000/v1/models"],
  ["surrounding spaces", openai("  http://localhost:8000  "), undefined, "http://localhost:8000/v1/chat/completions", "http://localhost:8000/v1/models"],
  ["OpenAI", openai("https://api.openai.com"), undefined, "https://api.openai.com/v1/chat/completions", "https://api.openai.com/v1/models"],
  ["a path with no version gets /v1", openai("https://proxy.example.com/llm/"), undefined, "https://proxy.example.com/llm/v1/chat/completions", "https://proxy.example.com/llm/v1/models"],
  ["port and IP", openai("http://192.168.1.20:9000"), undefined, "http://192.168.1.20:9000/v1/chat/completions", "http://192.168.1.20:9000/v1/models"],
  ["IPv6 host", openai("http://[::1]:8000/"), undefined, "http://[::1]:8000/v1/chat/completions", "http://[::1]:8000/v1/models"],
  // OpenAI: a version already in the path is kept.
  ["/api/v3 kept", openai("https://ark.cn-beijing.volces.com/api/v3"), undefined, "https://ark.cn-beijing.volces.com/api/v3/chat/completions", "https://ark.cn-beijing.volces.com/api/v3/models"],
  ["/v1beta kept", openai("https://example.com/v1beta/"), undefined, "https://example.com/v1beta/chat/completions", "https://example.com/v1beta/models"],
  ["/api/paas/v4 kept", openai("https://open.bigmodel.cn/api/paas/v4/"), undefined, "https://open.bigmodel.cn/api/paas/v4/chat/completions", "https://open.bigmodel.cn/api/paas/v4/models"],
  ["a version further in is kept (Gemini's OpenAI endpoint)", openai(`${googleHost}/v1beta/openai/`), undefined, `${googleHost}/v1beta/openai/chat/completions`, `${googleHost}/v1beta/openai/models`],
  ["a version further in is kept (gateway)", openai("https://gateway.ai.cloudflare.com/v1/acct/gw/openai"), undefined, "https://gateway.ai.cloudflare.com/v1/acct/gw/openai/chat/completions", "https://gateway.ai.cloudflare.com/v1/acct/gw/openai/models"],
  ["a v-word is not a version", openai("https://example.com/vendor"), undefined, "https://example.com/vendor/v1/chat/completions", "https://example.com/vendor/v1/models"],
  // OpenAI: pasted endpoint URLs are cut back to their base.
  ["pasted chat URL", openai("http://localhost:8000/v1/chat/completions"), undefined, "http://localhost:8000/v1/chat/completions", "http://localhost:8000/v1/models"],
  ["pasted chat URL without version", openai("http://localhost:8000/chat/completions/"), undefined, "http://localhost:8000/v1/chat/completions", "http://localhost:8000/v1/models"],
  ["pasted models URL", openai("https://api.openai.com/v1/models"), undefined, "https://api.openai.com/v1/chat/completions", "https://api.openai.com/v1/models"],
  ["pasted responses URL", openai("https://api.openai.com/v1/responses"), undefined, "https://api.openai.com/v1/chat/completions", "https://api.openai.com/v1/models"],
  // OpenAI: `#` means "as typed".
  ["# adds no version", openai("https://api.perplexity.ai#"), undefined, "https://api.perplexity.ai/chat/completions", "https://api.perplexity.ai/models"],
  ["# on a custom path", openai("https://proxy.example.com/custom/path/#"), undefined, "https://proxy.example.com/custom/path/chat/completions", "https://proxy.example.com/custom/path/models"],
  ["# on a chat endpoint is that endpoint", openai("https://proxy.example.com/api/chat/completions#"), undefined, "https://proxy.example.com/api/chat/completions", "https://proxy.example.com/api/models"],
  ["# on a models endpoint is that endpoint", openai("https://proxy.example.com/x/models#"), undefined, "https://proxy.example.com/x/chat/completions", "https://proxy.example.com/x/models"],
  ["# with a query", openai("https://proxy.example.com/run/chat/completions?team=a#"), undefined, "https://proxy.example.com/run/chat/completions?team=a", "https://proxy.example.com/run/models?team=a"],
  // OpenAI: query strings stay on every endpoint, verbatim.
  ["query string kept", openai("https://gw.example.com/v1?key=abc&team=a%20b"), undefined, "https://gw.example.com/v1/chat/completions?key=abc&team=a%20b", "https://gw.example.com/v1/models?key=abc&team=a%20b"],
  ["query string after a trailing slash", openai("http://localhost:8000/?x=1"), undefined, "http://localhost:8000/v1/chat/completions?x=1", "http://localhost:8000/v1/models?x=1"],
  // OpenAI-compatible presets.
  ["OpenRouter", openai("https://openrouter.ai/api/v1"), undefined, "https://openrouter.ai/api/v1/chat/completions", "https://openrouter.ai/api/v1/models"],
  ["Groq", openai("https://api.groq.com/openai/v1"), undefined, "https://api.groq.com/openai/v1/chat/completions", "https://api.groq.com/openai/v1/models"],
  ["DeepSeek", openai("https://api.deepseek.com"), undefined, "https://api.deepseek.com/v1/chat/completions", "https://api.deepseek.com/v1/models"],
  ["Ollama", openai("http://localhost:11434"), undefined, "http://localhost:11434/v1/chat/completions", "http://localhost:11434/v1/models"],
  ["LM Studio", openai("http://localhost:1234/v1"), undefined, "http://localhost:1234/v1/chat/completions", "http://localhost:1234/v1/models"],

  // OpenAI Responses: the OpenAI rules, chat on /responses.
  ["Responses bare host", responses("https://api.openai.com"), undefined, "https://api.openai.com/v1/responses", "https://api.openai.com/v1/models"],
  ["Responses with /v1/", responses("http://localhost:8000/v1/"), undefined, "http://localhost:8000/v1/responses", "http://localhost:8000/v1/models"],
  ["Responses pasted responses URL", responses("https://api.openai.com/v1/responses"), undefined, "https://api.openai.com/v1/responses", "https://api.openai.com/v1/models"],
  ["Responses pasted chat URL", responses("https://api.openai.com/v1/chat/completions"), undefined, "https://api.openai.com/v1/responses", "https://api.openai.com/v1/models"],
  ["Responses # on the responses endpoint is that endpoint", responses("https://proxy.example.com/api/responses#"), undefined, "https://proxy.example.com/api/responses", "https://proxy.example.com/api/models"],
  ["Responses # on a chat endpoint is not the responses one", responses("https://proxy.example.com/api/chat/completions#"), undefined, "https://proxy.example.com/api/responses", "https://proxy.example.com/api/models"],
  ["Responses query kept", responses("https://gw.example.com/v1?key=abc"), undefined, "https://gw.example.com/v1/responses?key=abc", "https://gw.example.com/v1/models?key=abc"],

  // Azure OpenAI: deployment + api-version, whatever the user pasted of the resource URL.
  ["Azure host", azure(azureHost, "2024-10-21"), "gpt-4o", `${azureHost}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, `${azureHost}/openai/models?api-version=2024-10-21`],
  ["Azure host with /openai/", azure(`${azureHost}/openai/`, "2024-10-21"), "gpt-4o", `${azureHost}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, `${azureHost}/openai/models?api-version=2024-10-21`],
  ["Azure preview api-version", azure(azureHost, "2025-04-01-preview"), "my deployment", `${azureHost}/openai/deployments/my%20deployment/chat/completions?api-version=2025-04-01-preview`, `${azureHost}/openai/models?api-version=2025-04-01-preview`],
  ["Azure default api-version", azure(azureHost), "gpt-4o", `${azureHost}/openai/deployments/gpt-4o/chat/completions?api-version=${defaultAzureApiVersion}`, `${azureHost}/openai/models?api-version=${defaultAzureApiVersion}`],
  ["Azure without a model shows the placeholder", azure(azureHost, "2024-10-21"), undefined, `${azureHost}/openai/deployments/{model}/chat/completions?api-version=2024-10-21`, `${azureHost}/openai/models?api-version=2024-10-21`],
  ["Azure pasted deployment URL", azure(`${azureHost}/openai/deployments/old/chat/completions?api-version=2024-02-01`), "gpt-4o", `${azureHost}/openai/deployments/gpt-4o/chat/completions?api-version=2024-02-01`, `${azureHost}/openai/models?api-version=2024-02-01`],
  ["Azure setting beats a pasted api-version", azure(`${azureHost}/openai?api-version=2024-02-01`, "2024-10-21"), "gpt-4o", `${azureHost}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, `${azureHost}/openai/models?api-version=2024-10-21`],
  ["Azure v1 API", azure(azureHost, "v1"), "gpt-4o", `${azureHost}/openai/v1/chat/completions`, `${azureHost}/openai/v1/models`],
  ["Azure v1 API from /openai/v1", azure(`${azureHost}/openai/v1/`, "v1"), "gpt-4o", `${azureHost}/openai/v1/chat/completions`, `${azureHost}/openai/v1/models`],
  ["Azure preview API", azure(`${azureHost}/openai`, "preview"), "gpt-4o", `${azureHost}/openai/v1/chat/completions?api-version=preview`, `${azureHost}/openai/v1/models?api-version=preview`],
  ["Azure v1 drops a pasted api-version", azure(`${azureHost}/openai/v1?api-version=2024-10-21`, "v1"), "gpt-4o", `${azureHost}/openai/v1/chat/completions`, `${azureHost}/openai/v1/models`],

  // Anthropic: {host}/v1/messages and /v1/models.
  ["Anthropic", anthropic("https://api.anthropic.com"), undefined, "https://api.anthropic.com/v1/messages", "https://api.anthropic.com/v1/models"],
  ["Anthropic with /v1/", anthropic("https://api.anthropic.com/v1/"), undefined, "https://api.anthropic.com/v1/messages", "https://api.anthropic.com/v1/models"],
  ["Anthropic pasted messages URL", anthropic("https://api.anthropic.com/v1/messages"), undefined, "https://api.anthropic.com/v1/messages", "https://api.anthropic.com/v1/models"],
  ["Anthropic-compatible path", anthropic("https://api.deepseek.com/anthropic"), undefined, "https://api.deepseek.com/anthropic/v1/messages", "https://api.deepseek.com/anthropic/v1/models"],
  ["Anthropic # literal", anthropic("https://proxy.example.com/claude#"), undefined, "https://proxy.example.com/claude/messages", "https://proxy.example.com/claude/models"],
  ["Anthropic # on the messages endpoint", anthropic("https://proxy.example.com/claude/messages#"), undefined, "https://proxy.example.com/claude/messages", "https://proxy.example.com/claude/models"],
  ["Anthropic port and query", anthropic("http://localhost:4000/?team=a"), undefined, "http://localhost:4000/v1/messages?team=a", "http://localhost:4000/v1/models?team=a"],

  // Gemini: {host}/v1beta/models/{model}:streamGenerateContent?alt=sse and /v1beta/models.
  ["Gemini", gemini(googleHost), "gemini-2.5-pro", `${googleHost}/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse`, `${googleHost}/v1beta/models`],
  ["Gemini trailing slash", gemini(`${googleHost}/`), "gemini-pro", `${googleHost}/v1beta/models/gemini-pro:streamGenerateContent?alt=sse`, `${googleHost}/v1beta/models`],
  ["Gemini without a model shows the placeholder", gemini(googleHost), undefined, `${googleHost}/v1beta/models/{model}:streamGenerateContent?alt=sse`, `${googleHost}/v1beta/models`],
  ["Gemini models/ prefix on the id", gemini(googleHost), "models/gemini-pro", `${googleHost}/v1beta/models/gemini-pro:streamGenerateContent?alt=sse`, `${googleHost}/v1beta/models`],
  ["Gemini /v1 kept", gemini(`${googleHost}/v1`), "gemini-pro", `${googleHost}/v1/models/gemini-pro:streamGenerateContent?alt=sse`, `${googleHost}/v1/models`],
  ["Gemini /v1beta/ kept", gemini(`${googleHost}/v1beta/`), "gemini-pro", `${googleHost}/v1beta/models/gemini-pro:streamGenerateContent?alt=sse`, `${googleHost}/v1beta/models`],
  ["Gemini pasted generateContent URL", gemini(`${googleHost}/v1beta/models/gemini-pro:generateContent`), "gemini-2.0-flash", `${googleHost}/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse`, `${googleHost}/v1beta/models`],
  ["Gemini proxy path gets /v1beta", gemini("https://proxy.example.com:8443/google/"), "gemini-pro", "https://proxy.example.com:8443/google/v1beta/models/gemini-pro:streamGenerateContent?alt=sse", "https://proxy.example.com:8443/google/v1beta/models"],
  ["Gemini # literal", gemini("https://proxy.example.com/google#"), "gemini-pro", "https://proxy.example.com/google/models/gemini-pro:streamGenerateContent?alt=sse", "https://proxy.example.com/google/models"],
  ["Gemini query merged with alt=sse", gemini(`${googleHost}?team=a`), "gemini-pro", `${googleHost}/v1beta/models/gemini-pro:streamGenerateContent?team=a&alt=sse`, `${googleHost}/v1beta/models?team=a`]
]

describe("endpoints", () => {
  it.each(table)("%s", (_label, settings, model, chat, models) => {
    expect(endpoints(settings, model)).toEqual({ chat, models })
  })

  it("accepts every base URL of the table", () => {
    for (const [label, settings] of table) {
      expect(Either.isRight(Schema.decodeUnknownEither(BaseUrlField)(settings.baseUrl)), label).toBe(true)
    }
  })

  it("yields URLs on the base URL's own origin for any valid http(s) URL", () => {
    fc.assert(
      fc.property(httpUrl, fc.constantFrom(...providerTypes), (raw, type) => {
        const decoded = Schema.decodeUnknownEither(BaseUrlField)(raw)
        expect(Either.isRight(decoded)).toBe(true)
        const origin = new URL(raw).origin
        const urls = endpoints({ type, baseUrl: raw }, "some-model")
        for (const url of [urls.chat, urls.models]) {
          expect(new URL(url).origin).toBe(origin)
          expect(url.startsWith(`${origin}/`)).toBe(true)
        }
      })
    )
  })
})

describe("embeddingsUrl", () => {
  it("is OpenAI's for an OpenAI Responses provider: its server serves /v1/embeddings too", () => {
    expect(embeddingsUrl(responses("https://api.openai.com"))).toBe("https://api.openai.com/v1/embeddings")
    expect(embeddingsUrl(responses("http://localhost:8000/v1/responses"))).toBe("http://localhost:8000/v1/embeddings")
  })
})

describe("BaseUrlField", () => {
  const problem = (raw: string) =>
    Either.match(Schema.decodeUnknownEither(BaseUrlField)(raw), {
      onLeft: (error) => toInvalidInput(error).problem,
      onRight: () => "accepted"
    })

  it.each([
    ["ftp://files.example.com", /http:\/\/ or https:\/\/, not ftp:/],
    ["file:///etc/passwd", /http:\/\/ or https:\/\/, not file:/],
    ["javascript:alert(1)", /http:\/\/ or https:\/\/, not javascript:/],
    ["ws://localhost:8000", /not ws:/],
    ["localhost:8000", /has no scheme.*http:\/\/localhost:8000/],
    ["api.openai.com/v1", /has no scheme/],
    ["//api.openai.com", /has no scheme/],
    // A query may hold a token: it is not echoed back.
    ["api.example.com/v1?key=sk-secret", /^has no scheme(?!.*sk-secret)/],
    // A key pasted into the wrong field is never echoed back.
    ["sk-proj-abcdefghijklmnop1234", /^has no scheme(?!.*sk-proj)/],
    ["AIzaSyA1234567890abcdefgh", /^has no scheme(?!.*AIza)/],
    ["http://exa mple.com/?key=sk-secret", /^is not a valid URL(?!.*sk-secret)/],
    ["", /must not be empty/],
    ["   \t ", /must not be empty/],
    ["http:/localhost", /two slashes and a host/],
    ["https://", /two slashes and a host/],
    ["http://exa mple.com", /not a valid URL/],
    ["http://user:pass@localhost:8000", /user name or password/],
    ["https://key@api.openai.com", /user name or password/],
    ["http://localhost:8000/#/v1", /# only as its last character/],
    [`https://example.com/${"a".repeat(2048)}`, /at most 2048/]
  ])("rejects %j", (raw, message) => {
    expect(problem(raw)).toMatch(message)
  })

  it("trims what it accepts", () => {
    expect(Schema.decodeUnknownSync(BaseUrlField)("  http://localhost:8000/ \n")).toBe("http://localhost:8000/")
  })

  it("rejects every scheme but http and https", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9+.-]{0,8}$/).filter((scheme) => scheme !== "http" && scheme !== "https"),
        fc.webAuthority(),
        (scheme, authority) => {
          expect(problem(`${scheme}://${authority}/v1`)).toMatch(`not ${scheme}:`)
        }
      )
    )
  })

  it.effect("names the baseUrl field when a provider's base URL is wrong", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(decodeInput(NewProvider)({ name: "x", type: "openai", baseUrl: "ftp://x" }))
      expect(error.field).toBe("baseUrl")
      expect(error.problem).toMatch(/not ftp:/)
    })
  )
})

// Valid http(s) base URLs: host names, IPv4 and IPv6, ports, paths with trailing slashes, queries, a trailing `#`.
const httpUrl = fc
  .tuple(
    fc.constantFrom("http", "https", "HTTP", "Https"),
    fc.webAuthority({ withIPv4: true, withIPv6: true, withPort: true }),
    fc.array(fc.webSegment(), { maxLength: 4 }),
    fc.constantFrom("", "/", "//"),
    fc.option(fc.webQueryParameters(), { nil: undefined }),
    fc.constantFrom("", "#")
  )
  .map(
    ([scheme, authority, segments, slash, query, hash]) =>
      `${scheme}://${authority}${segments.map((s) => `/${s}`).join("")}${slash}${query === undefined ? "" : `?${query}`}${hash}`
  )
