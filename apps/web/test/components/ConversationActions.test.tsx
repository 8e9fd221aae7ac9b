import { render, screen, waitFor, within } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { afterEach, describe, expect, it, vi } from "vitest"
import { useChat } from "../../src/hooks/useChat"
import { ChatPage } from "../../src/pages/ChatPage"
import { fakeFetch, type Handler, json, model, provider, providersState, sseStream } from "../fakeFetch"

afterEach(() => vi.unstubAllGlobals())

const state = providersState([provider({ models: [model("gpt2")] })])

function Chat() {
  return <ChatPage state={state} chat={useChat()} onOpenServices={vi.fn()} />
}

const summary = { id: "c9", title: "Old chat", providerId: "vllm", modelId: "gpt2", updatedAt: "2025-01-01T00:00:00Z" }
const meta = { providerId: "vllm", modelId: "gpt2", cancelled: false }
/** A question with a failed answer. */
const failed = {
  ...summary,
  messages: [
    { seq: 1, role: "user", content: "First question" },
    { seq: 2, role: "assistant", content: "", meta: { ...meta, error: { tag: "ProviderError", message: "Timed out" } } }
  ]
}

/** The page with conversation c9 open. */
const openOld = async (routes: Record<string, Handler>) => {
  const fake = fakeFetch({
    "GET /api/conversations": () => json([summary]),
    "GET /api/conversations/c9": () => json(failed),
    ...routes
  })
  render(<Chat />)
  await userEvent.click(await screen.findByRole("button", { name: /^Old chat/ }))
  await screen.findByText("First question")
  return fake
}

