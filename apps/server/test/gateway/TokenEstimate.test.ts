/**
 * The token count estimate for providers without a count of their own: four characters a token over the text and the
 * JSON a request holds, a fixed count per image or PDF, and nothing for what it does not recognise.
 */
import { describe, expect, it } from "vitest"
import { charsPerToken, estimateTokens, mediaTokens } from "../../src/gateway/TokenEstimate"

describe("estimateTokens", () => {
  it("counts the system prompt, every text-bearing block, tool input and the tools' JSON", () => {
    const tools = [{ name: "get_weather", input_schema: { type: "object" } }]
    const body = {
      model: "p/m",
      system: [{ type: "text", text: "abcd" }],
      tools,
      messages: [
        { role: "user", content: "abcdefgh" },
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "abcd", signature: "not counted" },
            { type: "tool_use", id: "t1", name: "get", input: { a: 1 } }
          ]
        },
        {
          role: "user",
          content: [
            { type: "tool_result", tool_use_id: "t1", content: [{ type: "text", text: "abcd" }] },
            { type: "document", source: { type: "text", media_type: "text/plain", data: "abcd" }, title: "ab" },
            { type: "document", source: { type: "base64", media_type: "application/pdf", data: "JVBERi0=" } }
          ]
        }
      ]
    }
    const chars = 4 + 8 + 4 + "get".length + '{"a":1}'.length + 4 + 4 + 2 + JSON.stringify(tools).length
    expect(estimateTokens(body)).toBe(Math.ceil(chars / charsPerToken) + mediaTokens)
  })

  it("reads what it does not know as nothing, and never answers less than one", () => {
    expect(estimateTokens({ messages: [null, { content: 42 }, { content: [{ type: "future_block" }] }] })).toBe(1)
    expect(estimateTokens({})).toBe(1)
  })
})
