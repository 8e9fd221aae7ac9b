/**
 * Builds the exact HTTP requests the Gemini adapter sends: URLs from the core's base-URL rules (the chat URL names
 * the model: `…/v1beta/models/{model}:streamGenerateContent?alt=sse`), the key in `x-goog-api-key` (never `?key=` in
 * the URL, which would leak into logs and error messages), the provider's own headers, and the body.
 */
import { HttpClientRequest } from "@effect/platform"
import { endpoints } from "@switchboard/core/BaseUrl"
import { type ChatRequest, textOf } from "@switchboard/core/domain/ChatRequest"
import type { AdapterTarget } from "@switchboard/core/ProviderAdapter"
import { Option, Redacted } from "effect"
import { type Call, chatCall, pageCall } from "../internal/Http"
import type { GenerateContentRequest } from "./GeminiWire"

/**
 * The body: turns as `contents` (roles `user` and `model`), every system message as one part of
 * `systemInstruction` (Gemini's only place for them), and `generationConfig` only for what the request sets.
 */
export const toWire = (request: ChatRequest): GenerateContentRequest => {
  const system = request.messages.filter((message) => message.role === "system")
  const config = {
    ...(request.maxTokens === undefined ? {} : { maxOutputTokens: request.maxTokens }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature })
  }
  return {
    contents: request.messages.flatMap((message) =>
      message.role === "system" || message.role === "tool"
        ? []
        : [
            {
              role: message.role === "assistant" ? ("model" as const) : ("user" as const),
              parts: [{ text: textOf(message) }]
            }
          ]
    ),
    ...(system.length === 0
      ? {}
      : { systemInstruction: { parts: system.map((message) => ({ text: textOf(message) })) } }),
    ...(Object.keys(config).length === 0 ? {} : { generationConfig: config })
  }
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

/** The streamed `POST …:streamGenerateContent?alt=sse` for one chat request. */
export const chatRequest = (target: AdapterTarget, request: ChatRequest): Call =>
  chatCall(
    endpoints({ type: "gemini", baseUrl: target.provider.baseUrl }, request.model).chat,
    toWire(request),
    target,
    withHeaders
  )

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
