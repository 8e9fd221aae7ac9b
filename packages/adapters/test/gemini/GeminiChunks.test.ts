/**
 * The fast chunk check is pinned to the Schema: over generated chunks (valid ones, and valid ones with one field
 * replaced by any JSON value), whatever the check accepts the Schema decode accepts too, and the decoded chunks agree.
 */
import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, Either, FastCheck as fc, Schema } from "effect"
import { decodeChunks, isPlainChunk } from "../../src/gemini/GeminiChunks"
import { Chunk } from "../../src/gemini/GeminiWire"

const decodeSchema = Schema.decodeUnknownEither(Chunk)

/** Any JSON value, small. */
const json = fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.parse(JSON.stringify(value)) as unknown)

/** Replaces the value at one path of `value` (objects and arrays) with `replacement`. */
const mutate = (value: unknown, path: ReadonlyArray<number>, replacement: unknown): unknown => {
  if (path.length === 0 || typeof value !== "object" || value === null) return replacement
  const [step = 0, ...rest] = path
  if (Array.isArray(value)) {
    if (value.length === 0) return replacement
    const at = step % value.length
    return value.map((item, index) => (index === at ? mutate(item, rest, replacement) : item))
  }
  const keys = Object.keys(value)
  if (keys.length === 0) return replacement
  const key = keys[step % keys.length] as string
  return { ...value, [key]: mutate((value as Record<string, unknown>)[key], rest, replacement) }
}

/** Valid chunks (as JSON would carry them), then the same with one field anywhere replaced by any JSON value. */
const valid = Arbitrary.make(Chunk).map((chunk) => JSON.parse(JSON.stringify(chunk)) as unknown)
const nearMisses = fc
  .tuple(valid, fc.array(fc.nat(), { maxLength: 6 }), json)
  .map(([chunk, path, replacement]) => mutate(chunk, path, replacement))
const textChunks = fc
  .record(
    {
      candidates: fc.array(
        fc.record(
          {
            content: fc.record(
              {
                parts: fc.array(
                  fc.record(
                    { text: fc.string(), thought: fc.boolean(), thoughtSignature: fc.string(), functionCall: json },
                    { requiredKeys: [] }
                  )
                )
              },
              { requiredKeys: [] }
            ),
            finishReason: fc.oneof(fc.string(), json),
            index: fc.oneof(fc.integer(), fc.double(), json)
          },
          { requiredKeys: [] }
        ),
        { maxLength: 2 }
      ),
      usageMetadata: fc.record(
        {
          promptTokenCount: fc.oneof(fc.integer({ min: -2 }), fc.double(), json),
          cachedContentTokenCount: fc.oneof(fc.nat(), fc.double(), json)
        },
        { requiredKeys: [] }
      ),
      responseId: fc.oneof(fc.string(), json),
      modelVersion: fc.oneof(fc.string(), json)
    },
    { requiredKeys: [] }
  )
  .map((chunk) => JSON.parse(JSON.stringify(chunk)) as unknown)

describe("Gemini fast chunk check", () => {
  it("never accepts what the Schema refuses", () => {
    fc.assert(
      fc.property(fc.oneof(valid, nearMisses, textChunks, json), (value) => {
        if (isPlainChunk(value)) expect(Either.isRight(decodeSchema(value)), JSON.stringify(value)).toBe(true)
      }),
      { numRuns: 3000 }
    )
  })

  it("accepts the text chunks it is there for", () => {
    const chunk = {
      candidates: [{ content: { parts: [{ text: "Hi", thoughtSignature: "s" }], role: "model" }, index: 0 }],
      usageMetadata: { promptTokenCount: 3, cachedContentTokenCount: 1, totalTokenCount: 4 },
      responseId: "r",
      modelVersion: "m"
    }
    expect(isPlainChunk(chunk)).toBe(true)
    expect(isPlainChunk({ candidates: [{ content: { parts: [{ functionCall: { name: "f" } }] } }] })).toBe(false)
  })

  it("decodes the same whichever path a chunk takes", () => {
    fc.assert(
      fc.property(fc.oneof(valid, textChunks), (value) => {
        const fast = decodeChunks(JSON.stringify(value))
        const slow = decodeSchema(value)
        expect(Either.isRight(fast)).toBe(Either.isRight(slow))
        if (Either.isRight(fast) && Either.isRight(slow)) expect(fast.right).toMatchObject(slow.right)
      }),
      { numRuns: 1000 }
    )
  })
})
