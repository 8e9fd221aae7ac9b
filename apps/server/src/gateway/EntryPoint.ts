/**
 * What one of the gateway's entry points is: a client protocol in (Chat Completions, Anthropic Messages, OpenAI
 * Responses, embeddings), as data the app's routes and the Node lane both read (`entries.ts`). An entry point only
 * says where a request goes and how its client reads an answer; sending it (keys, retries, timeouts, relay or
 * translation) is the core's `Relay`, and writing it is `RelayedAnswer`/`TranslatedAnswer`, the same for every entry.
 */
import type { ChatEvent } from "@switchboard/core/domain/ChatEvent"
import type { Embeddings } from "@switchboard/core/domain/Embeddings"
import type { InvalidInput } from "@switchboard/core/domain/Errors"
import type { RelayInput } from "@switchboard/core/Relay"
import type { Either } from "effect"
import type { ErrorInfo, ErrorStyle } from "../ErrorTable"
import type { Collected } from "./Collected"

/** How a protocol's client is told of a failure: its error body's shape, and the event that ends a cut stream. */
export interface ErrorShape {
  readonly style: ErrorStyle
  /** The last frame of a stream that failed after it had started. */
  readonly frame: (info: ErrorInfo) => string
}

/** Writes the frames of one streamed, translated answer: one writer per answer, holding its state. */
export interface FrameWriter {
  /** The frames for one read's events (empty when they show nothing). */
  readonly events: (events: ReadonlyArray<ChatEvent>) => string
  /** The frames that end a complete answer. */
  readonly finish: (answer: Collected) => string
  /** The frames that end an answer cut by a failure (whatever the stream still owes before its error event). */
  readonly error: (info: ErrorInfo) => string
}

/** How a client reads a translated chat answer. */
export interface AnswerWriter {
  /** A writer for one streamed answer. */
  readonly frames: () => FrameWriter
  /** The whole answer as the client's JSON body. */
  readonly complete: (answer: Collected) => unknown
}

/** Where one request goes and how its answer is written. */
export interface Route {
  readonly input: RelayInput
  /** The client asked for a stream. */
  readonly stream: boolean
  /** How a translated chat answer is written (entry points whose `input` can `translate`). */
  readonly writer?: AnswerWriter
  /** A translated embeddings answer as the client's JSON body (entry points whose `input` has `embedding`). */
  readonly embeddings?: (embeddings: Embeddings) => unknown
  /**
   * The answer's JSON body when the provider takes neither a relay nor a translation (a token count's estimate).
   * Without it, that provider gets the `InvalidInput` of `unsupported`.
   */
  readonly otherwise?: () => unknown
  /** Why the provider cannot take this request, when it takes neither a relay nor a translation. */
  readonly unsupported?: () => InvalidInput
}

/** The client's request headers, read by name (lower case). */
export type RequestHeaders = (name: string) => string | undefined

export interface EntryPoint {
  /** The path under `/v1`, as `/chat/completions`. */
  readonly path: string
  readonly errors: ErrorShape
  /** Where a parsed JSON body goes, or the `InvalidInput` that names what is wrong with it. */
  readonly route: (body: unknown, headers: RequestHeaders) => Either.Either<Route, InvalidInput>
}
