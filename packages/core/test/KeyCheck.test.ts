import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Redacted } from "effect"
import { randomBytes } from "node:crypto"
import { StorageError } from "../src/domain/Errors"
import * as KeyCheck from "../src/KeyCheck"
import * as Secrets from "../src/Secrets"

/** A store in memory: its check value, and the sealed secrets it holds. */
const memoryStore = (secrets: ReadonlyArray<string>) => {
  let value: string | undefined
  const store: KeyCheck.KeyCheckStore = {
    read: Effect.sync(() => Option.fromNullable(value)),
    write: (sealed) =>
      Effect.sync(() => {
        value = sealed
      }),
    anySealed: Effect.succeed(Option.fromNullable(secrets[0]))
  }
  return { store, value: () => value }
}

const sealWith = (key: Uint8Array, plain: string) => Secrets.make(key).seal(Redacted.make(plain))
const verifyWith = (key: Uint8Array, store: KeyCheck.KeyCheckStore) =>
  KeyCheck.verify(store).pipe(Effect.provide(Secrets.layerKey(key)))

describe("KeyCheck", () => {
  const original = randomBytes(32)
  const other = randomBytes(32)

  it.effect("writes the check on first use, then accepts the same key and refuses another, saying what to do", () =>
    Effect.gen(function* () {
      const memory = memoryStore([yield* sealWith(original, "sk-1")])
      yield* verifyWith(original, memory.store)
      const written = memory.value()
      expect(written).toBeDefined()
      yield* verifyWith(original, memory.store)
      expect(memory.value()).toBe(written)

      const error = yield* Effect.flip(verifyWith(other, memory.store))
      expect(error).toBeInstanceOf(StorageError)
      expect(error.reason).toBe("MasterKey")
      expect(error.message).toContain("is not the one the API keys in this database were sealed with")
      expect(error.message).toContain("Restore master.key")
      expect(error.message).toContain("switchboard keys forget-unreadable --yes")
      expect(memory.value()).toBe(written)
    })
  )

  it.effect("checks a store written before check values existed by one of its secrets", () =>
    Effect.gen(function* () {
      const sealed = yield* sealWith(original, "sk-1")
      expect((yield* Effect.flip(verifyWith(other, memoryStore([sealed]).store))).reason).toBe("MasterKey")
      const memory = memoryStore([sealed])
      yield* verifyWith(original, memory.store)
      expect(memory.value()).toBeDefined()
    })
  )

  it.effect("accepts any key for a store without sealed secrets, and checks that key from then on", () =>
    Effect.gen(function* () {
      const memory = memoryStore([])
      yield* verifyWith(original, memory.store)
      yield* verifyWith(other, memory.store)
      yield* verifyWith(other, memory.store)
      const error = yield* Effect.flip(
        verifyWith(original, { ...memory.store, anySealed: Effect.succeed(Option.some("v1.x")) })
      )
      expect(error.reason).toBe("MasterKey")
    })
  )
})
