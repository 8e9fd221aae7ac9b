/**
 * Running an adapter's chat stream to its end in a test, keeping both the events that arrived and the error that
 * ended it, since "text, then an error" is an outcome tests must see whole.
 */
import type { ChatEvent } from "@switchboard/core/domain/ChatEvent"
import type { ProviderError } from "@switchboard/core/domain/Errors"
import { Chunk, Effect, Option, Stream } from "effect"

export interface Outcome {
  readonly events: ReadonlyArray<ChatEvent>
  /** The error that ended the stream, if one did. */
  readonly error: Option.Option<ProviderError>
}

/** Collects every event, then the stream's error if any (without losing the events before it). */
export const collect = (stream: Stream.Stream<ChatEvent, ProviderError>): Effect.Effect<Outcome> =>
  Effect.suspend(() => {
    const events: Array<ChatEvent> = []
    return stream.pipe(
      Stream.runForEach((event) => Effect.sync(() => events.push(event))),
      Effect.match({
        onFailure: (error) => ({ events, error: Option.some(error) }),
        onSuccess: () => ({ events, error: Option.none() })
      })
    )
  })

/** The joined text of the `TextDelta`s (or of the `ReasoningDelta`s). */
export const joined = (events: ReadonlyArray<ChatEvent>, tag: "TextDelta" | "ReasoningDelta" = "TextDelta"): string =>
  events.flatMap((event) => (event._tag === tag ? [event.text] : [])).join("")

/** The events of one kind. */
export const ofTag = <T extends ChatEvent["_tag"]>(
  events: ReadonlyArray<ChatEvent>,
  tag: T
): ReadonlyArray<Extract<ChatEvent, { _tag: T }>> =>
  events.filter((event): event is Extract<ChatEvent, { _tag: T }> => event._tag === tag)

/** The stream's error; dies (failing the test loudly) when it ended without one. */
export const errorOf = (outcome: Outcome): ProviderError =>
  Option.getOrThrowWith(
    outcome.error,
    () => new Error(`expected the stream to fail, it ended with ${outcome.events.length} events`)
  )

/** Only the events, failing the test with the error when the stream failed. */
export const eventsOf = (
  stream: Stream.Stream<ChatEvent, ProviderError>
): Effect.Effect<ReadonlyArray<ChatEvent>, ProviderError> =>
  Stream.runCollect(stream).pipe(Effect.map(Chunk.toReadonlyArray))
