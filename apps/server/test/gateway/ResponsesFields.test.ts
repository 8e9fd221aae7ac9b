import { readFileSync } from "node:fs"
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { checkFields, fieldTable } from "../../src/gateway/ResponsesFields"

const base = { model: "claude/claude", input: "Hi" }
const label = "an Anthropic provider"

describe("checkFields", () => {
  it("passes on what is sent or dropped, a neutral value, and null as not set", () => {
    const body = { ...base, temperature: 0.3, store: false, background: false, include: [], user: "u", prompt: null }
    expect(Either.isRight(checkFields(body, label))).toBe(true)
  })

  it.each([
    [{ store: true }, "store", "at this value (nothing is stored"],
    [{ previous_response_id: "resp_1" }, "previous_response_id", "nothing is stored"],
    [{ include: ["message.output_text.logprobs"] }, "include", "at this value"],
    [{ truncation: "auto" }, "truncation", "at this value"],
    [{ prompt: { id: "pmpt_1" } }, "prompt", "a prompt template"]
  ] as const)("refuses %j, naming %s", (extra, field, problem) => {
    const refused = checkFields({ ...base, ...extra }, label)
    expect(Either.isLeft(refused) && refused.left.field).toBe(field)
    expect(Either.isLeft(refused) && refused.left.problem).toContain(problem)
    expect(Either.isLeft(refused) && refused.left.problem).toContain(`on ${label}`)
  })

  it("refuses a field it does not know, quoting no more of its name than an excerpt", () => {
    const refused = checkFields({ ...base, "sk-live-0123456789abcdef0123": 1 }, label)
    expect(Either.isLeft(refused) && refused.left).toMatchObject({
      field: "sk-live-…",
      problem: "is not a Responses request field"
    })
  })
})

describe("the server README", () => {
  it("shows the field table the gateway applies", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8")
    expect(readme).toContain(fieldTable())
  })
})
