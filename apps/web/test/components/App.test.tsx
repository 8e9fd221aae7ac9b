import { render, screen, waitFor } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { afterEach, describe, expect, it, vi } from "vitest"
import { clearToken } from "../../src/api/token"
import { App } from "../../src/App"
import { apiError, fakeFetch, json, model, provider, sseStream } from "../fakeFetch"

afterEach(() => {
  clearToken()
  localStorage.clear()
  delete document.documentElement.dataset.theme
  vi.unstubAllGlobals()
  window.location.hash = ""
})

const unauthenticated = () =>
  apiError(401, "Unauthenticated", "This endpoint needs a bearer token: send `Authorization: Bearer <token>`")

describe("App", () => {
  it("asks for the token when the server answers 401, then sends it as a bearer header only", async () => {
    const { calls } = fakeFetch({
      "GET /api/providers": (call) =>
        call.headers.get("authorization") === "Bearer right-token" ? json([provider()]) : unauthenticated(),
      "GET /api/providers/vllm/urls": () => json({ chat: "c", models: "m" }),
      "GET /api/providers/vllm/verify": () => json(null)
    })
    render(<App />)
    const field = await screen.findByLabelText("Token")
    await userEvent.type(field, "wrong{enter}")
    expect((await screen.findByRole("alert")).textContent).toContain("Not signed in")
    expect(sessionStorage.getItem("switchboard.token")).toBeNull()
    await userEvent.clear(field)
    await userEvent.type(field, "right-token{enter}")
    expect(await screen.findByRole("heading", { name: "vLLM" })).toBeTruthy()
    expect(sessionStorage.getItem("switchboard.token")).toBe("right-token")
    expect(calls.every((c) => !c.url.includes("token"))).toBe(true)
  })

  it("switches pages from the top bar and keeps the page in the URL hash", async () => {
    fakeFetch({
      "GET /api/providers": () => json([]),
      "GET /api/conversations": () => json([])
    })
    render(<App />)
    expect(await screen.findByRole("heading", { name: "Set up your first provider" })).toBeTruthy()
    await userEvent.click(screen.getByRole("link", { name: "Chat" }))
    await waitFor(() => expect(window.location.hash).toBe("#/chat"))
    expect(await screen.findByRole("textbox", { name: "Message" })).toBeTruthy()
    expect(screen.getByRole("link", { name: "Chat" }).getAttribute("aria-current")).toBe("page")
  })

  it("says where loading failed and retries", async () => {
    let fail = true
    fakeFetch({
      "GET /api/providers": () =>
        fail ? apiError(500, "StorageError", "Storage failed while trying to read: disk full.") : json([])
    })
    render(<App />)
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Providers could not be loaded: Storage failed while trying to read: disk full."
    )
    fail = false
    await userEvent.click(screen.getByRole("button", { name: "Retry" }))
    expect(await screen.findByRole("heading", { name: "Set up your first provider" })).toBeTruthy()
  })

  it("keeps an answer streaming and the draft while another page is shown", async () => {
    const stream = sseStream()
    const { calls } = fakeFetch({
      "GET /api/providers": () => json([provider({ models: [model("gpt2")] })]),
      "GET /api/providers/vllm/urls": () => json({ chat: "c", models: "m" }),
      "GET /api/providers/vllm/verify": () => json(null),
      "GET /api/conversations": () => json([]),
      "POST /api/chat": () => stream.response()
    })
    window.location.hash = "#/chat"
    render(<App />)
    const box = await screen.findByRole("textbox", { name: "Message" })
    await waitFor(() =>
      expect(screen.getByRole("combobox", { name: "Model" })).toHaveProperty("value", "vllm\u0000gpt2")
    )
    await userEvent.type(box, "Tell me a story{enter}")
    stream.push("start", { conversationId: "c1" })
    stream.push("delta", { text: "Once upon" })
    expect(await screen.findByText("Once upon")).toBeTruthy()
    await userEvent.type(box, "and then?")

    await userEvent.click(screen.getByRole("link", { name: "Model services" }))
    expect(await screen.findByRole("heading", { name: "vLLM" })).toBeTruthy()
    stream.push("delta", { text: " a time" })
    stream.push("done", { finishReason: "stop" })
    stream.end()
    expect(calls.find((c) => c.path === "/api/chat")!.signal!.aborted).toBe(false)

    await userEvent.click(screen.getByRole("link", { name: "Chat" }))
    expect(await screen.findByText("Once upon a time")).toBeTruthy()
    expect(screen.getByRole("textbox", { name: "Message" })).toHaveProperty("value", "and then?")
    expect(screen.queryByText(/stopped by you/)).toBeNull()
  })

  it("remembers the token on this device only when asked, and Sign out forgets it everywhere", async () => {
    const { calls } = fakeFetch({
      "GET /api/providers": (call) =>
        call.headers.get("authorization") === "Bearer right-token" ? json([]) : unauthenticated()
    })
    render(<App />)
    await userEvent.type(await screen.findByLabelText("Token"), "right-token")
    await userEvent.click(screen.getByRole("checkbox", { name: /Remember on this device/ }))
    expect(screen.getByText(/stays in this browser's local storage until you sign out/)).toBeTruthy()
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }))
    expect(await screen.findByRole("heading", { name: "Set up your first provider" })).toBeTruthy()
    expect(localStorage.getItem("switchboard.token")).toBe("right-token")
    expect(sessionStorage.getItem("switchboard.token")).toBeNull()

    await userEvent.click(screen.getByRole("button", { name: "Sign out" }))
    expect(await screen.findByLabelText("Token")).toBeTruthy()
    expect(localStorage.getItem("switchboard.token")).toBeNull()
    expect(calls.every((c) => !c.url.includes("token"))).toBe(true)
  })

  it("switches the theme and remembers the choice", async () => {
    fakeFetch({ "GET /api/providers": () => json([]) })
    render(<App />)
    const theme = await screen.findByRole("combobox", { name: "Theme" })
    expect((theme as HTMLSelectElement).value).toBe("system")
    await userEvent.selectOptions(theme, "dark")
    expect(document.documentElement.dataset.theme).toBe("dark")
    expect(localStorage.getItem("switchboard.theme")).toBe("dark")
    await userEvent.selectOptions(theme, "system")
    expect(document.documentElement.dataset.theme).toBeUndefined()
    expect(localStorage.getItem("switchboard.theme")).toBeNull()
  })
})
