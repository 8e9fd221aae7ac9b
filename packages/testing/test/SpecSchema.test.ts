import { describe, expect, it } from "vitest"
import { schemaErrors } from "../src/SpecSchema"

/** OpenAI's own example of a completed response's event, from the spec's `x-oaiMeta`, trimmed to what it requires. */
const response = {
  id: "resp_123",
  object: "response",
  created_at: 1740855869,
  status: "completed",
  error: null,
  incomplete_details: null,
  instructions: null,
  model: "gpt-4o-mini-2024-07-18",
  output: [
    {
      id: "msg_123",
      type: "message",
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text: "Hi", annotations: [], logprobs: [] }]
    }
  ],
  parallel_tool_calls: true,
  metadata: {},
  tool_choice: "auto",
  tools: [],
  temperature: 1,
  top_p: 1
}

describe("schemaErrors", () => {
  it("accepts a value the spec's schema describes, through its $refs", () => {
    expect(schemaErrors("openai", "Response", response)).toEqual([])
    expect(
      schemaErrors("openai", "ResponseStreamEvent", { type: "response.completed", response, sequence_number: 3 })
    ).toEqual([])
  })

  it("names what is wrong with one it does not", () => {
    const { created_at: _, ...missing } = response
    expect(schemaErrors("openai", "Response", missing).join("\n")).toContain("created_at")
    expect(schemaErrors("openai", "Response", { ...response, status: "done" })).not.toEqual([])
    const badItem = { ...response, output: [{ ...response.output[0], role: "user" }] }
    expect(schemaErrors("openai", "Response", badItem)).not.toEqual([])
  })

  it("explains a union's failure by the member the value's type names", () => {
    const delta = { type: "response.output_text.delta", item_id: "m", output_index: 0, content_index: 0, delta: "x" }
    expect(schemaErrors("openai", "ResponseStreamEvent", { ...delta, sequence_number: 1 })).toEqual([
      '/ must have required property \'logprobs\' {"missingProperty":"logprobs"}'
    ])
  })

  it("reads the 3.0 `nullable` of the specs that use it", () => {
    // Azure's spec is OpenAPI 3.0: a choice's `logprobs` and its message's `refusal` are `nullable`.
    const choice = {
      index: 0,
      finish_reason: "stop",
      logprobs: null,
      message: { role: "assistant", content: "Hi", refusal: null }
    }
    const completion = {
      id: "chatcmpl-1",
      object: "chat.completion",
      created: 1,
      model: "gpt-4o",
      choices: [choice]
    }
    expect(schemaErrors("azure", "createChatCompletionResponse", completion)).toEqual([])
  })
})
