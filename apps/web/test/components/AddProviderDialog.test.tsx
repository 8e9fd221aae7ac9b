import { render, screen, waitFor } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { afterEach, describe, expect, it, vi } from "vitest"
import { AddProviderDialog } from "../../src/components/providers/AddProviderDialog"
import { apiError, fakeFetch, json, provider } from "../fakeFetch"

afterEach(() => vi.unstubAllGlobals())

const presets = [
  { id: "vllm", name: "vLLM", type: "openai", baseUrl: "http://localhost:8000/", keyless: true },
  { id: "openai", name: "OpenAI", type: "openai", baseUrl: "https://api.openai.com", keyless: false }
]

describe("AddProviderDialog", () => {
  it("adds from a preset: the name follows the preset and only the preset id is sent", async () => {
    const { calls } = fakeFetch({
      "GET /api/presets": () => json(presets),
      "POST /api/providers": () => json(provider(), 201)
    })
    const onAdded = vi.fn()
    render(<AddProviderDialog onAdded={onAdded} onClose={vi.fn()} />)
    await userEvent.click(await screen.findByRole("radio", { name: /vLLM/ }))
    expect((screen.getByRole("textbox", { name: "Name" }) as HTMLInputElement).value).toBe("vLLM")
    await userEvent.click(screen.getByRole("button", { name: "Add provider" }))
    await waitFor(() => expect(onAdded).toHaveBeenCalledWith(provider()))
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ name: "vLLM", preset: "vllm" })
  })

  it("adds a custom type with a base URL and a key, and shows the server's error in place", async () => {
    const { calls } = fakeFetch({
      "GET /api/presets": () => json(presets),
      "POST /api/providers": () =>
        apiError(409, "DuplicateName", 'A provider named "Mine" already exists. Choose another name.')
    })
    render(<AddProviderDialog onAdded={vi.fn()} onClose={vi.fn()} />)
    await userEvent.click(screen.getByRole("radio", { name: /Custom Anthropic/ }))
    await userEvent.type(screen.getByRole("textbox", { name: "Name" }), "Mine")
    await userEvent.type(screen.getByLabelText(/Base URL/), "https://proxy.example/anthropic")
    await userEvent.type(screen.getByLabelText(/API key/), "sk-ant-123456789")
    await userEvent.click(screen.getByRole("button", { name: "Add provider" }))
    expect((await screen.findByRole("alert")).textContent).toContain("already exists. Choose another name.")
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({
      name: "Mine",
      type: "anthropic",
      baseUrl: "https://proxy.example/anthropic",
      apiKeys: ["sk-ant-123456789"]
    })
  })

  it("offers every protocol type, OpenAI Responses with OpenAI's own URL as its placeholder", async () => {
    const { calls } = fakeFetch({
      "GET /api/presets": () => json(presets),
      "POST /api/providers": () => json(provider({ type: "openai-responses" }), 201)
    })
    render(<AddProviderDialog onAdded={vi.fn()} onClose={vi.fn()} />)
    for (const label of ["OpenAI", "OpenAI Responses", "Gemini", "Anthropic", "Azure OpenAI"])
      expect(screen.getByRole("radio", { name: new RegExp(`^Custom ${label}\\s*type the base URL`) })).toBeTruthy()
    await userEvent.click(screen.getByRole("radio", { name: /Custom OpenAI Responses/ }))
    expect(screen.getByLabelText(/Base URL/).getAttribute("placeholder")).toBe("https://api.openai.com")
    await userEvent.type(screen.getByRole("textbox", { name: "Name" }), "Pro")
    await userEvent.type(screen.getByLabelText(/Base URL/), "https://api.openai.com")
    await userEvent.click(screen.getByRole("button", { name: "Add provider" }))
    await waitFor(() =>
      expect(calls.find((c) => c.method === "POST")?.body).toEqual({
        name: "Pro",
        type: "openai-responses",
        baseUrl: "https://api.openai.com"
      })
    )
  })

  it("still offers the protocol types when presets cannot be loaded", async () => {
    fakeFetch({ "GET /api/presets": () => apiError(500, "StorageError", "Storage failed") })
    render(<AddProviderDialog onAdded={vi.fn()} onClose={vi.fn()} />)
    expect((await screen.findByRole("alert")).textContent).toContain("Presets could not be loaded")
    expect(screen.getByRole("radio", { name: /Custom Gemini/ })).toBeTruthy()
  })
})
