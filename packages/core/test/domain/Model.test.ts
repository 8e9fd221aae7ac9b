import { describe, expect, it } from "@effect/vitest"
import { Either, Schema } from "effect"
import fc from "fast-check"
import { defaultGroup, Model, ModelId, makeModel } from "../../src/domain/Model"
import { inferCapabilities } from "../../src/domain/ModelCapabilities"

describe("defaultGroup", () => {
  it.each([
    // Namespace or tag separators: what comes before the first one.
    ["meta-llama/Llama-3.1-8B-Instruct", "meta-llama"],
    ["Qwen/Qwen2.5-7B-Instruct", "qwen"],
    ["qwen2.5:7b", "qwen2.5"],
    ["llama3.1:8b-instruct-q4_K_M", "llama3.1"],
    ["accounts/fireworks/models/llama-v3", "accounts"],
    ["/leading-slash", "leading-slash"],
    ["my model", "my"],
    // Dashes or underscores: the first two parts, plus parts that continue a dashed version.
    ["gpt-4o-mini", "gpt-4o"],
    ["gpt-3.5-turbo", "gpt-3.5"],
    ["gemini-pro", "gemini-pro"],
    ["gemini-2.5-pro-preview-05-06", "gemini-2.5"],
    ["claude-3-5-sonnet-20241022", "claude-3-5"],
    ["claude-3-7-sonnet-latest", "claude-3-7"],
    ["claude-3-opus-20240229", "claude-3"],
    ["gpt-4-0613", "gpt-4"],
    ["gpt-4-32k", "gpt-4"],
    ["deepseek-chat", "deepseek-chat"],
    ["text-embedding-3-small", "text-embedding"],
    ["o3-mini", "o3-mini"],
    ["abab6_5_chat", "abab6_5"],
    // No separator: the id itself.
    ["gpt2", "gpt2"],
    ["GPT4", "gpt4"],
    ["sonar", "sonar"]
  ])("%s → %s", (id, group) => {
    expect(defaultGroup(id)).toBe(group)
  })

  it("is never empty and never longer than a group may be", () => {
    fc.assert(
      fc.property(validModelId, (id) => {
        const group = defaultGroup(id)
        expect(group.length).toBeGreaterThanOrEqual(1)
        expect(group.length).toBeLessThanOrEqual(64)
        expect(group.trim()).toBe(group)
      })
    )
  })
})

describe("ModelId", () => {
  const decode = Schema.decodeUnknownEither(ModelId)
  const problem = (input: unknown) =>
    Either.match(decode(input), { onLeft: (error) => error.message, onRight: () => "accepted" })

  it.each([
    "gpt-3.5-turbo",
    "gemini-pro",
    "gpt2",
    "meta-llama/Llama-3.1-8B-Instruct",
    "qwen2.5:7b",
    "models/gemini-1.5-pro@001",
    "my deployment",
    "x".repeat(256)
  ])("accepts %s verbatim", (id) => {
    expect(decode(id)).toEqual(Either.right(id))
  })

  it.each([
    ["", "must not be empty"],
    ["x".repeat(257), "at most 256"],
    [" gpt-4o", "whitespace"],
    ["gpt-4o\n", "whitespace"],
    ["gpt\u00004o", "control characters"],
    ["gpt\u007f4o", "control characters"],
    ["gpt\u00854o", "control characters"]
  ])("rejects %j: %s", (id, message) => {
    expect(problem(id)).toContain(message)
  })

  it("accepts any 1–256 character id without surrounding whitespace or control characters, verbatim", () => {
    fc.assert(
      fc.property(validModelId, (id) => {
        expect(decode(id)).toEqual(Either.right(id))
      })
    )
  })

  it("rejects an id that is empty, too long, padded or holds a control character", () => {
    fc.assert(
      fc.property(invalidModelId, (id) => {
        expect(Either.isLeft(decode(id))).toBe(true)
      })
    )
  })
})

describe("makeModel", () => {
  it("defaults the name to the id and the group to defaultGroup", () => {
    const model = makeModel("meta-llama/Llama-3.1-8B-Instruct")
    expect(model).toBeInstanceOf(Model)
    expect(model.id).toBe("meta-llama/Llama-3.1-8B-Instruct")
    expect(model.name).toBe("meta-llama/Llama-3.1-8B-Instruct")
    expect(model.group).toBe("meta-llama")
    expect(model.overrides).toEqual({})
  })

  it("keeps what the input sets", () => {
    const model = makeModel({ id: "gpt-4o", name: "GPT-4o", group: "fast", contextLength: 128000, ownedBy: "openai" })
    expect([model.name, model.group, model.contextLength, model.ownedBy]).toEqual(["GPT-4o", "fast", 128000, "openai"])
  })

  it("keeps only the capabilities set to true or false as overrides", () => {
    const model = makeModel({ id: "gpt2", capabilities: { vision: true, tools: null, reasoning: false } })
    expect(model.overrides).toEqual({ vision: true, reasoning: false })
  })

  it("lets every override win over inference, and inference fill the rest", () => {
    fc.assert(
      fc.property(
        validModelId,
        fc.record(
          {
            vision: fc.option(fc.boolean()),
            reasoning: fc.option(fc.boolean()),
            tools: fc.option(fc.boolean()),
            embedding: fc.option(fc.boolean()),
            webSearch: fc.option(fc.boolean())
          },
          { requiredKeys: [] }
        ),
        (id, capabilities) => {
          const model = makeModel({ id, capabilities })
          const inferred = inferCapabilities(id)
          for (const key of Object.keys(inferred) as Array<keyof typeof inferred>) {
            const override = capabilities[key]
            expect(model.capabilities[key]).toBe(typeof override === "boolean" ? override : inferred[key])
          }
        }
      )
    )
  })

  it("round-trips through its schema", () => {
    const model = makeModel({ id: "claude-3-5-sonnet-20241022", capabilities: { vision: false } })
    const encoded = Schema.encodeSync(Model)(model)
    expect(Schema.decodeUnknownSync(Model)(encoded)).toEqual(model)
  })
})

// Model ids as providers spell them: any printable characters, including `/ : . @` and inner spaces.
const idChar = fc.oneof(
  fc.constantFrom("/", ":", ".", "@", "-", "_", " "),
  fc.string({ minLength: 1, maxLength: 1, unit: "grapheme" })
)
// biome-ignore lint/suspicious/noControlCharactersInRegex: the generator must avoid what the schema rejects
const printable = (s: string) => !/[\u0000-\u001f\u007f-\u009f]/.test(s) && !/^\s|\s$/u.test(s)
const validModelId = fc
  .array(idChar, { minLength: 1, maxLength: 120 })
  .map((chars) => chars.join("").slice(0, 256))
  .filter((id) => id.length >= 1 && printable(id))

// C0 controls, DEL and C1 controls.
const controlChar = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }))
  .map((code) => String.fromCharCode(code))
const invalidModelId = fc.oneof(
  fc.constant(""),
  fc.string({ minLength: 257, maxLength: 400 }),
  fc.tuple(validModelId, fc.constantFrom(" ", "\t", "\u00a0", "\u3000")).map(([id, space]) => `${space}${id}`),
  fc.tuple(validModelId, fc.constantFrom(" ", "\n", "\u2003")).map(([id, space]) => `${id}${space}`),
  fc
    .tuple(validModelId, controlChar, fc.nat())
    .map(([id, control, at]) => `${id.slice(0, at % id.length)}${control}${id.slice(at % id.length)}`)
)
