import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import fc from "fast-check"
import { ProviderId } from "../../src/domain/Provider"
import { fallbackSlug, maxSlugLength, slugify, uniqueSlug } from "../../src/domain/Slug"

const slugShape = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

describe("slugify", () => {
  it.each([
    ["My vLLM", "my-vllm"],
    ["  OpenAI  ", "openai"],
    ["Azure OpenAI (prod)", "azure-openai-prod"],
    ["Café Crème", "cafe-creme"],
    ["Ünïcödé", "unicode"],
    ["İstanbul", "istanbul"],
    ["ｆｕｌｌｗｉｄｔｈ", "fullwidth"],
    ["a---b__c..d", "a-b-c-d"],
    ["--edge--", "edge"],
    ["---", fallbackSlug],
    ["", fallbackSlug],
    // Every script is transliterated, so no name becomes an opaque `provider`, `provider-2`, …
    ["Ünïcødé 模型 🚀", "unicode-mo-xing-rocket"],
    ["模型", "mo-xing"],
    ["🚀🚀", "rocket-rocket"],
    ["日本語", "ri-ben-yu"],
    ["한국어", "han-gug-eo"],
    ["こんにちは", "konnichiha"],
    ["Привет мир", "privet-mir"],
    ["Straße", "strasse"],
    ["x".repeat(60), "x".repeat(48)],
    // The cut at 48 falls on a separator: no trailing dash survives.
    [`${"a".repeat(47)} b`, "a".repeat(47)]
  ])("%j → %j", (name, slug) => {
    expect(slugify(name)).toBe(slug)
  })

  it("always gives a valid provider id of at most 48 characters", () => {
    fc.assert(
      fc.property(anyName, (name) => {
        const slug = slugify(name)
        expect(slug).toMatch(slugShape)
        expect(slug.length).toBeLessThanOrEqual(maxSlugLength)
        expect(Schema.is(ProviderId)(slug)).toBe(true)
      })
    )
  })

  it("is idempotent", () => {
    fc.assert(
      fc.property(anyName, (name) => {
        const slug = slugify(name)
        expect(slugify(slug)).toBe(slug)
      })
    )
  })

  it("keeps a slug as it is, whatever its case", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]{1,10}(?:-[a-z0-9]{1,10}){0,3}$/), (slug) => {
        expect(slugify(slug)).toBe(slug)
        expect(slugify(slug.toUpperCase())).toBe(slug)
      })
    )
  })
})

describe("uniqueSlug", () => {
  it("returns the plain slug when it is free", () => {
    expect(uniqueSlug("My vLLM", () => false)).toBe("my-vllm")
  })

  it("appends -2, -3, … until free", () => {
    const taken = new Set(["my-vllm", "my-vllm-2", "my-vllm-3"])
    expect(uniqueSlug("My vLLM", (id) => taken.has(id))).toBe("my-vllm-4")
  })

  it("shortens a long base so the suffix fits", () => {
    const base = "x".repeat(48)
    const id = uniqueSlug(base, (candidate) => candidate === base)
    expect(id).toBe(`${"x".repeat(46)}-2`)
    expect(id.length).toBe(maxSlugLength)
  })

  it("never returns a taken id, and always a valid one", () => {
    fc.assert(
      fc.property(anyName, fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 30 }), (name, taken) => {
        // Take the plain slug (1) and a random selection of its suffixed variants (2…30).
        const base = slugify(name)
        const takenIds = new Set(taken.map((n) => (n === 1 ? base : suffixed(base, n))))
        const id = uniqueSlug(name, (candidate) => takenIds.has(candidate))
        expect(takenIds.has(id)).toBe(false)
        expect(id).toMatch(slugShape)
        expect(id.length).toBeLessThanOrEqual(maxSlugLength)
        if (!takenIds.has(base)) expect(id).toBe(base)
      })
    )
  })
})

/** Names of every kind: ASCII, any Unicode, long. */
const anyName = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ maxLength: 80, unit: "grapheme" }))

/** `base-n`, shortened to fit 48 characters: the ids `uniqueSlug` tries. */
const suffixed = (base: string, n: number) => `${base.slice(0, maxSlugLength - `-${n}`.length).replace(/-+$/, "")}-${n}`
