import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import { excerpt, maxQuoted, maxQuotedId, quotedId, quotedPath } from "../../src/domain/Excerpt"

describe("excerpt", () => {
  it("quotes a short name whole, and a long one as its first 8 characters and …", () => {
    expect(excerpt("X-Team")).toBe("X-Team")
    expect(excerpt("x".repeat(maxQuoted))).toBe("x".repeat(maxQuoted))
    expect(excerpt("sk-live-0123456789abcdef")).toBe("sk-live-…")
  })

  it("shows anything but printable ASCII as ?, so no error carries control characters or broken text", () => {
    expect(excerpt("bad\nname\u0000")).toBe("bad?name?")
    expect(excerpt("ключ")).toBe("????")
    expect(excerpt("a\ud800")).toBe("a?")
  })

  it("never shows more than 8 characters and … of a name longer than the limit", () => {
    fc.assert(
      fc.property(fc.string({ minLength: maxQuoted + 1, maxLength: 40, unit: "binary" }), (text) => {
        const shown = excerpt(text)
        // A character outside the BMP takes two of the 8 and shows as one ?.
        expect(shown).toMatch(/^[\x20-\x7e]{4,8}…$/)
      })
    )
  }, 30_000)
})

describe("quotedId", () => {
  const modelIds = [
    "gpt-4o-mini",
    "claude-3-5-sonnet-20241022",
    "meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo",
    "llama3.1:8b-instruct-q4_K_M",
    "accounts/fireworks/models/llama-v3p1-405b-instruct",
    "hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M",
    "Qwen2.5-Coder-32B-Instruct-GPTQ-Int4",
    "anthropic.claude-3-5-sonnet-20241022-v2:0",
    "0193a5e4-7b2c-7d3e-9f00-123456789abc"
  ]

  it("quotes a model or provider id whole, so the error still says which one", () => {
    for (const id of modelIds) expect(quotedId(id)).toBe(id)
    expect(quotedId("local-vllm")).toBe("local-vllm")
  })

  it("quotes a key pasted as an id only as an excerpt", () => {
    expect(quotedId("sk-proj-Ab3dEf9hIj2kLm5nOp8qRs1tUv4wXy7z")).toBe("sk-proj-…")
    expect(quotedId("AIzaSyD4x9Kq2Lm7Np3Rs8Tu1Vw6Xy0Za5Bc2De")).toBe("AIzaSyD4…")
    expect(quotedId("sk-0123456789abcdef0123456789abcdef")).toBe("sk-01234…")
    expect(quotedId(`model-${"a".repeat(maxQuotedId)}`)).toBe("model-aa…")
  })

  it("quotes random base64url keys of 40 characters whole at most 1 time in 200 (about 1 in 900 measured)", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    const keys = fc.sample(fc.string({ unit: fc.constantFrom(...alphabet), minLength: 40, maxLength: 40 }), 10_000)
    const whole = keys.filter((key) => quotedId(key) === key)
    expect(whole.length).toBeLessThanOrEqual(keys.length / 200)
    for (const key of keys.filter((key) => quotedId(key) !== key)) expect(quotedId(key)).toMatch(/^[\x20-\x7e]{8}…$/)
  })

  it("shows anything but printable ASCII as ?", () => {
    expect(quotedId("модель")).toBe("??????")
  })
})

describe("quotedPath", () => {
  it("cuts only the segments that look like keys, whatever the path's length", () => {
    expect(quotedPath("/v1/chat/completions")).toBe("/v1/chat/completions")
    expect(quotedPath("/api/providers/sk-live-5d1e9a7c3b0f48e2a6d4/models")).toBe("/api/providers/sk-live-…/models")
    const long = "/api/providers/local-vllm/models/meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo"
    expect(quotedPath(long)).toBe(long)
  })
})
