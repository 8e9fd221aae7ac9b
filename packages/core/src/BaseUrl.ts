/**
 * The base-URL rules, in one place: how a user's base URL becomes the exact URL of each endpoint. Every frontend
 * shows these URLs before a request is sent, and the adapters call exactly these URLs.
 *
 * The rules, per type (`test/BaseUrl.test.ts` is their table):
 * - A pasted endpoint URL (`…/v1/chat/completions`, `…/v1/messages`, `…/v1beta/models/x:generateContent`) is cut
 *   back to its base first, so pasting from API docs just works.
 * - OpenAI, Anthropic and Gemini add their version (`/v1`, `/v1`, `/v1beta`) unless the path already holds a version
 *   segment (`/v1`, `/api/v3`, `/v1beta`, or one further in, as in Gemini's `/v1beta/openai` or a gateway's
 *   `/v1/{account}/{gateway}/openai`): the same test Cherry Studio applies.
 * - A base URL ending in `#` is used as typed: no version is added, and if it ends in an endpoint path
 *   (`/chat/completions#`) that exact URL is that endpoint.
 * - Azure OpenAI keeps only the resource host (with or without `/openai`) and builds the deployment URL with
 *   `api-version`; the `v1` (and `preview`) api-version uses the `/openai/v1/…` API instead.
 * - A query string in the base URL (a gateway's `?key=…`) is kept on every endpoint.
 */
import { Schema } from "effect"
import type { ProviderType } from "./domain/ProviderTypes"
import { maskUrl } from "./domain/SecretUrl"

/** A base URL as a user types it: trimmed, http or https, with a host. */
export const BaseUrlField = Schema.Trim.pipe(
  Schema.filter((raw) => {
    if (raw.length === 0) return "must not be empty; write it like http://localhost:8000 or https://api.openai.com"
    if (raw.length > 2048) return "must be at most 2048 characters"
    // `localhost:8000` parses as scheme `localhost`, so a scheme followed by a digit is a port, not a scheme.
    const scheme = /^([a-z][a-z0-9+.-]*):(?!\d)/i.exec(raw)?.[1]
    // Echo back only what is clearly a host (localhost, an IP, a dotted name): anything else may be a pasted key.
    if (scheme === undefined)
      return /^(?:localhost|[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d+)?(?:\/[\w./-]*)?$/i.test(raw) && raw.length <= 100
        ? `has no scheme; start it with http:// or https:// (like http://${raw})`
        : "has no scheme; start it with http:// or https://"
    if (!/^https?$/i.test(scheme)) return `must use http:// or https://, not ${scheme.toLowerCase()}:`
    if (!/^https?:\/\/[^/]/i.test(raw))
      return `must be written ${scheme.toLowerCase()}://host, with two slashes and a host`
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      return "is not a valid URL (look for spaces or stray characters); write it like http://localhost:8000"
    }
    if (url.username !== "" || url.password !== "")
      return "must not contain a user name or password (user:pass@); put credentials in the API keys"
    if (raw.indexOf("#") !== -1 && raw.indexOf("#") !== raw.length - 1)
      return "may contain # only as its last character (meaning: use this URL as typed)"
    return true
  })
)

/** The settings that decide a provider's URLs. */
export interface UrlSettings {
  readonly type: ProviderType
  readonly baseUrl: string
  readonly apiVersion?: string | undefined
}

/** The exact URLs of a provider's endpoints. */
export interface Endpoints {
  /** Streamed generation. For Gemini and Azure deployments it names the model; without one, `{model}` stands in. */
  readonly chat: string
  readonly models: string
}

/** Azure's GA data-plane version, used when the user sets none. */
export const defaultAzureApiVersion = "2024-10-21"

/** The stand-in for the model when the caller names none; shown as is, never percent-encoded. */
const modelPlaceholder = "{model}"

/** A whole path segment naming an API version: `/v1`, `/v3`, `/v1beta`, `/v2alpha1`. */
const versionSegment = /\/v\d+(?:alpha\d*|beta\d*)?(?=\/|$)/i

interface Parsed {
  readonly origin: string
  /** Without trailing slashes. */
  readonly path: string
  /** As typed, `?` included, or empty. */
  readonly search: string
  readonly literal: boolean
}

const parse = (raw: string): Parsed => {
  const trimmed = raw.trim()
  const literal = trimmed.endsWith("#")
  const url = new URL(literal ? trimmed.slice(0, -1) : trimmed)
  return { origin: url.origin, path: url.pathname.replace(/\/+$/, ""), search: url.search, literal }
}

/** The URL of `path` on the base URL's origin, with its query, plus `query` (a `null` value removes that key). */
const join = (p: Parsed, path: string, query: Readonly<Record<string, string | null>> = {}) => {
  if (Object.keys(query).length === 0) return `${p.origin}${path}${p.search}`
  const params = new URLSearchParams(p.search)
  for (const [key, value] of Object.entries(query)) {
    if (value === null) params.delete(key)
    else params.set(key, value)
  }
  const search = params.toString()
  return `${p.origin}${path}${search === "" ? "" : `?${search}`}`
}

/** The base path with a pasted endpoint (`pattern`, anchored at the end) cut off, and the endpoint if there was one. */
const split = (path: string, pattern: RegExp): { readonly root: string; readonly endpoint: string | undefined } => {
  const match = pattern.exec(path)
  return match ? { root: path.slice(0, match.index), endpoint: match[0] } : { root: path, endpoint: undefined }
}

