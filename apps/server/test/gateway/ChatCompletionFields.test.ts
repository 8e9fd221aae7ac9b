import { readFileSync } from "node:fs"
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { checkFields, fieldTable } from "../../src/gateway/ChatCompletionFields"

const base = { model: "claude/claude", messages: [{ role: "user", content: "Hi" }] }

describe("checkFields", () => {
  it("passes on the fields each protocol takes, and null as not set", () => {
    const sent = checkFields({ ...base, seed: 7, temperature: 0.3, tools: null }, "gemini")
    expect(Either.getOrThrow(sent)).toEqual(new Set(["model", "messages", "seed", "temperature"]))
  })

  it.each([
    [{ seed: 7 }, "anthropic", "seed"],
    [{ presence_penalty: 0.2 }, "anthropic", "presence_penalty"],
    [{ parallel_tool_calls: false }, "gemini", "parallel_tool_calls"],
    [{ n: 3 }, "gemini", "n"],
    [{ audio: { voice: "x" } }, "gemini", "audio"],
    [{ "sk-live-0123456789abcdef0123": 1 }, "anthropic", "sk-live-…"]
  ] as const)("refuses %j on %s, naming %s", (extra, type, field) => {
    const refused = checkFields({ ...base, ...extra }, type)
    expect(Either.isLeft(refused) && refused.left.field).toBe(field)
  })

  it("drops a field at its neutral value, and any bookkeeping field", () => {
    const sent = checkFields({ ...base, n: 1, logit_bias: {}, user: "u", metadata: { a: "b" } }, "anthropic")
    expect(Either.getOrThrow(sent)).toEqual(new Set(["model", "messages"]))
  })
})

describe("the README", () => {
  it("shows the field table the gateway applies", () => {
    const readme = readFileSync(new URL("../../../../README.md", import.meta.url), "utf8")
    expect(readme).toContain(fieldTable())
  })
})
