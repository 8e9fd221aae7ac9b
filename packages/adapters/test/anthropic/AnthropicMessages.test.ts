/**
 * The conversation as Anthropic's `system` and `messages`: every neutral part as its content block, tool results as a
 * user turn, consecutive turns of one role merged, and nothing Anthropic refuses (empty text, unsigned thinking, an
 * empty turn) sent.
 */
import { type ChatMessage, textMessage } from "@switchboard/core/domain/ChatRequest"
import { describe, expect, it } from "@effect/vitest"
import { messagesOf, systemOf } from "../../src/anthropic/AnthropicMessages"

const png = "iVBORw0KGgo="
const user = (...content: Extract<ChatMessage, { role: "user" }>["content"]): ChatMessage => ({ role: "user", content })
const assistant = (...content: Extract<ChatMessage, { role: "assistant" }>["content"]): ChatMessage => ({
  role: "assistant",
  content
})

describe("AnthropicMessages", () => {
  it("joins the system messages, wherever they stand, and leaves them out of the turns", () => {
    const messages = [
      textMessage("system", "Be brief."),
      textMessage("user", "Hi"),
      textMessage("system", "In French.")
    ]
    expect(systemOf(messages)).toBe("Be brief.\n\nIn French.")
    expect(messagesOf(messages)).toEqual([{ role: "user", content: "Hi" }])
    expect(systemOf([textMessage("user", "Hi")])).toBeUndefined()
  })

  it("maps user text, images and files (base64, URL, plain text) to their blocks", () => {
    const turns = messagesOf([
      user(
        { type: "text", text: "What is in these?" },
        { type: "image", source: { type: "base64", mediaType: "image/png", data: png } },
        { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
        { type: "file", source: { type: "base64", mediaType: "application/pdf", data: "JVBERi0=" }, filename: "a.pdf" },
        { type: "file", source: { type: "url", url: "https://example.com/b.pdf" } },
        { type: "file", source: { type: "base64", mediaType: "text/plain", data: "aGVsbG8gd29ybGQ=" } }
      )
    ])
    expect(turns).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "What is in these?" },
          { type: "image", source: { type: "base64", media_type: "image/png", data: png } },
          { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
          {
            type: "document",
            source: { type: "base64", media_type: "application/pdf", data: "JVBERi0=" },
            title: "a.pdf"
          },
          { type: "document", source: { type: "url", url: "https://example.com/b.pdf" } },
          { type: "document", source: { type: "text", media_type: "text/plain", data: "hello world" } }
        ]
      }
    ])
  })

  it("sends signed thinking and redacted thinking back, and drops unsigned or another protocol's reasoning", () => {
    const turns = messagesOf([
      textMessage("user", "Hi"),
      assistant(
        { type: "reasoning", text: "Let me think.", signature: "sig-1" },
        { type: "reasoning", text: "", redacted: "ENCRYPTED" },
        { type: "reasoning", text: "Another provider's thoughts." },
        { type: "reasoning", text: "Gemini's signed thoughts.", signature: "gemini-sig", signedBy: "gemini" },
        { type: "reasoning", text: "Claude's own.", signature: "sig-2", signedBy: "anthropic" },
        { type: "text", text: "Hello!" }
      )
    ])
    expect(turns[1]).toEqual({
      role: "assistant",
      content: [
        { type: "thinking", thinking: "Let me think.", signature: "sig-1" },
        { type: "redacted_thinking", data: "ENCRYPTED" },
        { type: "thinking", thinking: "Claude's own.", signature: "sig-2" },
        { type: "text", text: "Hello!" }
      ]
    })
  })

  it("sends tool calls with their arguments parsed ({} when empty, not JSON or not an object)", () => {
    const call = (id: string, args: string) => ({
      type: "tool-call" as const,
      id,
      name: "get_weather",
      arguments: args
    })
    const turns = messagesOf([
      textMessage("user", "Weather?"),
      assistant(call("toolu_1", '{"location":"Paris"}'), call("toolu_2", ""), call("toolu_3", "[1]"), call("t4", "{"))
    ])
    expect(turns[1]?.content).toEqual([
      { type: "tool_use", id: "toolu_1", name: "get_weather", input: { location: "Paris" } },
      { type: "tool_use", id: "toolu_2", name: "get_weather", input: {} },
      { type: "tool_use", id: "toolu_3", name: "get_weather", input: {} },
      { type: "tool_use", id: "t4", name: "get_weather", input: {} }
    ])
  })

  it("sends tool results as a user turn, merged with the user's next message (roles must alternate)", () => {
    const turns = messagesOf([
      textMessage("user", "Weather in Paris and Rome?"),
      assistant(
        { type: "tool-call", id: "toolu_1", name: "get_weather", arguments: '{"location":"Paris"}' },
        { type: "tool-call", id: "toolu_2", name: "get_weather", arguments: '{"location":"Rome"}' }
      ),
      {
        role: "tool",
        content: [
          { type: "tool-result", callId: "toolu_1", name: "get_weather", content: '{"temp":18}' },
          { type: "tool-result", callId: "toolu_2", content: "no station", isError: true }
        ]
      },
      { role: "tool", content: [{ type: "tool-result", callId: "toolu_3", content: "", isError: false }] },
      textMessage("user", "Which is warmer?")
    ])
    expect(turns.map((turn) => turn.role)).toEqual(["user", "assistant", "user"])
    expect(turns[2]?.content).toEqual([
      { type: "tool_result", tool_use_id: "toolu_1", content: '{"temp":18}' },
      { type: "tool_result", tool_use_id: "toolu_2", content: "no station", is_error: true },
      { type: "tool_result", tool_use_id: "toolu_3" },
      { type: "text", text: "Which is warmer?" }
    ])
  })

  it("merges consecutive messages of one role into one turn of blocks", () => {
    expect(
      messagesOf([textMessage("user", "One."), textMessage("user", "Two."), textMessage("assistant", "Three.")])
    ).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "One." },
          { type: "text", text: "Two." }
        ]
      },
      { role: "assistant", content: "Three." }
    ])
  })

  it("never sends an empty text block: empty parts are skipped, and a turn left empty is dropped", () => {
    const turns = messagesOf([
      user({ type: "text", text: "Hi" }, { type: "text", text: "" }),
      assistant({ type: "text", text: "" }, { type: "reasoning", text: "unsigned" }),
      textMessage("user", "Still there?"),
      assistant({ type: "text", text: "" }, { type: "text", text: "Yes." })
    ])
    // The emptied assistant turn is gone, so the two user turns around it are one.
    expect(turns).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Hi" },
          { type: "text", text: "Still there?" }
        ]
      },
      { role: "assistant", content: "Yes." }
    ])
  })
})
