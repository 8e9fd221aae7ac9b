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

  it("adds a custom type with a base URL and a key, and puts a clashing name's refusal under Name", async () => {
    const { calls } = fakeFetch({
      "GET /api/presets": () => json(presets),
      "GET /api/urls": () => json({ chat: "c", models: "m" }),
      "POST /api/providers": () =>
        // As the server says it: the code, and the field that clashes.
        apiError(409, "duplicate_name", 'A provider named "Mine" already exists. Choose another name.', "name")
    })
    render(<AddProviderDialog onAdded={vi.fn()} onClose={vi.fn()} />)
    await userEvent.click(screen.getByRole("radio", { name: /Custom Anthropic/ }))
    await userEvent.type(screen.getByRole("textbox", { name: "Name" }), "Mine")
    await userEvent.type(screen.getByLabelText(/Base URL/), "https://proxy.example/anthropic")
    await userEvent.type(screen.getByLabelText(/API key/), "sk-ant-123456789")
    await userEvent.click(screen.getByRole("button", { name: "Add provider" }))
    const name = screen.getByRole("textbox", { name: "Name" })
    await waitFor(() => expect(name.getAttribute("aria-invalid")).toBe("true"))
    expect(screen.getByText('A provider named "Mine" already exists. Choose another name.')).toBeTruthy()
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

  it("opens in the Name field, and says a name is too long rather than cutting a paste", async () => {
    const { calls } = fakeFetch({ "GET /api/presets": () => json(presets) })
    render(<AddProviderDialog onAdded={vi.fn()} onClose={vi.fn()} />)
    const name = screen.getByRole("textbox", { name: "Name" })
    expect(document.activeElement).toBe(name)
    await userEvent.click(name)
    await userEvent.paste("A".repeat(70))
    expect((name as HTMLInputElement).value).toHaveLength(70)
    expect(name.getAttribute("aria-invalid")).toBe("true")
    expect(screen.getByText("Name has 70 characters; at most 64 are kept. Shorten it.")).toBeTruthy()
    await userEvent.click(screen.getByRole("button", { name: "Add provider" }))
    expect(calls.some((c) => c.method === "POST")).toBe(false)
  })

  it("shows the id made from the name, and sends the one the user typed instead", async () => {
    const { calls } = fakeFetch({
      "GET /api/presets": () => json(presets),
      "POST /api/providers": () => json(provider({ id: "gpu" }), 201)
    })
    render(<AddProviderDialog takenIds={["my-vllm"]} onAdded={vi.fn()} onClose={vi.fn()} />)
    await userEvent.type(screen.getByRole("textbox", { name: "Name" }), "My vLLM")
    const id = screen.getByRole("textbox", { name: "Id" }) as HTMLInputElement
    // "my-vllm" is taken, so the server would give the next free one (the rules arrive as their own chunk).
    await waitFor(() => expect(id.value).toBe("my-vllm-2"))
    await userEvent.clear(id)
    await userEvent.type(id, "Gpu Box")
    expect(screen.getByText(/^Id must be lowercase letters/)).toBeTruthy()
    await userEvent.clear(id)
    await userEvent.type(id, "gpu")
    await userEvent.click(screen.getByRole("button", { name: "Add provider" }))
    await waitFor(() =>
      expect(calls.find((c) => c.method === "POST")?.body).toEqual({ name: "My vLLM", id: "gpu", type: "openai" })
    )
  })

  it("previews the URLs before adding, asks Azure for its API version, and refuses a key with a space", async () => {
    const { calls } = fakeFetch({
      "GET /api/presets": () => json(presets),
      "GET /api/urls": (call) => {
        const query = new URL(call.url, "http://localhost").searchParams
        return json({
          chat: `${query.get("baseUrl")}/openai/deployments/{model}/chat/completions?api-version=${query.get("apiVersion")}`,
          models: `${query.get("baseUrl")}/openai/models?api-version=${query.get("apiVersion")}`
        })
      }
    })
    render(<AddProviderDialog onAdded={vi.fn()} onClose={vi.fn()} />)
    expect(screen.queryByRole("textbox", { name: "API version" })).toBeNull()
    await userEvent.click(screen.getByRole("radio", { name: /Custom Azure OpenAI/ }))
    expect(screen.getByText(/^Only the resource/)).toBeTruthy()
    expect(screen.queryByText(/\/v1 is added/)).toBeNull()
    await userEvent.type(screen.getByLabelText(/Base URL/), "https://me.openai.azure.com")
    await userEvent.type(screen.getByRole("textbox", { name: "API version" }), "2024-10-21")
    expect(
      await screen.findByText(
        "https://me.openai.azure.com/openai/deployments/{model}/chat/completions?api-version=2024-10-21"
      )
    ).toBeTruthy()
    await userEvent.type(screen.getByLabelText(/API key/), "sk-abc def")
    expect(screen.getByText(/has a space inside/)).toBeTruthy()
    await userEvent.type(screen.getByRole("textbox", { name: "Name" }), "Azure")
    await userEvent.click(screen.getByRole("button", { name: "Add provider" }))
    expect(calls.some((c) => c.method === "POST")).toBe(false)
  })

  it("puts the server's refusal under the field it names", async () => {
    fakeFetch({
      "GET /api/presets": () => json(presets),
      "POST /api/providers": () =>
        apiError(409, "DuplicateName", 'id: "gpu" is taken by another provider; choose another id', "id")
    })
    render(<AddProviderDialog onAdded={vi.fn()} onClose={vi.fn()} />)
    await userEvent.type(screen.getByRole("textbox", { name: "Name" }), "Box")
    await userEvent.type(screen.getByRole("textbox", { name: "Id" }), "gpu")
    await userEvent.click(screen.getByRole("button", { name: "Add provider" }))
    const id = screen.getByRole("textbox", { name: "Id" })
    await waitFor(() => expect(id.getAttribute("aria-invalid")).toBe("true"))
    expect(screen.getByText('"gpu" is taken by another provider; choose another id')).toBeTruthy()
    expect(screen.queryByRole("alert")).toBeNull()
  })
})
