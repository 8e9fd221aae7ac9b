import { render, screen, waitFor, within } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { afterEach, describe, expect, it, vi } from "vitest"
import { useChat } from "../../src/hooks/useChat"
import { ChatPage, type ChatPageProps } from "../../src/pages/ChatPage"
import { fakeFetch, json, model, provider, providersState, sseStream } from "../fakeFetch"

afterEach(() => vi.unstubAllGlobals())

const state = (providers = [provider({ models: [model("gpt2")] })]) => providersState(providers)

/** The page with the chat state the app would hold for it. */
function Chat(props: Omit<ChatPageProps, "chat">) {
  return <ChatPage {...props} chat={useChat()} />
}

describe("ChatPage", () => {
  it("offers only enabled providers that have models", () => {
    fakeFetch({ "GET /api/conversations": () => json([]) })
    render(
      <Chat
        state={state([
          provider({ id: "on", name: "On", models: [model("gpt2")] }),
          provider({ id: "off", name: "Off", enabled: false, models: [model("llama3")] }),
          provider({ id: "empty", name: "Empty" })
        ])}
        onOpenServices={vi.fn()}
      />
    )
    const picker = screen.getByRole("combobox", { name: "Model" })
    expect(
      within(picker)
        .getAllByRole("option")
        .map((o) => o.textContent)
    ).toEqual(["gpt2"])
    expect(within(picker).getByRole("group").getAttribute("label")).toBe("On")
  })

  it("streams the answer as Markdown, then shows tokens and timing under it", async () => {
    const stream = sseStream()
    const { calls } = fakeFetch({ "GET /api/conversations": () => json([]), "POST /api/chat": () => stream.response() })
    render(<Chat state={state()} onOpenServices={vi.fn()} />)
    await userEvent.type(screen.getByRole("textbox", { name: "Message" }), "Write hello in JS{enter}")
    expect(calls.find((c) => c.path === "/api/chat")?.body).toEqual({
      provider: "vllm",
      model: "gpt2",
      messages: [{ role: "user", content: "Write hello in JS" }]
    })
    stream.push("start", { conversationId: "c1", url: "http://127.0.0.1:8000/v1/chat/completions" })
    stream.push("delta", { text: "Here:\n\n```js\nconsole.log" })
    expect(await screen.findByText(/Here:/)).toBeTruthy()
    expect(screen.getByRole("button", { name: "■ Stop" })).toBeTruthy()
    stream.push("delta", { text: '("hi")\n```\n' })
    stream.push("usage", { inputTokens: 12, outputTokens: 9 })
    stream.push("done", { finishReason: "stop", timing: { firstTokenMs: 120, totalMs: 2300, tokensPerSecond: 4.1 } })
    stream.end()
    const code = await screen.findByText('console.log("hi")', { selector: "code" })
    expect(code.closest(".code-block")?.textContent).toContain("js")
    expect(
      await screen.findByText("gpt2 · 12 in · 9 out tokens · first token 120 ms · total 2.3 s · 4.1 tokens/s")
    ).toBeTruthy()
    expect(screen.getByRole("button", { name: "Send" })).toBeTruthy()
  })

  it("Stop aborts the request itself and marks the answer as stopped", async () => {
    const stream = sseStream()
    const { calls } = fakeFetch({
      "GET /api/conversations": () => json([]),
      "POST /api/chat": () => stream.response(),
      // Read back at once, the server has not saved the stopped answer yet: what is shown must stay.
      "GET /api/conversations/c1": () =>
        json({
          id: "c1",
          title: "Tell me a long story",
          providerId: "vllm",
          modelId: "gpt2",
          updatedAt: "2025-01-01T00:00:00Z",
          messages: [{ seq: 1, role: "user", content: "Tell me a long story" }]
        })
    })
    render(<Chat state={state()} onOpenServices={vi.fn()} />)
    await userEvent.type(screen.getByRole("textbox", { name: "Message" }), "Tell me a long story{enter}")
    stream.push("start", { conversationId: "c1" })
    stream.push("delta", { text: "Once upon a time" })
    expect(await screen.findByText("Once upon a time")).toBeTruthy()
    await userEvent.click(screen.getByRole("button", { name: "■ Stop" }))
    const signal = calls.find((c) => c.path === "/api/chat")!.signal!
    expect(signal.aborted).toBe(true)
    expect(await screen.findByText(/stopped by you/)).toBeTruthy()
    // The response body was cancelled, which is what closes the connection in a browser.
    expect(stream.cancelled).toBe(true)
    await waitFor(() => expect(calls.filter((c) => c.path === "/api/conversations/c1").length).toBeGreaterThan(1))
    expect(screen.getByText("Once upon a time")).toBeTruthy()
    expect(screen.getByText(/stopped by you/)).toBeTruthy()
  })

  it("shows a failed answer's reason under it", async () => {
    const stream = sseStream()
    fakeFetch({ "GET /api/conversations": () => json([]), "POST /api/chat": () => stream.response() })
    render(<Chat state={state()} onOpenServices={vi.fn()} />)
    await userEvent.type(screen.getByRole("textbox", { name: "Message" }), "hi{enter}")
    stream.push("error", {
      error: {
        code: "ProviderError",
        reason: "Timeout",
        message: "Timeout from http://x/v1/chat/completions: no first byte in 120 s."
      }
    })
    stream.end()
    expect((await screen.findByRole("alert")).textContent).toContain("no first byte in 120 s")
  })

  it("shows an answer the provider refused before it started (an HTTP error, not a stream) under it", async () => {
    const message = "Authentication (HTTP 401) from http://x/v1/chat/completions: the provider refused the API key"
    fakeFetch({
      "GET /api/conversations": () => json([]),
      "POST /api/chat": () =>
        json({ error: { code: "provider_error", reason: "Authentication", upstreamStatus: 401, message } }, 401)
    })
    render(<Chat state={state()} onOpenServices={vi.fn()} />)
    await userEvent.type(screen.getByRole("textbox", { name: "Message" }), "hi{enter}")
    expect((await screen.findByRole("alert")).textContent).toContain("the provider refused the API key")
  })

  it("lists the server's conversations, opens one with its history, and continues it", async () => {
    const stream = sseStream()
    const { calls } = fakeFetch({
      "GET /api/conversations": () =>
        json([{ id: "c9", title: "Old chat", providerId: "vllm", modelId: "gpt2", updatedAt: "2025-01-01T00:00:00Z" }]),
      "GET /api/conversations/c9": () =>
        json({
          id: "c9",
          title: "Old chat",
          providerId: "vllm",
          modelId: "gpt2",
          updatedAt: "2025-01-01T00:00:00Z",
          messages: [
            { seq: 1, role: "user", content: "First question" },
            {
              seq: 2,
              role: "assistant",
              content: "First answer",
              meta: { providerId: "vllm", modelId: "gpt2", usage: { inputTokens: 3, outputTokens: 2 }, cancelled: true }
            }
          ]
        }),
      "POST /api/chat": () => stream.response()
    })
    render(<Chat state={state()} onOpenServices={vi.fn()} />)
    await userEvent.click(await screen.findByRole("button", { name: /^Old chat/ }))
    expect(await screen.findByText("First answer")).toBeTruthy()
    expect(screen.getByText(/3 in · 2 out tokens · stopped by you/)).toBeTruthy()
    await userEvent.type(screen.getByRole("textbox", { name: "Message" }), "Second{enter}")
    await waitFor(() =>
      expect(calls.find((c) => c.path === "/api/chat")?.body).toEqual({
        provider: "vllm",
        model: "gpt2",
        messages: [{ role: "user", content: "Second" }],
        conversationId: "c9"
      })
    )
    stream.end()
  })

  it("deletes a conversation on the server and from the list, once asked", async () => {
    const { calls } = fakeFetch({
      "GET /api/conversations": () =>
        json([{ id: "c9", title: "Old chat", providerId: "vllm", modelId: "gpt2", updatedAt: "2025-01-01T00:00:00Z" }]),
      "DELETE /api/conversations/c9": () => new Response(null, { status: 204 })
    })
    render(<Chat state={state()} onOpenServices={vi.fn()} />)
    await userEvent.click(await screen.findByRole("button", { name: "Delete conversation Old chat" }))
    expect(calls.some((c) => c.method === "DELETE")).toBe(false)
    await userEvent.click(screen.getByRole("button", { name: "Delete conversation Old chat" }))
    await waitFor(() => expect(screen.queryByRole("button", { name: /^Old chat/ })).toBeNull())
    expect(calls.some((c) => c.method === "DELETE")).toBe(true)
  })

  it("explains what to do when no provider can chat", () => {
    fakeFetch({ "GET /api/conversations": () => json([]) })
    const open = vi.fn()
    render(<Chat state={state([provider()])} onOpenServices={open} />)
    expect(screen.getByRole("textbox", { name: "Message" }).getAttribute("placeholder")).toContain(
      "set one up in Model services"
    )
    screen.getByRole("button", { name: "Open Model services" }).click()
    expect(open).toHaveBeenCalled()
  })

  it("says so when a reopened conversation's provider is off, and which model answers instead", async () => {
    fakeFetch({
      "GET /api/conversations": () =>
        json([
          { id: "c9", title: "Old chat", providerId: "off", modelId: "llama3", updatedAt: "2025-01-01T00:00:00Z" }
        ]),
      "GET /api/conversations/c9": () =>
        json({
          id: "c9",
          title: "Old chat",
          providerId: "off",
          modelId: "llama3",
          updatedAt: "2025-01-01T00:00:00Z",
          messages: [{ seq: 1, role: "user", content: "Hello" }]
        })
    })
    const open = vi.fn()
    render(
      <Chat
        state={state([
          provider({ models: [model("gpt2")] }),
          provider({ id: "off", name: "Ollama", enabled: false, models: [model("llama3")] })
        ])}
        onOpenServices={open}
      />
    )
    await userEvent.click(await screen.findByRole("button", { name: /^Old chat/ }))
    const notice = await screen.findByText(/This conversation used/)
    expect(notice.textContent).toContain(
      "This conversation used llama3, but Ollama is switched off. Your next message goes to gpt2 instead."
    )
    await userEvent.click(screen.getByRole("button", { name: "Switch it on in Model services" }))
    expect(open).toHaveBeenCalled()
  })

  it("sends images to a vision model as image parts, refuses what it cannot take, and shows them in the history", async () => {
    const stream = sseStream()
    const { calls } = fakeFetch({ "GET /api/conversations": () => json([]), "POST /api/chat": () => stream.response() })
    const llava = { ...model("llava"), capabilities: { ...model("llava").capabilities, vision: true } }
    render(<Chat state={state([provider({ models: [llava] })])} onOpenServices={vi.fn()} />)
    const files = screen.getByLabelText("Image files") as HTMLInputElement
    const png = new File([new Uint8Array([137, 80, 78, 71])], "cat.png", { type: "image/png" })
    const pdf = new File(["%PDF"], "paper.pdf", { type: "application/pdf" })
    const huge = new File([new Uint8Array(6 * 1024 * 1024)], "huge.jpg", { type: "image/jpeg" })
    // `upload` would drop the PDF by `accept`; a drop or paste would not, so the check is the Composer's own.
    await userEvent.upload(files, [png, pdf, huge], { applyAccept: false })
    const refusal = await screen.findByRole("alert")
    expect(refusal.textContent).toContain("paper.pdf is not a PNG, JPEG, GIF or WebP image")
    expect(refusal.textContent).toContain("huge.jpg is 6.0 MB; an image may be at most 5.0 MB.")
    expect(screen.getByRole("img", { name: "cat.png" })).toBeTruthy()

    await userEvent.type(screen.getByRole("textbox", { name: "Message" }), "What is this?{enter}")
    await waitFor(() =>
      expect(calls.find((c) => c.path === "/api/chat")?.body).toEqual({
        provider: "vllm",
        model: "llava",
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "What is this?" },
              { type: "image", source: { type: "base64", mediaType: "image/png", data: "iVBORw==" } }
            ]
          }
        ]
      })
    )
    const question = screen.getByText("What is this?").closest(".message")!
    expect(question.querySelector("img")?.getAttribute("src")).toBe("data:image/png;base64,iVBORw==")
    stream.end()
  })

  it("says a model without vision takes no images", async () => {
    fakeFetch({ "GET /api/conversations": () => json([]) })
    render(<Chat state={state()} onOpenServices={vi.fn()} />)
    expect(screen.queryByRole("button", { name: "Attach image" })).toBeNull()
    const box = screen.getByRole("textbox", { name: "Message" })
    const png = new File([new Uint8Array([1])], "cat.png", { type: "image/png" })
    box.focus()
    await userEvent.paste({ files: [png], getData: () => "", types: ["Files"] } as unknown as DataTransfer)
    expect((await screen.findByRole("alert")).textContent).toContain("gpt2 does not take images")
  })
})
