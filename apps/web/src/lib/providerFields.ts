/**
 * The checks the dashboard runs on a provider's fields before sending them, so every problem shows at once under
 * its field, named by its label and in the unit the field is typed in (seconds, not the API's milliseconds). They
 * mirror the server's rules (`ProviderInput.ts` in the core), which stay the authority: what passes here may still
 * be refused there, and that refusal is shown under its field too (`providerFieldPaths`).
 */
import type { ProviderType } from "@switchboard/core/domain/ProviderTypes"

/** The longest provider name the server keeps. */
export const maxNameLength = 64

export const nameProblem = (name: string): string | undefined => {
  const trimmed = name.trim()
  if (trimmed === "") return "Name is empty; give the provider a name."
  if (trimmed.length > maxNameLength)
    return `Name has ${trimmed.length} characters; at most ${maxNameLength} are kept. Shorten it.`
  return undefined
}

/** Empty is fine where a preset or the type gives the URL (`optional`). */
export const baseUrlProblem = (url: string, optional = false): string | undefined => {
  const trimmed = url.trim()
  if (trimmed === "") return optional ? undefined : "Base URL is empty; write it like http://localhost:8000."
  if (!/^https?:\/\/[^\s/]+/i.test(trimmed)) return "Base URL must start with http:// or https:// and a host."
  return undefined
}

export const apiVersionProblem = (version: string): string | undefined =>
  version.trim() === "" || /^[A-Za-z0-9._-]{1,32}$/.test(version.trim())
    ? undefined
    : "API version must look like 2024-10-21 or v1."

/** A timeout typed in seconds, from 0.1 to `maxSeconds`. */
export const secondsProblem = (label: string, text: string, maxSeconds: number): string | undefined => {
  const seconds = Number(text)
  if (text.trim() === "" || !Number.isFinite(seconds) || seconds < 0.1 || seconds > maxSeconds)
    return `${label} must be between 0.1 and ${maxSeconds} seconds.`
  return undefined
}

export const retriesProblem = (text: string): string | undefined => {
  const retries = Number(text)
  return text.trim() === "" || !Number.isInteger(retries) || retries < 0 || retries > 10
    ? "Retries must be a whole number from 0 to 10."
    : undefined
}

/** The server's field paths (API path prefix → form field), for putting its refusal under the right field. */
export const providerFieldPaths: Readonly<Record<string, string>> = {
  id: "id",
  name: "name",
  type: "type",
  baseUrl: "baseUrl",
  apiVersion: "apiVersion",
  apiKeys: "apiKeys",
  headers: "headers",
  "timeouts.firstByteMs": "firstByteS",
  "timeouts.idleMs": "idleS",
  "timeouts.verifyMs": "verifyS",
  "timeouts.maxRetries": "maxRetries"
}

/** What happens to a base URL of this type, said under the field (the rules are the core's `BaseUrl.ts`). */
export const baseUrlHint: Readonly<Record<ProviderType, string>> = {
  openai: "/v1 is added unless the path already has a version; end with # to use the URL exactly as typed.",
  "openai-responses": "/v1 is added unless the path already has a version; end with # to use the URL exactly as typed.",
  anthropic: "/v1 is added unless the path already has a version; end with # to use the URL exactly as typed.",
  gemini: "/v1beta is added unless the path already has a version; end with # to use the URL exactly as typed.",
  "azure-openai":
    "Only the resource (https://NAME.openai.azure.com) is used; the deployment and the API version are added."
}
