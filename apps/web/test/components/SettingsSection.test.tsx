import { render, screen, waitFor } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { afterEach, describe, expect, it, vi } from "vitest"
import { draftPatch, SettingsSection } from "../../src/components/providers/SettingsSection"
import { apiError, fakeFetch, json, provider } from "../fakeFetch"

afterEach(() => vi.unstubAllGlobals())

const urls = (call: { url: string }) => {
  const baseUrl = new URL(call.url, "http://localhost").searchParams.get("baseUrl") ?? ""
  return json({ chat: `${baseUrl}/v1/chat/completions`, models: `${baseUrl}/v1/models` })
}

describe("SettingsSection", () => {
  it("previews the URLs of the base URL being typed", async () => {
    const { calls } = fakeFetch({ "GET /api/providers/vllm/urls": urls })
    render(<SettingsSection provider={provider()} onChange={vi.fn()} />)
    expect(await screen.findByText("http://127.0.0.1:8000/v1/chat/completions")).toBeTruthy()
    const input = screen.getByRole("textbox", { name: "Base URL" })
    await userEvent.clear(input)
    await userEvent.type(input, "http://gpu-box:9000")
    expect(await screen.findByText("http://gpu-box:9000/v1/models")).toBeTruthy()
    // Debounced: far fewer preview requests than keystrokes.
    expect(calls.length).toBeLessThan(6)
  })

  it("saves only what changed, in the API's units, and clears the dirty state", async () => {
    const saved = provider({
      baseUrl: "http://127.0.0.1:9000",
      headers: { "X-Org": "acme" },
      timeouts: { ...provider().timeouts, firstByteMs: 300_000 },
      revision: 2
    })
    const { calls } = fakeFetch({
      "GET /api/providers/vllm/urls": urls,
      "PATCH /api/providers/vllm": () => json(saved)
    })
    const onChange = vi.fn()
    const { rerender } = render(<SettingsSection provider={provider()} onChange={onChange} />)
    const input = screen.getByRole("textbox", { name: "Base URL" })
    await userEvent.clear(input)
    await userEvent.type(input, "http://127.0.0.1:9000")
    await userEvent.click(screen.getByRole("button", { name: "+ Header" }))
    await userEvent.type(screen.getByRole("textbox", { name: "Header 1 name" }), "X-Org")
    await userEvent.type(screen.getByRole("textbox", { name: "Header 1 value" }), "acme")
    const firstByte = screen.getByRole("spinbutton", { name: "First byte (s)" })
    await userEvent.clear(firstByte)
    await userEvent.type(firstByte, "300")
    await userEvent.click(screen.getByRole("button", { name: "Save" }))
    await waitFor(() => expect(onChange).toHaveBeenCalledWith(saved))
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({
      baseUrl: "http://127.0.0.1:9000",
      headers: { "X-Org": "acme" },
      timeouts: { firstByteMs: 300_000 }
    })
    rerender(<SettingsSection provider={saved} onChange={onChange} />)
    expect((screen.getByRole("button", { name: "Save" }) as HTMLButtonElement).disabled).toBe(true)
    expect(screen.getByRole("status").textContent).toBe("Saved.")
  })

  it("keeps the edits and shows the server's reason when the save fails", async () => {
    fakeFetch({
      "GET /api/providers/vllm/urls": urls,
      "PATCH /api/providers/vllm": () =>
        apiError(400, "InvalidInput", 'headers: "Host" is set by Switchboard and cannot be overridden', "headers")
    })
    render(<SettingsSection provider={provider()} onChange={vi.fn()} />)
    await userEvent.click(screen.getByRole("button", { name: "+ Header" }))
    await userEvent.type(screen.getByRole("textbox", { name: "Header 1 name" }), "Host")
    await userEvent.click(screen.getByRole("button", { name: "Save" }))
    // Under the headers, without the API's path.
    expect((await screen.findByText(/is set by Switchboard/)).textContent).toBe(
      '"Host" is set by Switchboard and cannot be overridden'
    )
    expect((screen.getByRole("textbox", { name: "Header 1 name" }) as HTMLInputElement).value).toBe("Host")
  })

  it("shows the api version only for Azure and sends null to remove it", async () => {
    const { calls } = fakeFetch({
      "GET /api/providers/az/urls": urls,
      "PATCH /api/providers/az": () => json(provider({ id: "az", type: "azure-openai" }))
    })
    const azure = provider({ id: "az", type: "azure-openai", apiVersion: "2024-10-21" })
    render(<SettingsSection provider={azure} onChange={vi.fn()} />)
    await userEvent.clear(screen.getByRole("textbox", { name: "API version" }))
    await userEvent.click(screen.getByRole("button", { name: "Save" }))
    await waitFor(() => expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ apiVersion: null }))
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Type" }), "openai")
    expect(screen.queryByRole("textbox", { name: "API version" })).toBeNull()
  })

  it("previews and saves a change of type to OpenAI Responses", async () => {
    const { calls } = fakeFetch({
      "GET /api/providers/vllm/urls": (call) => {
        const params = new URL(call.url, "http://localhost").searchParams
        const chat = params.get("type") === "openai-responses" ? "/v1/responses" : "/v1/chat/completions"
        return json({ chat: `${params.get("baseUrl")}${chat}`, models: `${params.get("baseUrl")}/v1/models` })
      },
      "PATCH /api/providers/vllm": () => json(provider({ type: "openai-responses" }))
    })
    render(<SettingsSection provider={provider()} onChange={vi.fn()} />)
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Type" }), "OpenAI Responses")
    expect(await screen.findByText("http://127.0.0.1:8000/v1/responses")).toBeTruthy()
    expect(screen.queryByRole("textbox", { name: "API version" })).toBeNull()
    await userEvent.click(screen.getByRole("button", { name: "Save" }))
    await waitFor(() => expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ type: "openai-responses" }))
  })

  it("draftPatch is empty for an untouched draft", () => {
    const p = provider({ headers: { A: "1" } })
    expect(
      draftPatch(p, {
        name: "vLLM",
        type: "openai",
        baseUrl: p.baseUrl,
        apiVersion: "",
        headers: [{ name: "A", value: "1" }],
        firstByteS: "120",
        idleS: "60",
        verifyS: "15",
        maxRetries: "2"
      })
    ).toEqual({})
  })

  it("shows every problem at once under its field, in the field's words and units, and sends nothing", async () => {
    const { calls } = fakeFetch({ "GET /api/providers/vllm/urls": urls })
    render(<SettingsSection provider={provider()} onChange={vi.fn()} />)
    await userEvent.clear(screen.getByRole("textbox", { name: "Name" }))
    await userEvent.type(screen.getByRole("textbox", { name: "Name" }), "x".repeat(70))
    const firstByte = screen.getByRole("spinbutton", { name: "First byte (s)" })
    await userEvent.clear(firstByte)
    await userEvent.type(firstByte, "4000")
    const retries = screen.getByRole("spinbutton", { name: "Retries" })
    await userEvent.clear(retries)
    await userEvent.type(retries, "1.5")
    await userEvent.click(screen.getByRole("button", { name: "Save" }))
    const described = (name: string, role: "textbox" | "spinbutton") => {
      const field = screen.getByRole(role, { name })
      expect(field.getAttribute("aria-invalid")).toBe("true")
      return document.getElementById(field.getAttribute("aria-describedby")!.split(" ")[0]!)?.textContent
    }
    expect(described("Name", "textbox")).toBe("Name has 70 characters; at most 64 are kept. Shorten it.")
    expect(described("First byte (s)", "spinbutton")).toBe("First byte must be between 0.1 and 3600 seconds.")
    expect(described("Retries", "spinbutton")).toBe("Retries must be a whole number from 0 to 10.")
    expect(document.activeElement).toBe(screen.getByRole("textbox", { name: "Name" }))
    expect(calls.some((c) => c.method === "PATCH")).toBe(false)
  })

  it("puts a refusal of the server under the field it names", async () => {
    fakeFetch({
      "GET /api/providers/vllm/urls": urls,
      "PATCH /api/providers/vllm": () =>
        apiError(409, "DuplicateName", 'name: "OpenAI" is taken by another provider; pick another name', "name")
    })
    render(<SettingsSection provider={provider()} onChange={vi.fn()} />)
    const name = screen.getByRole("textbox", { name: "Name" })
    await userEvent.clear(name)
    await userEvent.type(name, "OpenAI")
    await userEvent.click(screen.getByRole("button", { name: "Save" }))
    await waitFor(() => expect(name.getAttribute("aria-invalid")).toBe("true"))
    expect(screen.getByText('"OpenAI" is taken by another provider; pick another name')).toBeTruthy()
  })

  it("says what happens to the base URL of each type: no /v1 for Gemini or Azure", async () => {
    fakeFetch({ "GET /api/providers/vllm/urls": urls })
    render(<SettingsSection provider={provider()} onChange={vi.fn()} />)
    const hint = () => {
      const ids = screen.getByRole("textbox", { name: "Base URL" }).getAttribute("aria-describedby") ?? ""
      return document.getElementById(ids.split(" ").at(-1)!)?.textContent
    }
    expect(hint()).toMatch(/^\/v1 is added/)
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Type" }), "gemini")
    expect(hint()).toMatch(/^\/v1beta is added/)
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Type" }), "azure-openai")
    expect(hint()).toMatch(/^Only the resource/)
  })
})
