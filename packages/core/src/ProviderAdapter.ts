/**
 * The port every wire protocol implements (see `@switchboard/adapters`). The core never imports an adapter: the
 * app's Layer fills `ProviderAdapters` with one adapter per `ProviderType`.
 *
 * Adapters do one request each and map everything foreign to neutral types and `ProviderError`; key rotation,
 * retries, timeouts and timing live once, in the core's `Chat` and verify.
 */
import { Context, type Effect, type Option, type Redacted, type Stream } from "effect"
import type { ChatEvent } from "./ChatEvent"
import type { ChatRequest } from "./ChatRequest"
import type { ProviderError } from "./Errors"
import type { Provider } from "./Provider"
import type { ProviderType } from "./ProviderType"
import type { RemoteModel } from "./RemoteModel"

/** What one call needs: the provider's settings and the one key to use for it (none for keyless servers). */
export interface AdapterTarget {
  readonly provider: Provider
  readonly apiKey: Option.Option<Redacted.Redacted<string>>
}

export interface ProviderAdapter {
  /** The provider's whole model list, every page read. */
  readonly listModels: (target: AdapterTarget) => Effect.Effect<ReadonlyArray<RemoteModel>, ProviderError>
  /**
   * One streamed generation. Interrupting the consumer aborts the upstream HTTP request. A failure inside a 200
   * stream ends the stream with a `ProviderError`.
   */
  readonly streamChat: (target: AdapterTarget, request: ChatRequest) => Stream.Stream<ChatEvent, ProviderError>
}

export interface ProviderAdaptersService {
  readonly get: (type: ProviderType) => ProviderAdapter
}

export class ProviderAdapters extends Context.Tag("@switchboard/core/ProviderAdapters")<
  ProviderAdapters,
  ProviderAdaptersService
>() {}
