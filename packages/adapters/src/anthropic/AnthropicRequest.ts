/**
 * Builds the exact HTTP requests the Anthropic adapter sends: URLs from the core's base-URL rules, the key in
 * `x-api-key` (never in the URL), the pinned `anthropic-version`, the provider's own headers, and the Messages body.
 */
import { HttpClientRequest } from "@effect/platform"
import { endpoints } from "@switchboard/core/BaseUrl"
import type { ChatRequest } from "@switchboard/core/domain/ChatRequest"
import type { AdapterTarget } from "@switchboard/core/ProviderAdapter"
import { Option, Redacted } from "effect"
import { type Call, chatCall, pageCall } from "../internal/Http"
import { jsonTool, type MessagesContext } from "./AnthropicJsonTool"
import { messagesOf, systemOf } from "./AnthropicMessages"
import { optionFields, thinkingBudget } from "./AnthropicOptions"
import { toolFields } from "./AnthropicTools"
import type { MessagesRequest } from "./AnthropicWire"

/** The API version every request pins; a provider's own `anthropic-version` header overrides it. */
export const anthropicVersion = "2023-06-01"

/**
 * The Messages body: the conversation (`AnthropicMessages`), the options (`AnthropicOptions`), the tools
 * (`AnthropicTools`), then the request's `providerOptions` merged into the top level last, so fields Switchboard does
 * not model (`metadata`, `service_tier`, …) pass through and a caller may override any other.
 */
export const toWire = (request: ChatRequest, stream = true): MessagesRequest => {
  const system = systemOf(request.messages)
  const budget = thinkingBudget(request.reasoning)
  return {
    model: request.model,
    messages: messagesOf(request.messages),
    ...(system === undefined ? {} : { system }),
    ...optionFields(request, budget),
    ...toolFields(request, budget !== undefined),
    stream,
    ...request.providerOptions
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

/**
 * The `POST …/messages` for one chat request, streamed unless `stream` is false (a caller that wants the answer whole);
 * its context names the JSON tool, if any, for the reader.
 */
export const chatRequest = (target: AdapterTarget, request: ChatRequest, stream = true): Call => {
  const call = chatCall(urls(target).chat, toWire(request, stream), target, withHeaders)
  const json = jsonTool(request.responseFormat)
  if (json === undefined) return call
  const ctx: MessagesContext = { ...call.ctx, jsonTool: json.name }
  return { ...call, ctx }
}

/** The largest page `GET /v1/models` serves, so most accounts need one request. */
export const modelsPageSize = 1000

/** One page of `GET …/models`, continuing after `afterId` when given. */
export const modelsRequest = (target: AdapterTarget, afterId: string | undefined): Call =>
  pageCall(urls(target).models, { limit: String(modelsPageSize), after_id: afterId }, target, withHeaders)
