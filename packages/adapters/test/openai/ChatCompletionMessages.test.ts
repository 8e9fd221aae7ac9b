/**
 * Neutral messages → Chat Completions `messages`, part by part: what each part becomes, what is left out (reasoning,
 * empty assistant turns) and what cannot be sent at all (a file by URL).
 */
import { describe, expect, it } from "@effect/vitest"
import type { ChatMessage } from "@switchboard/core/domain/ChatRequest"
import { chatMessages, Unsendable } from "../../src/openai/ChatCompletionMessages"

const png = "iVBORw0KGgo="
const pdf = "JVBERi0xLjQK"

const wire = (...messages: ReadonlyArray<ChatMessage>) => {
  const out = chatMessages(messages)
  if (out instanceof Unsendable) throw new Error(`unexpectedly unsendable: ${out.detail}`)
  return out
}

describe("chatMessages", () => {
  it("a system message is its text", () => {
    expect(wire({ role: "system", content: "Be brief." })).toEqual([{ role: "system", content: "Be brief." }])
  })

  it("a user message of text parts only is one string, the parts joined as textOf joins them", () => {
    expect(
      wire({
        role: "user",
        content: [
          { type: "text", text: "Hello, " },
          { type: "text", text: "world." }
        ]
      })
    ).toEqual([{ role: "user", content: "Hello, world." }])
  })

  it("a user message with an image is a content array: text parts, URL images, base64 images as data URLs", () => {
    expect(
      wire({
        role: "user",
        content: [
          { type: "text", text: "Compare these." },
          { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
          { type: "image", source: { type: "base64", mediaType: "image/png", data: png } }
        ]
      })
    ).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "Compare these." },
          { type: "image_url", image_url: { url: "https://example.com/cat.jpg" } },
          { type: "image_url", image_url: { url: `data:image/png;base64,${png}` } }
        ]
      }
    ])
  })

  it("a base64 file is a file part with its data URL, and its name or one made from its media type", () => {
    expect(
      wire({
        role: "user",
        content: [
          { type: "file", source: { type: "base64", mediaType: "application/pdf", data: pdf }, filename: "q3.pdf" },
          { type: "file", source: { type: "base64", mediaType: "application/pdf", data: pdf } }
        ]
      })
    ).toEqual([
      {
        role: "user",
        content: [
          { type: "file", file: { filename: "q3.pdf", file_data: `data:application/pdf;base64,${pdf}` } },
          { type: "file", file: { filename: "document.pdf", file_data: `data:application/pdf;base64,${pdf}` } }
        ]
      }
    ])
  })

  it("a file by URL cannot be sent: the request is refused with a reason that names the file", () => {
    const out = chatMessages([
      { role: "user", content: [{ type: "text", text: "Summarise." }] },
      {
        role: "user",
        content: [{ type: "file", source: { type: "url", url: "https://example.com/q3.pdf" }, filename: "q3.pdf" }]
      }
    ])
    expect(out).toBeInstanceOf(Unsendable)
    expect((out as Unsendable).detail).toContain("q3.pdf")
    expect((out as Unsendable).detail).toContain("not by URL")
  })

  it("an assistant turn: text joined, tool calls as function calls, reasoning left out", () => {
    expect(
      wire({
        role: "assistant",
        content: [
          { type: "reasoning", text: "The user wants the weather.", signature: "sig" },
          { type: "text", text: "Let me " },
          { type: "text", text: "check." },
          { type: "tool-call", id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' },
          { type: "tool-call", id: "call_2", name: "get_time", arguments: "{}" }
        ]
      })
    ).toEqual([
      {
        role: "assistant",
        content: "Let me check.",
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
          { id: "call_2", type: "function", function: { name: "get_time", arguments: "{}" } }
        ]
      }
    ])
  })

  it("an assistant turn of tool calls only has null content; plain text has no tool_calls field", () => {
    expect(
      wire(
        { role: "assistant", content: [{ type: "tool-call", id: "call_1", name: "f", arguments: "{}" }] },
        { role: "assistant", content: [{ type: "text", text: "Done." }] }
      )
    ).toEqual([
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "call_1", type: "function", function: { name: "f", arguments: "{}" } }]
      },
      { role: "assistant", content: "Done." }
    ])
  })

  it("an assistant turn with nothing to send (only reasoning, or no parts) is dropped", () => {
    expect(
      wire(
        { role: "user", content: [{ type: "text", text: "Hi" }] },
        { role: "assistant", content: [{ type: "reasoning", text: "Thinking…" }] },
        { role: "assistant", content: [] },
        { role: "user", content: [{ type: "text", text: "Hello?" }] }
      )
    ).toEqual([
      { role: "user", content: "Hi" },
      { role: "user", content: "Hello?" }
    ])
  })

  it("tool results are one tool message each, errors sent as they were written", () => {
    expect(
      wire({
        role: "tool",
        content: [
          { type: "tool-result", callId: "call_1", name: "get_weather", content: '{"temp":21}' },
          { type: "tool-result", callId: "call_2", content: "Timed out after 5 s", isError: true }
        ]
      })
    ).toEqual([
      { role: "tool", tool_call_id: "call_1", content: '{"temp":21}' },
      { role: "tool", tool_call_id: "call_2", content: "Timed out after 5 s" }
    ])
  })

  it("a whole round trip keeps the order: user, assistant calls, their results, the answer", () => {
    const out = wire(
      { role: "system", content: "Use tools." },
      { role: "user", content: [{ type: "text", text: "Weather in Paris?" }] },
      { role: "assistant", content: [{ type: "tool-call", id: "call_1", name: "get_weather", arguments: "{}" }] },
      { role: "tool", content: [{ type: "tool-result", callId: "call_1", content: "21 °C" }] },
      { role: "assistant", content: [{ type: "text", text: "21 °C." }] }
    )
    expect(out.map((message) => message.role)).toEqual(["system", "user", "assistant", "tool", "assistant"])
  })
})
