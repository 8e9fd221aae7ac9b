import { render, screen, waitFor } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { afterEach, describe, expect, it, vi } from "vitest"
import { clearToken } from "../../src/api/token"
import { App } from "../../src/App"
import { apiError, fakeFetch, json, provider } from "../fakeFetch"

afterEach(() => {
  clearToken()
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
      "GET /api/providers/vllm/urls": () => json({ chat: "c", models: "m" })
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
})
