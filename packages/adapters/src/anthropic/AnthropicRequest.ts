/**
 * Builds the exact HTTP requests the Anthropic adapter sends: URLs from the core's base-URL rules, the key in
 * `x-api-key` (never in the URL), the pinned `anthropic-version`, the provider's own headers, and the Messages body.
 */
import { HttpClientRequest } from "@effect/platform"
import { endpoints } from "@switchboard/core/BaseUrl"
import { type ChatRequest, textOf } from "@switchboard/core/domain/ChatRequest"
import type { AdapterTarget } from "@switchboard/core/ProviderAdapter"
import { Option, Redacted } from "effect"
import { type Call, chatCall, pageCall } from "../internal/Http"
import type { MessagesRequest } from "./AnthropicWire"

/** The API version every request pins; a provider's own `anthropic-version` header overrides it. */
export const anthropicVersion = "2023-06-01"

/**
 * Anthropic rejects a request without `max_tokens`, unlike the other protocols, so a request that sets none gets
 * this: enough for a long answer, and within the output limit of every current Claude model.
 */
export const defaultMaxTokens = 4096

/**
 * The Messages body. System messages, wherever they stand, join (blank-line separated) into the top-level `system`,
 * the only place Anthropic takes them. The neutral temperature uses OpenAI's 0–2 range; Anthropic accepts 0–1, so
 * anything above 1 is sent as 1 rather than failing the request.
 */
export const toWire = (request: ChatRequest): MessagesRequest => {
  const system = request.messages.filter((message) => message.role === "system").map(textOf)
  return {
    model: request.model,
    max_tokens: request.maxTokens ?? defaultMaxTokens,
    messages: request.messages.flatMap((message) =>
      message.role === "system" || message.role === "tool" ? [] : [{ role: message.role, content: textOf(message) }]
    ),
    ...(system.length === 0 ? {} : { system: system.join("\n\n") }),
    ...(request.temperature === undefined ? {} : { temperature: Math.min(request.temperature, 1) }),
    stream: true
  }
}

/** Version first, then the provider's headers (which may override it or add `anthropic-beta`), then the key. */
const withHeaders = (request: HttpClientRequest.HttpClientRequest, target: AdapterTarget) =>
  request.pipe(
    HttpClientRequest.setHeader("anthropic-version", anthropicVersion),
    HttpClientRequest.setHeaders(target.provider.headers),
    (req) =>
      Option.match(target.apiKey, {
        onNone: () => req,
        onSome: (key) => HttpClientRequest.setHeader(req, "x-api-key", Redacted.value(key))
      })
  )

const urls = (target: AdapterTarget) => endpoints({ type: "anthropic", baseUrl: target.provider.baseUrl })

/** The streamed `POST …/messages` for one chat request. */
export const chatRequest = (target: AdapterTarget, request: ChatRequest): Call =>
  chatCall(urls(target).chat, toWire(request), target, withHeaders)

/** The largest page `GET /v1/models` serves, so most accounts need one request. */
export const modelsPageSize = 1000

/** One page of `GET …/models`, continuing after `afterId` when given. */
export const modelsRequest = (target: AdapterTarget, afterId: string | undefined): Call =>
  pageCall(urls(target).models, { limit: String(modelsPageSize), after_id: afterId }, target, withHeaders)
