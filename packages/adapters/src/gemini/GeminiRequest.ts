/**
 * Builds the exact HTTP requests the Gemini adapter sends: URLs from the core's base-URL rules (the chat URL names
 * the model: `…/v1beta/models/{model}:streamGenerateContent?alt=sse`, `…:batchEmbedContents`), the key in
 * `x-goog-api-key` (never `?key=` in the URL, which would leak into logs and error messages), the provider's own
 * headers, and the body.
 */
import { HttpClientRequest } from "@effect/platform"
import { embeddingsUrl, endpoints } from "@switchboard/core/BaseUrl"
import type { ChatRequest } from "@switchboard/core/domain/ChatRequest"
import { ProviderError } from "@switchboard/core/domain/Errors"
import type { AdapterTarget } from "@switchboard/core/ProviderAdapter"
import { Option, Redacted } from "effect"
import { type Call, callContext, chatCall, pageCall, scrub } from "../internal/Http"
import { toConversation } from "./GeminiContents"
import { toOptions } from "./GeminiOptions"
import { Refusal } from "./GeminiRefusal"
import type { BatchEmbedContentsBody, GenerateContentBody } from "./GeminiWire"

/**
 * The body: the conversation (`GeminiContents`), the options (`GeminiOptions`), then the request's `providerOptions`
 * over the top level as given, so fields Switchboard has no word for (`safetySettings`, `cachedContent`) pass
 * through. Or the `Refusal` of what Gemini cannot be sent.
 */
export const toWire = (request: ChatRequest): GenerateContentBody | Refusal => {
  const conversation = toConversation(request.messages)
  if (conversation instanceof Refusal) return conversation
  const options = toOptions(request)
  if (options instanceof Refusal) return options
  return { ...conversation, ...options, ...request.providerOptions }
}

/** The provider's headers, then the key, which they cannot override. */
const withHeaders = (request: HttpClientRequest.HttpClientRequest, target: AdapterTarget) =>
  Option.match(target.apiKey, {
    onNone: () => HttpClientRequest.setHeaders(request, target.provider.headers),
    onSome: (key) =>
      request.pipe(
        HttpClientRequest.setHeaders(target.provider.headers),
        HttpClientRequest.setHeader("x-goog-api-key", Redacted.value(key))
      )
  })

/**
 * The streamed `POST …:streamGenerateContent?alt=sse` for one chat request, or `…:generateContent` when `stream` is
 * false (a caller that wants the answer whole); refused with `InvalidRequest`.
 */
export const chatRequest = (target: AdapterTarget, request: ChatRequest, stream = true): Call | ProviderError => {
  const streamed = endpoints({ type: "gemini", baseUrl: target.provider.baseUrl }, request.model).chat
  const url = stream ? streamed : streamed.replace(/:streamGenerateContent\?alt=sse$/, ":generateContent")
  const body = toWire(request)
  if (!(body instanceof Refusal)) return chatCall(url, body, target, withHeaders)
  const ctx = callContext(url, target)
  return new ProviderError({ reason: "InvalidRequest", url: ctx.url, detail: scrub(body.detail, ctx) })
}

/** The `POST …:batchEmbedContents` of one embeddings request, accepting JSON. */
export const embedRequest = (target: AdapterTarget, model: string, body: BatchEmbedContentsBody): Call => {
  // Gemini's and Switchboard's rules agree: the URL names the model, a key goes in a header.
  const url = embeddingsUrl({ type: "gemini", baseUrl: target.provider.baseUrl }, model)!
  return {
    request: withHeaders(
      HttpClientRequest.post(url).pipe(HttpClientRequest.bodyUnsafeJson(body), HttpClientRequest.acceptJson),
      target
    ),
    ctx: callContext(url, target)
  }
}

/** The largest page `GET /v1beta/models` serves, so one request usually suffices. */
export const modelsPageSize = 1000

/** One page of `GET …/models`, continuing at `pageToken` when given. */
export const modelsRequest = (target: AdapterTarget, pageToken: string | undefined): Call =>
  pageCall(
    endpoints({ type: "gemini", baseUrl: target.provider.baseUrl }).models,
    { pageSize: String(modelsPageSize), pageToken },
    target,
    withHeaders
  )
