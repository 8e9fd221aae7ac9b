/**
 * Proof that a failed `Providers` call wrote nothing: the whole store, encoded (plain keys, timestamps, revisions
 * included), before and after the call must be identical.
 */
import { expect } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { Provider } from "../../src/domain/Provider"
import { Providers } from "../../src/Providers"

const encode = Schema.encodeSync(Schema.Array(Provider))

/** Every stored provider as plain JSON data, API keys in the clear, so no change can hide. */
export const snapshot = Effect.flatMap(Providers, (providers) => providers.list).pipe(Effect.map(encode))

/** Runs `call`, which must fail, and checks the store did not change; returns the error. */
export const failsUnchanged = <A, E, R>(call: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const before = yield* snapshot
    const error = yield* Effect.flip(call)
    expect(yield* snapshot).toEqual(before)
    return error
  })