/** The root of the API: as typed for a literal URL, else with `version` added unless the path holds one already. */
const apiRoot = (p: Parsed, root: string, version: string) =>
  p.literal || versionSegment.test(root) ? root : `${root}/${version}`

const openAiEndpoint = /\/(?:chat\/completions|completions|chat|models|responses|embeddings)$/

/**
 * An OpenAI-style API's URL for `path` (`/chat/completions`, `/responses`, `/embeddings`, `/models`): a literal base
 * URL that ends in that path is that URL.
 */
const openAiUrl = (p: Parsed, path: string) => {
  const { root, endpoint } = split(p.path, openAiEndpoint)
  return join(p, p.literal && endpoint === path ? p.path : `${apiRoot(p, root, "v1")}${path}`)
}

/** OpenAI-compatible servers chat over Chat Completions; the `openai-responses` type over the Responses API. */
const openAi = (p: Parsed, chat: "/chat/completions" | "/responses"): Endpoints => ({
  chat: openAiUrl(p, chat),
  models: openAiUrl(p, "/models")
})

/** An Azure URL: `operation` (`chat/completions`, `embeddings`) of the deployment `model`, or the model list. */
const azureUrl = (p: Parsed, apiVersion: string | undefined, model: string, operation: string | "models") => {
  // Only the resource host matters; `/openai`, `/openai/v1` or a pasted deployment URL are rebuilt below.
  const host = p.path.replace(/\/openai(?:\/.*)?$/, "")
  const version = apiVersion ?? new URLSearchParams(p.search).get("api-version") ?? defaultAzureApiVersion
  if (version === "v1" || version === "preview")
    return join(p, `${host}/openai/v1/${operation}`, { "api-version": version === "preview" ? "preview" : null })
  const query = { "api-version": version }
  if (operation === "models") return join(p, `${host}/openai/models`, query)
  const deployment = model === modelPlaceholder ? model : encodeURIComponent(model)
  return join(p, `${host}/openai/deployments/${deployment}/${operation}`, query)
}

const azure = (p: Parsed, apiVersion: string | undefined, model: string): Endpoints => ({
  chat: azureUrl(p, apiVersion, model, "chat/completions"),
  models: azureUrl(p, apiVersion, model, "models")
})

const anthropic = (p: Parsed): Endpoints => {
  const { root, endpoint } = split(p.path, /\/(?:messages|models)$/)
  const base = apiRoot(p, root, "v1")
  return {
    chat: join(p, p.literal && endpoint === "/messages" ? p.path : `${base}/messages`),
    models: join(p, p.literal && endpoint === "/models" ? p.path : `${base}/models`)
  }
}

/** The root of Gemini's API: `…/models` or a pasted `…/models/gemini-pro:generateContent` is cut off. */
const geminiRoot = (p: Parsed) => apiRoot(p, split(p.path, /\/models(?:\/[^/]*)?$/).root, "v1beta")

/** A method of the model `model` (`streamGenerateContent`, `batchEmbedContents`). */
const geminiModelUrl = (p: Parsed, model: string, method: string, query: Record<string, string> = {}) => {
  const name = model.replace(/^models\//, "")
  const segment = name === modelPlaceholder ? name : encodeURIComponent(name)
  return join(p, `${geminiRoot(p)}/models/${segment}:${method}`, query)
}

const gemini = (p: Parsed, model: string): Endpoints => ({
  chat: geminiModelUrl(p, model, "streamGenerateContent", { alt: "sse" }),
  models: join(p, `${geminiRoot(p)}/models`)
})

/**
 * The endpoints of a provider. `baseUrl` must already be valid (`BaseUrlField`); `model` is the model id (Gemini) or
 * deployment name (Azure) the chat URL names.
 */
export const endpoints = (settings: UrlSettings, model = modelPlaceholder): Endpoints => {
  const parsed = parse(settings.baseUrl)
  switch (settings.type) {
    case "openai":
      return openAi(parsed, "/chat/completions")
    case "openai-responses":
      return openAi(parsed, "/responses")
    case "azure-openai":
      return azure(parsed, settings.apiVersion, model)
    case "anthropic":
      return anthropic(parsed)
    case "gemini":
      return gemini(parsed, model)
  }
}

/**
 * The URL embeddings of `model` are asked at: OpenAI's `/embeddings` (Azure's per deployment), Gemini's
 * `batchEmbedContents`; none for Anthropic, which has no embeddings API.
 */
export const embeddingsUrl = (settings: UrlSettings, model = modelPlaceholder): string | undefined => {
  const parsed = parse(settings.baseUrl)
  switch (settings.type) {
    case "openai":
    case "openai-responses":
      return openAiUrl(parsed, "/embeddings")
    case "azure-openai":
      return azureUrl(parsed, settings.apiVersion, model, "embeddings")
    case "anthropic":
      return undefined
    case "gemini":
      return geminiModelUrl(parsed, model, "batchEmbedContents")
  }
}

/** The endpoints as a user is shown them: a credential in the base URL's query (`?key=…`) masked (`SecretUrl`). */
export const shownEndpoints = (settings: UrlSettings, model?: string): Endpoints => {
  const { chat, models } = endpoints(settings, model)
  return { chat: maskUrl(chat), models: maskUrl(models) }
}
