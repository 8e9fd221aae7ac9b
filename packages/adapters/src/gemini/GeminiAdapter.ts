/**
 * The Gemini (Generative Language API) implementation of the core's `ProviderAdapter`: the model list across all
 * pages, and one streamed generation (`alt=sse`) as neutral `ChatEvent`s. Interrupting the consumer aborts the
 * upstream request, because the response body is read as a stream whose end (of any kind) aborts the connection.
 */
import { HttpClient } from "@effect/platform"
import type { ChatRequest } from "@switchboard/core/ChatRequest"
import type { AdapterTarget, ProviderAdapter } from "@switchboard/core/ProviderAdapter"
import { Effect, Stream } from "effect"
import { bodyStream, invalidOutput } from "../internal/Http"
import { send } from "./GeminiErrors"
import { decodeFrames, FrameTooLarge } from "./GeminiFrames"
import { listModels } from "./GeminiModels"
import { chatRequest } from "./GeminiRequest"
import { translateFrames, translateJson } from "./GeminiStream"

const streamChat = (target: AdapterTarget, request: ChatRequest) => {
  const { ctx, request: httpRequest } = chatRequest(target, request)
  return send(httpRequest, ctx).pipe(
    Effect.map((response) => {
      // Without `alt=sse` (dropped by a proxy), Gemini answers a JSON array of chunks.
      if ((response.headers["content-type"] ?? "").includes("application/json"))
        return Stream.unwrap(
          response.text.pipe(
            Effect.mapError(() => invalidOutput(ctx, "the response body could not be read", response.status)),
            Effect.map((body) => translateJson(ctx, response.status, body))
          )
        )
      const frames = decodeFrames(bodyStream(response, ctx)).pipe(
        Stream.mapError((error) =>
          error instanceof FrameTooLarge
            ? invalidOutput(ctx, `a stream event exceeded ${error.maxFrameSize} bytes`, response.status)
            : error
        )
      )
      return translateFrames(ctx, response.status, frames)
    }),
    Stream.unwrap,
    Stream.withSpan("GeminiAdapter.streamChat")
  )
}

/** Built once per app with the HTTP client the app provides (Node's in production, any client in tests). */
export const make: Effect.Effect<ProviderAdapter, never, HttpClient.HttpClient> = Effect.gen(function* () {
  const client = yield* HttpClient.HttpClient
  return {
    listModels: Effect.fn("GeminiAdapter.listModels")(function* (target: AdapterTarget) {
      return yield* listModels(target).pipe(Effect.provideService(HttpClient.HttpClient, client))
    }),
    streamChat: (target, request) =>
      streamChat(target, request).pipe(Stream.provideService(HttpClient.HttpClient, client))
  }
})