describe("conversation and message actions", () => {
  it("retries a failed answer: the server answers the last question again", async () => {
    const stream = sseStream()
    let retried = false
    const { calls } = await openOld({
      "POST /api/conversations/c9/retry": () => {
        retried = true
        return stream.response()
      },
      // Read back once the answer ends: the server's conversation then holds the new answer in place of the old.
      "GET /api/conversations/c9": () =>
        json(
          retried
            ? {
                ...failed,
                messages: [failed.messages[0], { seq: 2, role: "assistant", content: "Second try works", meta }]
              }
            : failed
        )
    })
    expect(screen.getByRole("alert").textContent).toContain("Timed out")
    await userEvent.click(screen.getByRole("button", { name: "Retry" }))
    expect(calls.find((c) => c.path.endsWith("/retry"))?.body).toEqual({ provider: "vllm", model: "gpt2" })
    stream.push("start", { conversationId: "c9" })
    stream.push("delta", { text: "Second try works" })
    stream.push("done", { finishReason: "stop" })
    stream.end()
    expect(await screen.findByText("Second try works")).toBeTruthy()
    // The failed answer was replaced, not kept beside the new one.
    expect(screen.queryByText("Timed out")).toBeNull()
  })

  it("edits a question and resends it; what followed it goes", async () => {
    const stream = sseStream()
    const { calls } = await openOld({ "POST /api/conversations/c9/edit": () => stream.response() })
    const question = screen.getByText("First question").closest(".message") as HTMLElement
    await userEvent.click(within(question).getByRole("button", { name: "Edit" }))
    const box = screen.getByRole("textbox", { name: "Edit question" })
    expect(document.activeElement).toBe(box)
    await userEvent.clear(box)
    await userEvent.type(box, "Better question{enter}")
    expect(calls.find((c) => c.path.endsWith("/edit"))?.body).toEqual({
      provider: "vllm",
      model: "gpt2",
      seq: 1,
      content: "Better question"
    })
    expect(screen.getByText("Better question")).toBeTruthy()
    expect(screen.queryByText("Timed out")).toBeNull()
    stream.end()
  })

  it("copies a message and deletes one once asked", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined)
    vi.stubGlobal("navigator", { ...navigator, clipboard: { writeText } })
    const { calls } = await openOld({
      "DELETE /api/conversations/c9/messages/1": () => new Response(null, { status: 204 })
    })
    const question = screen.getByText("First question").closest(".message") as HTMLElement
    await userEvent.click(within(question).getByRole("button", { name: "Copy question" }))
    expect(writeText).toHaveBeenCalledWith("First question")
    await userEvent.click(within(question).getByRole("button", { name: "Delete question" }))
    expect(calls.some((c) => c.method === "DELETE")).toBe(false)
    await userEvent.click(within(question).getByRole("button", { name: "Delete question" }))
    await waitFor(() => expect(screen.queryByText("First question")).toBeNull())
    expect(calls.filter((c) => c.method === "DELETE").map((c) => c.path)).toEqual(["/api/conversations/c9/messages/1"])
  })

  it("renames the conversation", async () => {
    const { calls } = await openOld({
      "PATCH /api/conversations/c9": () => json({ ...summary, title: "Renamed" })
    })
    await userEvent.click(screen.getByRole("button", { name: "Rename…" }))
    const title = screen.getByRole("textbox", { name: "Title" })
    await userEvent.clear(title)
    await userEvent.type(title, "Renamed{enter}")
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull())
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ title: "Renamed" })
    expect(screen.getByRole("button", { name: /^Renamed/ })).toBeTruthy()
  })

  it("keeps a new chat's settings for its first message, and checks them under their fields", async () => {
    const stream = sseStream()
    const { calls } = fakeFetch({
      "GET /api/conversations": () => json([]),
      "POST /api/chat": () => stream.response()
    })
    render(<Chat />)
    await userEvent.click(screen.getByRole("button", { name: "Settings…" }))
    const dialog = screen.getByRole("dialog", { name: "Conversation settings" })
    await userEvent.type(within(dialog).getByRole("textbox", { name: "System prompt" }), "Answer in French.")
    const temperature = within(dialog).getByRole("spinbutton", { name: "Temperature" })
    await userEvent.type(temperature, "3")
    await userEvent.click(within(dialog).getByRole("button", { name: "Save settings" }))
    expect(temperature.getAttribute("aria-invalid")).toBe("true")
    expect(within(dialog).getByText("Temperature must be a number from 0 to 2.")).toBeTruthy()
    await userEvent.clear(temperature)
    await userEvent.type(temperature, "0.3")
    await userEvent.type(within(dialog).getByRole("spinbutton", { name: "Max tokens" }), "200")
    await userEvent.click(within(dialog).getByRole("button", { name: "Save settings" }))
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull())
    await userEvent.type(screen.getByRole("textbox", { name: "Message" }), "Hello{enter}")
    expect(calls.find((c) => c.path === "/api/chat")?.body).toEqual({
      provider: "vllm",
      model: "gpt2",
      messages: [{ role: "user", content: "Hello" }],
      systemPrompt: "Answer in French.",
      temperature: 0.3,
      maxTokens: 200
    })
    stream.end()
  })

  it("changes a stored conversation's settings, removing the ones left empty", async () => {
    const { calls } = await openOld({
      "PATCH /api/conversations/c9": () => json({ ...summary, temperature: 0.5 })
    })
    await userEvent.click(screen.getByRole("button", { name: "Settings…" }))
    await userEvent.type(screen.getByRole("spinbutton", { name: "Temperature" }), "0.5")
    await userEvent.click(screen.getByRole("button", { name: "Save settings" }))
    await waitFor(() => expect(calls.find((c) => c.method === "PATCH")).toBeTruthy())
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({
      systemPrompt: null,
      temperature: 0.5,
      maxTokens: null
    })
  })

  it("searches the conversations on the server", async () => {
    const { calls } = fakeFetch({
      "GET /api/conversations": (call) =>
        new URL(call.url, "http://localhost").searchParams.get("q") === "zebra" ? json([]) : json([summary])
    })
    render(<Chat />)
    await screen.findByRole("button", { name: /^Old chat/ })
    await userEvent.type(screen.getByRole("searchbox", { name: "Search conversations" }), "zebra")
    expect(await screen.findByText("No conversation holds “zebra”.")).toBeTruthy()
    // Typing pauses before one request goes, not one per key.
    expect(calls.filter((c) => c.url.includes("q=")).map((c) => c.url)).toEqual(["/api/conversations?q=zebra"])
  })

  it("exports the conversation as Markdown, as the server writes it", async () => {
    const createObjectURL = vi.fn(() => "blob:x")
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }))
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined)
    const { calls } = await openOld({
      "GET /api/conversations/c9/export": () =>
        new Response("# Old chat\n", { headers: { "content-type": "text/markdown" } })
    })
    await userEvent.click(screen.getByRole("button", { name: "Export Markdown" }))
    await waitFor(() => expect(click).toHaveBeenCalled())
    expect(calls.find((c) => c.path.endsWith("/export"))?.url).toBe("/api/conversations/c9/export?format=markdown")
    const blob = (createObjectURL.mock.calls[0] as unknown as [Blob])[0]
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader()
      reader.onload = () => resolve(String(reader.result))
      reader.readAsText(blob)
    })
    expect(text).toBe("# Old chat\n")
    expect((click.mock.instances[0] as unknown as HTMLAnchorElement).download).toBe("Old-chat.md")
    click.mockRestore()
  })
})
