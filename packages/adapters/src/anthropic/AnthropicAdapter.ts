/**
 * The Anthropic (Messages API) implementation of the core's `ProviderAdapter`: the model list across all pages, and
 * one streamed generation as neutral `ChatEvent`s. Interrupting the consumer aborts the upstream request, because
 * the response body is read as a stream whose end (of any kind) aborts the connection.
 */
import { HttpClient } from "@effect/platform"
import type { ChatRequest } from "@switchboard/core/ChatRequest"
import type { AdapterTarget, ProviderAdapter } from "@switchboard/core/ProviderAdapter"
import { Effect, Stream } from "effect"
import { bodyStream, invalidOutput, send } from "../internal/Http"
import { decodeSse, SseTooLarge } from "../internal/Sse"
import { refineStatus } from "./AnthropicErrors"
import { listModels } from "./AnthropicModels"
import { chatRequest } from "./AnthropicRequest"
import { translateJson, translateStream } from "./AnthropicStream"

const streamChat = (target: AdapterTarget, request: ChatRequest) => {
  const { ctx, request: httpRequest } = chatRequest(target, request)
  return send(httpRequest, ctx, refineStatus).pipe(
    Effect.map((response) => {
      // A server or proxy that ignored `stream: true` answers with the whole message as JSON.
      if ((response.headers["content-type"] ?? "").includes("application/json"))
        return Stream.unwrap(
          response.text.pipe(
            Effect.mapError(() => invalidOutput(ctx, "the response body could not be read", response.status)),
            Effect.map((body) => translateJson(ctx, response.status, body))
          )
        )
      const events = decodeSse(bodyStream(response, ctx)).pipe(
        Stream.mapError((error) =>
          error instanceof SseTooLarge
            ? invalidOutput(ctx, `a stream event exceeded ${error.maxEventSize} bytes`, response.status)
            : error
        )
      )
      return translateStream(ctx, response.status, events)
    }),
    Stream.unwrap,
    Stream.withSpan("AnthropicAdapter.streamChat")
  )
}

/** Built once per app with the HTTP client the app provides (Node's in production, any client in tests). */
export const make: Effect.Effect<ProviderAdapter, never, HttpClient.HttpClient> = Effect.gen(function* () {
  const client = yield* HttpClient.HttpClient
  return {
    listModels: Effect.fn("AnthropicAdapter.listModels")(function* (target: AdapterTarget) {
      return yield* listModels(target).pipe(Effect.provideService(HttpClient.HttpClient, client))
    }),
    streamChat: (target, request) =>
      streamChat(target, request).pipe(Stream.provideService(HttpClient.HttpClient, client))
  }
})
