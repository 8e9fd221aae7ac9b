import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { maxJsonDepth, nestsDeeperThan } from "../src/JsonDepth"

/** The real depth of a parsed value, for comparison. */
const depthOf = (value: unknown): number =>
  value !== null && typeof value === "object"
    ? 1 + Math.max(0, ...Object.values(value as Record<string, unknown>).map(depthOf))
    : 0

describe("nestsDeeperThan", () => {
  it("counts arrays and objects, at the limit and one past it", () => {
    expect(nestsDeeperThan("[".repeat(maxJsonDepth) + "]".repeat(maxJsonDepth))).toBe(false)
    expect(nestsDeeperThan("[".repeat(maxJsonDepth + 1) + "]".repeat(maxJsonDepth + 1))).toBe(true)
    expect(nestsDeeperThan(`${'{"a":'.repeat(3)}1${"}".repeat(3)}`, 2)).toBe(true)
    expect(nestsDeeperThan('{"a":[{"b":[]}]}', 4)).toBe(false)
    // An unclosed opening is as deep as a closed one: the parser would recurse before it found the error.
    expect(nestsDeeperThan("[".repeat(10_000))).toBe(true)
  })

  it("ignores brackets inside strings, escaped quotes included", () => {
    expect(nestsDeeperThan(JSON.stringify({ content: "[".repeat(1000) }))).toBe(false)
    expect(nestsDeeperThan(JSON.stringify(['say \\"[[[[', "\\", '"{{{{"']), 1)).toBe(false)
    expect(nestsDeeperThan(JSON.stringify(["\\", [[]]]), 2)).toBe(true)
  })

  it("leaves text that is not JSON to the parser", () => {
    expect(nestsDeeperThan('{"open": "never closed [[[[')).toBe(false)
    expect(nestsDeeperThan("")).toBe(false)
  })

  it("agrees with the parsed value's depth for any JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 10 }), (value, max) => {
        expect(nestsDeeperThan(JSON.stringify(value), max)).toBe(depthOf(value) > max)
      }),
      { numRuns: 500 }
    )
  })
})
