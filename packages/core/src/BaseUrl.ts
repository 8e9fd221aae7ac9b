/**
 * The base-URL rules, in one place: how a user's base URL becomes the exact URL of each endpoint. Every frontend
 * shows these URLs before a request is sent, and the adapters call exactly these URLs.
 */
import { Schema } from "effect"

/** A base URL as a user types it: trimmed, http or https, with a host. */
export const BaseUrlField = Schema.Trim.pipe(
  Schema.filter((raw) => {
    if (raw.length === 0) return "must not be empty"
    if (raw.length > 2048) return "must be at most 2048 characters"
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      return `"${raw}" is not a URL; write it like http://localhost:8000 or https://api.openai.com`
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      return `must start with http:// or https:// (got ${url.protocol.slice(0, -1)})`
    if (url.username !== "" || url.password !== "") return "must not contain a user name or password; use API keys"
    return true
  })
)

/** The settings that decide a provider's URLs. */
export interface UrlSettings {
  readonly type: "openai" | "azure-openai" | "anthropic" | "gemini"
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

const versionSegment = /\/v\d+(?:[a-z]+\d*)?$/i
const knownEndpoint = /\/(?:chat\/completions|completions|models|messages|responses)$/

interface Parsed {
  readonly origin: string
  readonly path: string
  readonly search: string
  readonly literal: boolean
}

const parse = (raw: string): Parsed => {
  const trimmed = raw.trim()
  const literal = trimmed.endsWith("#")
  const url = new URL(literal ? trimmed.slice(0, -1) : trimmed)
  return { origin: url.origin, path: url.pathname.replace(/\/+$/, ""), search: url.search, literal }
}

/** Adds `version` unless the path already ends in a version segment (`/v1`, `/api/v3`, `/v1beta`). */
const versioned = (path: string, version: string) => (versionSegment.test(path) ? path : `${path}/${version}`)

const join = (p: Parsed, path: string, query = "") => {
  const params = new URLSearchParams(p.search)
  for (const [key, value] of new URLSearchParams(query)) params.set(key, value)
  const search = params.toString()
  return `${p.origin}${path}${search === "" ? "" : `?${search}`}`
}

const openAi = (p: Parsed): Endpoints => {
  if (p.literal) {
    // `…#` means "use what I typed": an endpoint path is the endpoint, anything else gets no `/v1`.
    const match = p.path.match(knownEndpoint)
    const root = match ? p.path.slice(0, -match[0].length) : p.path
    return {
      chat: join(p, match?.[0] === "/chat/completions" ? p.path : `${root}/chat/completions`),
      models: join(p, `${root}/models`)
    }
  }
  const root = versioned(p.path.replace(knownEndpoint, "").replace(/\/chat$/, ""), "v1")
  return { chat: join(p, `${root}/chat/completions`), models: join(p, `${root}/models`) }
}

const azure = (p: Parsed, apiVersion: string, model: string): Endpoints => {
  const host = p.path.replace(/\/openai(?:\/v1)?(?:\/.*)?$/, "")
  if (apiVersion === "v1" || apiVersion === "preview") {
    const query = apiVersion === "preview" ? "api-version=preview" : ""
    return { chat: join(p, `${host}/openai/v1/chat/completions`, query), models: join(p, `${host}/openai/v1/models`, query) }
  }
  const query = `api-version=${encodeURIComponent(apiVersion)}`
  return {
    chat: join(p, `${host}/openai/deployments/${encodeURIComponent(model)}/chat/completions`, query),
    models: join(p, `${host}/openai/models`, query)
  }
}

const anthropic = (p: Parsed): Endpoints => {
  const root = p.literal ? p.path : versioned(p.path.replace(/\/(?:messages|models)$/, ""), "v1")
  return { chat: join(p, `${root}/messages`), models: join(p, `${root}/models`) }
}

const gemini = (p: Parsed, model: string): Endpoints => {
  const root = p.literal ? p.path : versioned(p.path.replace(/\/models(?:\/.*)?$/, ""), "v1beta")
  const name = model.replace(/^models\//, "")
  return {
    chat: join(p, `${root}/models/${name === "{model}" ? name : encodeURIComponent(name)}:streamGenerateContent`, "alt=sse"),
    models: join(p, `${root}/models`)
  }
}

/**
 * The endpoints of a provider. `baseUrl` must already be valid (`BaseUrlField`); `model` is the model id (Gemini) or
 * deployment name (Azure) the chat URL names.
 */
export const endpoints = (settings: UrlSettings, model = "{model}"): Endpoints => {
  const parsed = parse(settings.baseUrl)
  switch (settings.type) {
    case "openai":
      return openAi(parsed)
    case "azure-openai":
      return azure(parsed, settings.apiVersion ?? defaultAzureApiVersion, model)
    case "anthropic":
      return anthropic(parsed)
    case "gemini":
      return gemini(parsed, model)
  }
}
