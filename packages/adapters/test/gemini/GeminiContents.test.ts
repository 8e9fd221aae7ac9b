/**
 * The conversation as Gemini's turns: every kind of part, tool results named from their calls, turns of one role
 * merged, empty text left out, and the refusals (a nameless result, nothing to send).
 */
import { describe, expect, it } from "@effect/vitest"
import type { ChatMessage } from "@switchboard/core/domain/ChatRequest"
import { toConversation } from "../../src/gemini/GeminiContents"
import { Refusal } from "../../src/gemini/GeminiRefusal"

const png = "iVBORw0KGgo="

describe("Gemini contents", () => {
  it("user parts: text, base64 image and file → inlineData, URLs → fileData with the extension's type", () => {
    expect(
      toConversation([
        {
          role: "user",
          content: [
            { type: "text", text: "Look:" },
            { type: "image", source: { type: "base64", mediaType: "image/png", data: png } },
            {
              type: "file",
              source: { type: "base64", mediaType: "application/pdf", data: "JVBERi0=" },
              filename: "a.pdf"
            },
            { type: "image", source: { type: "url", url: "https://example.com/cat.JPG?size=big#top" } },
            { type: "file", source: { type: "url", url: "https://example.com/paper.pdf" } },
            { type: "image", source: { type: "url", url: "https://example.com/photo.webp" } },
            { type: "file", source: { type: "url", url: "https://generativelanguage.googleapis.com/v1beta/files/abc" } }
          ]
        }
      ])
    ).toEqual({
      contents: [
        {
          role: "user",
          parts: [
            { text: "Look:" },
            { inlineData: { mimeType: "image/png", data: png } },
            { inlineData: { mimeType: "application/pdf", data: "JVBERi0=" } },
            { fileData: { mimeType: "image/jpeg", fileUri: "https://example.com/cat.JPG?size=big#top" } },
            { fileData: { mimeType: "application/pdf", fileUri: "https://example.com/paper.pdf" } },
            { fileData: { mimeType: "image/webp", fileUri: "https://example.com/photo.webp" } },
            { fileData: { fileUri: "https://generativelanguage.googleapis.com/v1beta/files/abc" } }
          ]
        }
      ]
    })
  })

  it("model parts: text, signed reasoning as a thought, calls with parsed args and their signature", () => {
    const conversation = toConversation([
      { role: "user", content: [{ type: "text", text: "Weather?" }] },
      {
        role: "assistant",
        content: [
          { type: "reasoning", text: "Thinking about it", signature: "sig-thought" },
          { type: "reasoning", text: "unsigned, from another provider" },
          { type: "reasoning", text: "signed by Claude", signature: "claude-sig", signedBy: "anthropic" },
          { type: "text", text: "Let me check." },
          { type: "tool-call", id: "c1", name: "weather", arguments: '{"city":"Paris"}', signature: "sig-call" },
          { type: "tool-call", id: "c2", name: "now", arguments: "", signature: "claude-sig", signedBy: "anthropic" },
          { type: "tool-call", id: "c3", name: "list", arguments: "[1,2]" },
          { type: "tool-call", id: "c4", name: "broken", arguments: '{"a":' }
        ]
      }
    ])
    expect(conversation).not.toBeInstanceOf(Refusal)
    expect((conversation as { contents: unknown }).contents).toEqual([
      { role: "user", parts: [{ text: "Weather?" }] },
      {
        role: "model",
        parts: [
          { text: "Thinking about it", thought: true, thoughtSignature: "sig-thought" },
          { text: "Let me check." },
          { functionCall: { name: "weather", args: { city: "Paris" } }, thoughtSignature: "sig-call" },
          { functionCall: { name: "now", args: {} } },
          { functionCall: { name: "list", args: {} } },
          { functionCall: { name: "broken", args: {} } }
        ]
      }
    ])
  })

  it("tool results: a user turn of functionResponse, named by the part or its call, merged with the next user words", () => {
    const messages: ReadonlyArray<ChatMessage> = [
      { role: "user", content: [{ type: "text", text: "Go" }] },
      {
        role: "assistant",
        content: [
          { type: "tool-call", id: "c1", name: "weather", arguments: "{}" },
          { type: "tool-call", id: "c2", name: "stock", arguments: "{}" },
          { type: "tool-call", id: "c3", name: "fail", arguments: "{}" }
        ]
      },
      {
        role: "tool",
        content: [
          { type: "tool-result", callId: "c1", content: '{"temp":21}' },
          { type: "tool-result", callId: "c2", name: "stock_price", content: "42 USD" },
          { type: "tool-result", callId: "c3", content: "timeout", isError: true }
        ]
      },
      { role: "tool", content: [{ type: "tool-result", callId: "c1", content: '{"code":500}', isError: true }] },
      { role: "user", content: [{ type: "text", text: "Thanks" }] }
    ]
    const conversation = toConversation(messages) as { contents: unknown }
    expect(conversation.contents).toEqual([
      { role: "user", parts: [{ text: "Go" }] },
      {
        role: "model",
        parts: [
          { functionCall: { name: "weather", args: {} } },
          { functionCall: { name: "stock", args: {} } },
          { functionCall: { name: "fail", args: {} } }
        ]
      },
      {
        role: "user",
        parts: [
          { functionResponse: { name: "weather", response: { temp: 21 } } },
          { functionResponse: { name: "stock_price", response: { content: "42 USD" } } },
          { functionResponse: { name: "fail", response: { error: "timeout" } } },
          { functionResponse: { name: "weather", response: { error: { code: 500 } } } },
          { text: "Thanks" }
        ]
      }
    ])
  })

  it("system messages → systemInstruction; consecutive turns merge; empty text is left out", () => {
    expect(
      toConversation([
        { role: "system", content: "Be brief." },
        { role: "system", content: "" },
        { role: "user", content: [{ type: "text", text: "a" }] },
        { role: "user", content: [{ type: "text", text: "" }] },
        { role: "user", content: [{ type: "text", text: "b" }] },
        { role: "assistant", content: [{ type: "text", text: "" }] },
        { role: "assistant", content: [{ type: "text", text: "c" }] },
        { role: "assistant", content: [{ type: "text", text: "d" }] }
      ])
    ).toEqual({
      contents: [
        { role: "user", parts: [{ text: "a" }, { text: "b" }] },
        { role: "model", parts: [{ text: "c" }, { text: "d" }] }
      ],
      systemInstruction: { parts: [{ text: "Be brief." }] }
    })
  })

  it("refuses a result whose function cannot be named", () => {
    const refusal = toConversation([
      { role: "user", content: [{ type: "text", text: "Go" }] },
      { role: "tool", content: [{ type: "tool-result", callId: "call_x", content: "1" }] }
    ])
    expect(refusal).toBeInstanceOf(Refusal)
    expect((refusal as Refusal).detail).toBe(
      'messages[1].content[0]: the result of call "call_x" names no function and no earlier tool call has that id; ' +
        "Gemini needs the function's name (set the part's name)."
    )
  })

  it("refuses a conversation with nothing to send", () => {
    for (const messages of [
      [{ role: "system", content: "Only a system prompt." }],
      [{ role: "user", content: [{ type: "text", text: "" }] }]
    ] as const) {
      const refusal = toConversation(messages)
      expect(refusal).toBeInstanceOf(Refusal)
      expect((refusal as Refusal).detail).toMatch(/^messages: nothing to send to Gemini/)
    }
  })
})
