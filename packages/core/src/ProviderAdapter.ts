/**
 * The port every wire protocol implements (see `@switchboard/adapters`). The core never imports an adapter: the
 * app's Layer fills `ProviderAdapters` with one adapter per `ProviderType`.
 *
 * Adapters do one request each and map everything foreign to neutral types and `ProviderError`; key rotation,
 * retries, timeouts and timing live once, in the core's `Chat` and verify.
 */
import type { Readable } from "node:stream"
import { Context, type Effect, type Option, type Redacted, type Stream } from "effect"
import type { ChatEvent } from "./domain/ChatEvent"
import type { ChatRequest } from "./domain/ChatRequest"
import type { EmbeddingRequest, Embeddings } from "./domain/Embeddings"
import type { ProviderError } from "./domain/Errors"
import type { Provider } from "./domain/Provider"
import type { ProviderType } from "./domain/ProviderType"
import type { RemoteModel } from "./domain/RemoteModel"

/** What one call needs: the provider's settings and the one key to use for it (none for keyless servers). */
export interface AdapterTarget {
  readonly provider: Provider
  readonly apiKey: Option.Option<Redacted.Redacted<string>>
}

/**
 * The protocols the gateway's clients speak, one per entry point: Chat Completions, Anthropic's Messages (and its
 * token count), OpenAI's Responses, and embeddings. A provider whose own protocol is the client's takes the request
 * as it is (`ProviderAdapter.relays`); the others get it translated through the neutral model.
 */
export type ClientProtocol = "chat-completions" | "messages" | "count-tokens" | "responses" | "embeddings"

/**
 * A request passed through as its client wrote it: every field the client sent reaches the upstream, `model`
 * replaced by the provider's model id.
 */
export interface RelayRequest {
  /** The provider's model id. */
  readonly model: string
  /** The client's parsed JSON body. */
  readonly body: Readonly<Record<string, unknown>>
  /** The client's headers the protocol passes on (Anthropic's `anthropic-version`, `anthropic-beta`), lower-cased. */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/**
 * Sends a relayed request and resolves with the upstream's 2xx answer, unread; a non-2xx answer or a transport
 * failure rejects with a `ProviderError` (and nothing else). Aborting `signal` before the answer aborts the request.
 * A Promise, not an Effect: the gateway's hot path sends without a fiber (`Relay.openNow`).
 */
export type RelaySend = (target: AdapterTarget, request: RelayRequest, signal: AbortSignal) => Promise<RelayResponse>

/** A 2xx answer to a relayed request, its body not read yet. */
export interface RelayResponse {
  /** The URL called, as errors name it (never with a key). */
  readonly url: string
  readonly status: number
  /** The headers worth passing on (`content-type`, and `content-length` when the body is not re-encoded). */
  readonly headers: Readonly<Record<string, string>>
  /**
   * The upstream's bytes as they arrive. Destroying it aborts the upstream request; silence beyond the provider's
   * timeouts destroys it with a `ProviderError` (`Timeout`).
   */
  readonly body: Readable
}

/**
 * How one answer's body becomes neutral events: a fresh reader per answer, holding that answer's state. Events are
 * appended to `out`, so what came before an error in the same read still reaches the consumer; a returned error ends
 * the answer.
 */
export interface AnswerReader {
  /** Reads the next piece of body text (pieces split anywhere, even inside an event). */
  readonly push: (text: string, out: Array<ChatEvent>) => ProviderError | undefined
  /** True once the answer said it is complete (`[DONE]`, `message_stop`): nothing after that is read. */
  readonly complete: () => boolean
  /** At the end of the body (or once complete): the closing events, or the error an unfinished answer is. */
  readonly end: (out: Array<ChatEvent>) => ProviderError | undefined
}

/** A 2xx answer to a translated request, its body not read yet, with the reader that turns it into events. */
export interface OpenedAnswer extends RelayResponse {
  readonly reader: AnswerReader
}

/** A 2xx answer to a translated embeddings request, its body not read yet, with what reads it whole. */
export interface OpenedEmbeddings extends RelayResponse {
  /** Reads the body to its end; rejects with a `ProviderError` (`InvalidOutput` for an answer that is not one). */
  readonly read: () => Promise<Embeddings>
}

export interface ProviderAdapter {
  /** The provider's whole model list, every page read. */
  readonly listModels: (target: AdapterTarget) => Effect.Effect<ReadonlyArray<RemoteModel>, ProviderError>
  /**
   * One streamed generation. Interrupting the consumer aborts the upstream HTTP request. A failure inside a 200
   * stream ends the stream with a `ProviderError`.
   */
  readonly streamChat: (target: AdapterTarget, request: ChatRequest) => Stream.Stream<ChatEvent, ProviderError>
  /** For each client protocol the provider speaks itself: how a request in it is sent on as it is. */
  readonly relays?: Partial<Record<ClientProtocol, RelaySend>>
  /**
   * `streamChat` for a caller outside a fiber (the gateway's translated route, through `Relay`): sends `request` in
   * the protocol's own form and resolves with the upstream's 2xx answer unread and the reader of its body; anything
   * else rejects with a `ProviderError`. The same request, timeouts and errors as `streamChat`, without an Effect per
   * request or per event. With `stream: false` the upstream is asked for one complete answer, which is cheaper to
   * read when the caller wants it whole anyway.
   */
  readonly openAnswer?: (
    target: AdapterTarget,
    request: ChatRequest,
    signal: AbortSignal,
    options: { readonly stream: boolean }
  ) => Promise<OpenedAnswer>
  /**
   * For protocols whose embeddings are not OpenAI's (Gemini): sends the neutral request in the protocol's own form;
   * resolves with the 2xx answer unread and what reads it, and rejects as `openAnswer` does.
   */
  readonly embed?: (target: AdapterTarget, request: EmbeddingRequest, signal: AbortSignal) => Promise<OpenedEmbeddings>
}

export interface ProviderAdaptersService {
  readonly get: (type: ProviderType) => ProviderAdapter
}

export class ProviderAdapters extends Context.Tag("@switchboard/core/ProviderAdapters")<
  ProviderAdapters,
  ProviderAdaptersService
>() {}
