/**
 * What differs between servers that copy OpenAI's API: how the key travels and whether the body names the model. The
 * Chat Completions adapters (OpenAI-compatible, Azure) and the Responses adapter share it, and so do their relays.
 */
import type { AdapterTarget } from "@switchboard/core/ProviderAdapter"
import { Option, Redacted } from "effect"

export interface Dialect {
  /** Span prefix (`OpenAiAdapter`, `AzureAdapter`, `ResponsesAdapter`). */
  readonly name: string
  /** The headers that carry a key. Never called for a keyless provider: such servers get no auth header at all. */
  readonly authHeaders: (key: string) => Record<string, string>
  /** Whether the body names the model (false when the chat URL already names an Azure deployment). */
  readonly modelInBody: (chatUrl: string) => boolean
}

/** The provider's custom headers, then the key's headers (a key always wins over a stale custom auth header). */
export const headersFor = (dialect: Dialect, target: AdapterTarget): Record<string, string> => ({
  ...target.provider.headers,
  ...Option.match(target.apiKey, {
    onNone: () => ({}),
    onSome: (key) => dialect.authHeaders(Redacted.value(key))
  })
})
