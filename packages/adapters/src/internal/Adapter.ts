/**
 * A protocol's pieces made into the core's `ProviderAdapter`, the same way for every protocol: the app's HTTP client
 * is bound once, when the adapter is built, and every call is a named span (`<Name>.listModels`,
 * `<Name>.streamChat`). A protocol says only what differs: how it lists models, builds a chat request, reads a
 * failure, and reads the answer (`Answer`). The same request and reading also make `openAnswer`, sent over the
 * relay's undici pools without a fiber, for the gateway's translated route.
 */
import { HttpClient } from "@effect/platform"
import type { ChatRequest } from "@switchboard/core/domain/ChatRequest"
import { ProviderError } from "@switchboard/core/domain/Errors"
import type { AdapterTarget, OpenedAnswer, ProviderAdapter } from "@switchboard/core/ProviderAdapter"
import type { RemoteModel } from "@switchboard/core/domain/RemoteModel"
import { Effect, Stream } from "effect"
import { type AnswerFormat, answerReader, readAnswer } from "./Answer"
import { type Call, type ReadFailure, send } from "./Http"
import { RelayAgents, type RelayAgentsService, sendCall } from "./Relay"

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
  readonly chatRequest: (target: AdapterTarget, request: ChatRequest, stream?: boolean) => Call | ProviderError
  /** How a non-2xx answer reads, on either client. */
  readonly failure: ReadFailure
  readonly answer: AnswerFormat
}

/** `call` sent over the relay's pools, with the reader of the protocol's chat answer. */
const openWith = (
  agents: RelayAgentsService,
  protocol: Protocol,
  target: AdapterTarget,
  call: Call,
  signal: AbortSignal
): Promise<OpenedAnswer> =>
  sendCall(agents, call, target.provider.timeouts, protocol.failure, signal).then((response) => ({
    ...response,
    reader: answerReader(response.headers["content-type"] ?? "", call.ctx, response.status, protocol.answer)
  }))

/**
 * Built once per app with the HTTP client the app provides (Node's in production, any client in tests). Interrupting
 * a chat's consumer aborts its upstream request: the body is read as a stream whose end, of any kind, aborts it.
 */
export const makeAdapter = (
  protocol: Protocol
): Effect.Effect<ProviderAdapter, never, HttpClient.HttpClient | RelayAgents> =>
  Effect.zipWith(HttpClient.HttpClient, RelayAgents, (appClient, agents) => {
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
                provide(send(httpRequest, ctx, protocol.failure)).pipe(
                  Effect.withParentSpan(span),
                  Effect.map((response) => readAnswer(response, ctx, protocol.answer))
                )
            )
          })
        ),
      openAnswer: (target, request, signal, options) => {
        const call = protocol.chatRequest(target, request, options.stream)
        return call instanceof ProviderError ? Promise.reject(call) : openWith(agents, protocol, target, call, signal)
      }
    }
  })
