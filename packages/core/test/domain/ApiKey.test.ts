import { describe, expect, it } from "@effect/vitest"
import { Redacted, Schema } from "effect"
import fc from "fast-check"
import { inspect } from "node:util"
import { ApiKey, ApiKeyId, maskKey } from "../../src/domain/ApiKey"

describe("maskKey", () => {
  it.each([
    ["sk-proj-abcdefghijklmnop1234", "sk-…1234"],
    ["sk-0123456789abcd", "sk-…abcd"],
    ["0123456789abcde", "…de"],
    ["12345678", "…78"],
    ["1234567", "…"],
    ["abc", "…"],
    ["a", "…"],
    ["", "…"]
  ])("%j → %j", (plain, masked) => {
    expect(maskKey(plain)).toBe(masked)
  })

  it("never reveals the whole key, nor more than half of it", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), (plain) => {
        const masked = maskKey(plain)
        expect(masked).not.toBe(plain)
        expect(masked.includes(plain)).toBe(false)
        const [head = "", tail = ""] = masked.split("…")
        expect(plain.startsWith(head) && plain.endsWith(tail)).toBe(true)
        expect(head.length + tail.length).toBeLessThanOrEqual(Math.floor(plain.length / 2))
      })
    )
  })

  it("tells apart long keys that differ at either end", () => {
    expect(maskKey("sk-aaaaaaaaaaaaaaaa1111")).not.toBe(maskKey("sk-aaaaaaaaaaaaaaaa2222"))
    expect(maskKey("sk-aaaaaaaaaaaaaaaa1111")).not.toBe(maskKey("pk-aaaaaaaaaaaaaaaa1111"))
  })
})

describe("ApiKey", () => {
  const plain = "sk-live-0123456789abcdefXYZ"
  const key = new ApiKey({ id: ApiKeyId.make("key-1"), value: Redacted.make(plain) })

  it("shows the masked form", () => {
    expect(key.masked).toBe("sk-…fXYZ")
  })

  it("never prints the plain key when logged, inspected or serialised", () => {
    for (const shown of [String(key), JSON.stringify(key), inspect(key, { depth: 5 }), `${key.value}`]) {
      expect(shown).not.toContain(plain)
    }
    expect(Redacted.value(key.value)).toBe(plain)
  })

  it("encodes to the plain key only through its schema, for sealing", () => {
    expect(Schema.encodeSync(ApiKey)(key)).toEqual({ id: "key-1", value: plain })
  })
})
