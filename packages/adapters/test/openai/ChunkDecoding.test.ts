/**
 * The hand-written chunk check against the `WireChunk` Schema it stands in for: over generated chunks (each field
 * valid, null, missing or of a wrong type, at every depth), whatever the check accepts the Schema accepts too, and
 * the fast decode gives what the Schema decode gives for every field Switchboard reads.
 */
import { describe, expect, it } from "@effect/vitest"
import { Either, FastCheck as fc, Schema } from "effect"
import { decodeChunk, isPlainChunk } from "../../src/openai/ChunkDecoding"
import { WireChunk } from "../../src/openai/OpenAiWire"

/** A value of the wrong type for any field. */
const junk = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant({}),
  fc.constant([]),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string(), { maxKeys: 2 })
)

/** Mostly `valid`, sometimes null, sometimes junk (a missing field comes from `fc.record`'s optional keys). */
const field = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 14, arbitrary: valid as fc.Arbitrary<unknown> },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: junk }
  )

const text = field(fc.string({ maxLength: 8 }))
const count = field(fc.oneof(fc.nat(), fc.double({ noNaN: true, noDefaultInfinity: true })))
const record = <R extends Record<string, fc.Arbitrary<unknown>>>(fields: R) =>
  field(fc.record(fields, { requiredKeys: [] }))
const list = <T>(item: fc.Arbitrary<T>) =>
  field(fc.array(fc.oneof({ weight: 5, arbitrary: item }, junk), { maxLength: 3 }))

const toolCall = record({
  index: count,
  id: text,
  type: text,
  function: record({ name: text, arguments: text })
})

const chunk = record({
  id: text,
  model: text,
  choices: list(
    record({
      index: count,
      delta: record({
        content: text,
        reasoning_content: text,
        reasoning: text,
        refusal: text,
        tool_calls: list(toolCall)
      }),
      finish_reason: text
    })
  ),
  usage: record({
    prompt_tokens: count,
    completion_tokens: count,
    total_tokens: count,
    prompt_tokens_details: record({ cached_tokens: count }),
    completion_tokens_details: record({ reasoning_tokens: count })
  }),
  // Rare, as in a real stream: an error chunk always takes the Schema's path.
  error: fc.oneof(
    { weight: 8, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.record({ message: text }, { requiredKeys: [] }) },
    { weight: 1, arbitrary: junk }
  ),
  object: text
})

const schemaDecode = Schema.decodeUnknownEither(WireChunk)

describe("the chunk check (FastJson) against the WireChunk Schema", () => {
  it("never accepts what the Schema refuses, and decodes accepted chunks as the Schema does", () => {
    let accepted = 0
    let refusedByCheck = 0
    fc.assert(
      fc.property(chunk, (generated) => {
        // What a stream can hold: JSON text (no undefined, no NaN).
        const json = JSON.stringify(generated) ?? "null"
        const value: unknown = JSON.parse(json)
        const bySchema = schemaDecode(value)
        if (!isPlainChunk(value)) {
          refusedByCheck++
          return
        }
        accepted++
        expect(Either.isRight(bySchema)).toBe(true)
        const fast = decodeChunk(json)
        expect(Either.isRight(fast)).toBe(true)
        // The Schema drops undeclared fields; every declared one is the same either way.
        expect(Schema.encodeSync(WireChunk)(Either.getOrThrow(fast))).toEqual(Either.getOrThrow(bySchema))
      }),
      { numRuns: 3000 }
    )
    // Both sides of the check were exercised, so the property says something.
    expect(accepted).toBeGreaterThan(300)
    expect(refusedByCheck).toBeGreaterThan(300)
  })

  it("the usual chunks take the fast path; an unusual but valid one is still decoded by the Schema", () => {
    const toolFragment = {
      id: "chatcmpl-1",
      model: "gpt-4o",
      choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] } }]
    }
    expect(isPlainChunk(toolFragment)).toBe(true)
    // An error chunk is never the fast path's: the Schema decodes it.
    const error = { error: { message: "overloaded", type: "server_error" } }
    expect(isPlainChunk(error)).toBe(false)
    expect(Either.isRight(decodeChunk(JSON.stringify(error)))).toBe(true)
    // A wrong type is refused by both.
    const broken = { choices: [{ delta: { tool_calls: [{ id: 7 }] } }] }
    expect(isPlainChunk(broken)).toBe(false)
    expect(Either.isLeft(decodeChunk(JSON.stringify(broken)))).toBe(true)
  })
})
