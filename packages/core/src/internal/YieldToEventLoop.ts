/**
 * Long loops over a request's input (a turn's messages, an import's providers) pause with this between slices, so
 * the requests that arrived meanwhile are read and answered instead of waiting for the whole loop.
 */
import { Effect } from "effect"

/**
 * Resumes after pending I/O has run (`setImmediate` comes after the poll phase): `Effect.yieldNow` alone may resume
 * in a microtask, before any other request is read.
 */
export const yieldToEventLoop: Effect.Effect<void> = Effect.async<void>((resume) => {
  const pending = setImmediate(() => resume(Effect.void))
  return Effect.sync(() => clearImmediate(pending))
})

/** How many items a loop handles between two pauses: a slice costs a few milliseconds at most. */
export const itemsPerSlice = 25

/** Pauses before a loop's item `index` where a slice ends, so the loop reads `yield* pauseBefore(i)` first. */
export const pauseBefore = (index: number): Effect.Effect<void> =>
  index > 0 && index % itemsPerSlice === 0 ? yieldToEventLoop : Effect.void
