import { describe, expect, it } from "@effect/vitest"
import { DateTime, Schema } from "effect"
import { AnswerError, AnswerMeta, ConversationMessage, ConversationWithMessages } from "../../src/domain/Conversation"
import { exportConversation, toJson, toMarkdown } from "../../src/domain/ConversationExport"

const at = DateTime.unsafeMake("2025-03-01T09:30:00Z")

const conversation = new ConversationWithMessages({
  id: ConversationWithMessages.fields.id.make("c-1"),
  title: "Weather in Paris",
  providerId: "vllm",
  modelId: "gpt2",
  systemPrompt: "Answer in one line.",
  temperature: 0.3,
  createdAt: at,
  updatedAt: at,
  messages: [
    new ConversationMessage({
      seq: 1,
      role: "user",
      content: "Is it raining? Show ```code```",
      parts: [
        { type: "text", text: "Is it raining? Show ```code```" },
        { type: "image", source: { type: "url", url: "https://example.com/sky.png" } }
      ],
      createdAt: at
    }),
    new ConversationMessage({
      seq: 2,
      role: "assistant",
      content: "",
      parts: [
        { type: "tool-call", id: "t1", name: "weather", arguments: '{"city":"Paris"}' },
        { type: "tool-result", callId: "t1", name: "weather", content: "```rain```" }
      ],
      meta: new AnswerMeta({ providerId: "vllm", modelId: "gpt2", finishReason: "tool_calls", cancelled: false }),
      createdAt: at
    }),
    new ConversationMessage({
      seq: 3,
      role: "assistant",
      content: "Light rain",
      meta: new AnswerMeta({
        providerId: "vllm",
        modelId: "gpt2_small",
        usage: { inputTokens: 12, outputTokens: 3 },
        reasoning: "Check the tool's answer.",
        error: new AnswerError({ tag: "ProviderError", reason: "Network", message: "connection reset" }),
        cancelled: false
      }),
      createdAt: at
    })
  ]
})

describe("ConversationExport", () => {
  it("writes Markdown: title, settings, each message under its role with its parts and answer footer", () => {
    const markdown = toMarkdown(conversation)
    expect(markdown.startsWith("# Weather in Paris\n\n- Model: vllm/gpt2\n- Started: 2025-03-01T09:30:00.000Z\n")).toBe(
      true
    )
    expect(markdown).toContain("- Temperature: 0.3")
    expect(markdown).not.toContain("Max tokens")
    expect(markdown).toContain("## System prompt\n\nAnswer in one line.")
    expect(markdown).toContain("## User\n\nIs it raining? Show ```code```\n\n_[image: https://example.com/sky.png]_")
    expect(markdown).toContain('Tool call `weather`:\n\n```json\n{"city":"Paris"}\n```')
    // A fence longer than the backticks inside.
    expect(markdown).toContain("Tool result of `weather`:\n\n````\n```rain```\n````")
    expect(markdown).toContain("<details><summary>Thinking</summary>\n\nCheck the tool's answer.\n\n</details>")
    expect(markdown).toContain("Light rain\n\n_vllm/gpt2\\_small · 12 → 3 tokens · error: connection reset_")
    expect(markdown.endsWith("\n")).toBe(true)
  })

  it("writes JSON that decodes back to the same conversation", () => {
    const json = toJson(conversation)
    expect(Schema.decodeUnknownSync(ConversationWithMessages)(JSON.parse(json))).toEqual(conversation)
    expect(exportConversation(conversation, "json")).toBe(json)
    expect(exportConversation(conversation, "markdown")).toBe(toMarkdown(conversation))
  })
})
