/**
 * A protocol's pieces made into the core's `ProviderAdapter`, the same way for every protocol: the app's HTTP client
 * is bound once, when the adapter is built, and every call is a named span (`<Name>.listModels`,
 * `<Name>.streamChat`). A protocol says only what differs: how it lists models, builds and sends a chat request, and
 * reads the answer (`Answer`).
 */
import { HttpClient, type HttpClientRequest, type HttpClientResponse } from "@effect/platform"
import type { ChatRequest } from "@switchboard/core/domain/ChatRequest"
import { ProviderError } from "@switchboard/core/domain/Errors"
import type { AdapterTarget, ProviderAdapter } from "@switchboard/core/ProviderAdapter"
import type { RemoteModel } from "@switchboard/core/domain/RemoteModel"
import { Effect, Stream } from "effect"
import { type AnswerFormat, readAnswer } from "./Answer"
import type { Call, CallContext } from "./Http"

export interface Protocol {
  /** Span prefix (`OpenAiAdapter`, `AnthropicAdapter`, …). */
  readonly name: string
  readonly listModels: (
    target: AdapterTarget
  ) => Effect.Effect<ReadonlyArray<RemoteModel>, ProviderError, HttpClient.HttpClient>
  /**
   * The exact streamed chat request, and the context its errors are reported in; or the `ProviderError` that a
   * request the protocol cannot express (an unconvertible schema, nothing to send) fails with before sending.
   */
  readonly chatRequest: (target: AdapterTarget, request: ChatRequest) => Call | ProviderError
  /** Sends a request; a non-2xx answer fails with the protocol's reading of it. */
  readonly send: (
    request: HttpClientRequest.HttpClientRequest,
    ctx: CallContext
  ) => Effect.Effect<HttpClientResponse.HttpClientResponse, ProviderError, HttpClient.HttpClient>
  readonly answer: AnswerFormat
}

/**
 * Built once per app with the HTTP client the app provides (Node's in production, any client in tests). Interrupting
 * a chat's consumer aborts its upstream request: the body is read as a stream whose end, of any kind, aborts it.
 */
export const makeAdapter = (protocol: Protocol): Effect.Effect<ProviderAdapter, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (appClient) => {
    // The adapter's own spans name each call already. The client's span per request also recorded every header and
    // sent trace headers (`traceparent`, `b3`) to the provider, a third party: about a fifth of the client's cost.
    const client = HttpClient.withTracerDisabledWhen(appClient, () => true)
    const provide = Effect.provideService(HttpClient.HttpClient, client)
    return {
      listModels: Effect.fn(`${protocol.name}.listModels`)(function* (target: AdapterTarget) {
        return yield* provide(protocol.listModels(target))
      }),
      // The span lives as long as the stream, like `Stream.withSpan`'s, in one stage instead of three.
      streamChat: (target, request) =>
        Stream.unwrapScoped(
          Effect.suspend(() => {
            const call = protocol.chatRequest(target, request)
            if (call instanceof ProviderError) return Effect.fail(call)
            const { request: httpRequest, ctx } = call
            return Effect.flatMap(
              Effect.makeSpanScoped(`${protocol.name}.streamChat`, {
                attributes: { url: ctx.url, model: request.model }
              }),
              (span) =>
                provide(protocol.send(httpRequest, ctx)).pipe(
                  Effect.withParentSpan(span),
                  Effect.map((response) => readAnswer(response, ctx, protocol.answer))
                )
            )
          })
        )
    }
  })
