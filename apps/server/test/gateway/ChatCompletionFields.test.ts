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
    [{ "sk-live-0123456789abcdef0123": 1 }, "anthropic", "sk-live-…"],
    [{ stop: ["END"] }, "openai-responses", "stop"],
    [{ top_k: 5 }, "openai-responses", "top_k"],
    [{ seed: 7 }, "openai-responses", "seed"],
    [{ logprobs: true }, "openai-responses", "logprobs"]
  ] as const)("refuses %j on %s, naming %s", (extra, type, field) => {
    const refused = checkFields({ ...base, ...extra }, type)
    expect(Either.isLeft(refused) && refused.left.field).toBe(field)
  })

  it("says which provider cannot honour a field, and why", () => {
    const refused = checkFields({ ...base, stop: "END" }, "openai-responses")
    expect(Either.isLeft(refused) && refused.left.problem).toBe(
      "cannot be honoured on an OpenAI Responses provider (the Responses API has no stop sequences)"
    )
    const gemini = checkFields({ ...base, n: 2 }, "gemini")
    expect(Either.isLeft(gemini) && gemini.left.problem).toBe("cannot be honoured on a Gemini provider at this value")
  })

  it("sends what the Responses API has a field for, and drops store (every request is store: false)", () => {
    const sent = checkFields(
      { ...base, parallel_tool_calls: false, reasoning_effort: "low", top_p: 0.5, store: true, n: 1 },
      "openai-responses"
    )
    expect(Either.getOrThrow(sent)).toEqual(
      new Set(["model", "messages", "parallel_tool_calls", "reasoning_effort", "top_p"])
    )
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
