/**
 * What an adapter really puts on the wire: one chat sent through `makeAdapter` to a local server that answers with a
 * recorded stream, and the request that server received. Request-shape tests of every protocol use it. The same chat
 * is also sent through `openAnswer` (undici, without a fiber: the gateway's translated route), which must put exactly
 * the same request on the wire.
 */
import type { HttpClient } from "@effect/platform"
import type { RelayAgents } from "../../src/internal/Relay"
import type { ChatRequest } from "@switchboard/core/domain/ChatRequest"
import type { ProviderAdapter } from "@switchboard/core/ProviderAdapter"
import type { ProviderType } from "@switchboard/core/domain/ProviderType"
import { Effect, Stream } from "effect"
import { expect } from "vitest"
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
  makeAdapter: Effect.Effect<ProviderAdapter, never, HttpClient.HttpClient | RelayAgents>,
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
    const target = Fixtures.target(provider, options.key)
    yield* adapter.streamChat(target, request).pipe(Stream.runDrain)
    const sent = server.lastRequest()
    if (adapter.openAnswer !== undefined) {
      const signal = new AbortController().signal
      const opened = yield* Effect.promise(() => adapter.openAnswer!(target, request, signal, { stream: true }))
      yield* Effect.promise(() => opened.body.toArray())
      expect(wire(server.lastRequest())).toEqual(wire(sent))
    }
    return sent
  }).pipe(Effect.provide(Fixtures.HttpClientLive))

/** A received request without what belongs to the connection (which each client sets its own way). */
const wire = (request: FakeUpstream.ReceivedRequest) => {
  const { host: _host, connection: _connection, "content-length": _length, ...headers } = request.headers
  return { method: request.method, url: request.url, headers, body: request.rawBody }
}
