import { randomBytes } from "node:crypto"
import { describe, expect, it } from "vitest"
import { estimateTokenBits, minExposedTokenBits } from "../src/TokenStrength"

describe("estimateTokenBits", () => {
  it.each([
    ["one character repeated", "aaaaaaaaaaaaaaaa"],
    ["one character, very long", "a".repeat(500)],
    ["a long run with one odd character", `${"a".repeat(200)}b`],
    ["a short unit repeated", "ab".repeat(100)],
    ["a password repeated", "Passw0rd!".repeat(8)],
    ["typed words", "a-long-enough-secret-token"],
    ["a passphrase", "correct-horse-battery-staple-9"],
    ["16 random bytes as hex (use 32)", "923e4e6e7fe4e841ff8b0c5d2a917b36"],
    ["empty", ""]
  ])("%s is too guessable to expose", (_, token) => {
    expect(estimateTokenBits(token)).toBeLessThan(minExposedTokenBits)
  })

  it.each([
    ["openssl rand -hex 32", () => randomBytes(32).toString("hex")],
    ["32 random bytes as base64url", () => randomBytes(32).toString("base64url")],
    ["32 random bytes as base64", () => randomBytes(32).toString("base64")]
  ])("%s passes, every time", (_, make) => {
    for (let i = 0; i < 200; i++) expect(estimateTokenBits(make())).toBeGreaterThanOrEqual(minExposedTokenBits)
  })
})
