/**
 * What an adapter really puts on the wire: one chat sent through `makeAdapter` to a local server that answers with a
 * recorded stream, and the request that server received. Request-shape tests of every protocol use it.
 */
import type { HttpClient } from "@effect/platform"
import type { ChatRequest } from "@switchboard/core/domain/ChatRequest"
import type { ProviderAdapter } from "@switchboard/core/ProviderAdapter"
import type { ProviderType } from "@switchboard/core/domain/ProviderType"
import { Effect, Stream } from "effect"
import * as Fixtures from "./Fixtures"
import type { Framing } from "@switchboard/testing/Recorded"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"

export interface SendOptions {
  readonly key?: string
  readonly headers?: Record<string, string>
  /** Appended to the server's URL to make the base URL. */
  readonly path?: string
}

export const sentRequest = (
  makeAdapter: Effect.Effect<ProviderAdapter, never, HttpClient.HttpClient>,
  type: ProviderType,
  answer: { readonly file: string; readonly framing: Framing },
  options: SendOptions,
  request: ChatRequest
) =>
  Effect.gen(function* () {
    const server = yield* FakeUpstream.make
    server.fallback(Answers.replay(answer.file, answer.framing))
    const adapter = yield* makeAdapter
    const provider = Fixtures.provider({
      type,
      baseUrl: `${server.url}${options.path ?? ""}`,
      ...(options.headers === undefined ? {} : { headers: options.headers })
    })
    yield* adapter.streamChat(Fixtures.target(provider, options.key), request).pipe(Stream.runDrain)
    return server.lastRequest()
  }).pipe(Effect.provide(Fixtures.HttpClientLive))
