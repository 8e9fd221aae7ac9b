/** An answer's cost in the chat footer: from the `done` event while it streams, and from the stored answer. */
import { render, screen } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { afterEach, describe, expect, it, vi } from "vitest"
import { describeMeta } from "../../src/components/chat/MessageView"
import { toMessages } from "../../src/hooks/conversations"
import { useChat } from "../../src/hooks/useChat"
import { ChatPage, type ChatPageProps } from "../../src/pages/ChatPage"
import { fakeFetch, json, model, provider, providersState, sseStream } from "../fakeFetch"

afterEach(() => vi.unstubAllGlobals())

function Chat(props: Omit<ChatPageProps, "chat">) {
  return <ChatPage {...props} chat={useChat()} />
}

describe("an answer's cost", () => {
  it("shows in the footer once the done event carries it", async () => {
    const stream = sseStream()
    fakeFetch({ "GET /api/conversations": () => json([]), "POST /api/chat": () => stream.response() })
    render(<Chat state={providersState([provider({ models: [model("gpt-4o")] })])} onOpenServices={vi.fn()} />)
    await userEvent.type(screen.getByRole("textbox", { name: "Message" }), "Hi{enter}")
    stream.push("start", { conversationId: "c1" })
    stream.push("delta", { text: "Hello" })
    stream.push("done", {
      finishReason: "stop",
      usage: { inputTokens: 1200, outputTokens: 300 },
      cost: { amount: 0.0042, currency: "USD" },
      timing: { totalMs: 900 }
    })
    stream.end()
    expect(await screen.findByText("gpt-4o · 1200 in · 300 out tokens · $0.0042 · total 900 ms")).toBeTruthy()
  })

  it("is read back from the stored answer, and left out where the prices are unknown", () => {
    const [priced, unpriced] = toMessages({
      id: "c1",
      title: "Hi",
      providerId: "vllm",
      modelId: "gpt-4o",
      updatedAt: "2026-01-01T00:00:00.000Z",
      messages: [
        {
          seq: 2,
          role: "assistant",
          content: "Hello",
          meta: {
            providerId: "vllm",
            modelId: "gpt-4o",
            usage: { inputTokens: 10, outputTokens: 5 },
            cost: { amount: 1.5, currency: "EUR" },
            cancelled: false
          }
        },
        {
          seq: 4,
          role: "assistant",
          content: "Again",
          meta: { providerId: "vllm", modelId: "gpt2", usage: { inputTokens: 10, outputTokens: 5 }, cancelled: false }
        }
      ]
    })
    expect(describeMeta(priced!.meta, priced!.model)).toEqual(["gpt-4o", "10 in · 5 out tokens", "€1.50"])
    expect(describeMeta(unpriced!.meta, unpriced!.model)).toEqual(["gpt2", "10 in · 5 out tokens"])
  })
})
