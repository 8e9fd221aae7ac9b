import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Fiber, Layer, Stream, TestClock } from "effect"
import * as ChangeSignal from "../src/ChangeSignal"

describe("ChangeSignal.changes", () => {
  it.effect("emits once per poll that finds the value moved, and nothing while it stays", () =>
    Effect.gen(function* () {
      let version = 7
      const signal = Layer.succeed(ChangeSignal.ChangeSignal, { current: () => version })
      const fiber = yield* ChangeSignal.changes("1 second").pipe(
        Stream.take(2),
        Stream.runCollect,
        Effect.provide(signal),
        Effect.fork
      )
      yield* TestClock.adjust("3 seconds")
      expect(fiber.unsafePoll()).toBeNull()
      // Two commits between polls are one change.
      version = 8
      version = 9
      yield* TestClock.adjust("1 second")
      yield* TestClock.adjust("2 seconds")
      expect(fiber.unsafePoll()).toBeNull()
      version = 10
      yield* TestClock.adjust("1 second")
      expect(Chunk.size(yield* Fiber.join(fiber))).toBe(2)
    })
  )
})
