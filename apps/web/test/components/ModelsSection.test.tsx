import { render, screen, waitFor, within } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { afterEach, describe, expect, it, vi } from "vitest"
import { ModelsSection, parseModelIds } from "../../src/components/providers/ModelsSection"
import type { ProviderView as Provider } from "@switchboard/core/domain/ProviderView"
import { apiError, type Call, fakeFetch, type Handler, json, model, provider } from "../fakeFetch"

afterEach(() => vi.unstubAllGlobals())

/**
 * The server for these tests, which are about other requests than the stored check results the section reads when
 * it opens: `calls` records only the routes given.
 */
const fakeServer = (routes: Record<string, Handler>) => {
  const calls: Array<Call> = []
  const recorded = Object.fromEntries(
    Object.entries(routes).map(([route, handler]) => [
      route,
      (call: Call) => {
        calls.push(call)
        return handler(call)
      }
    ])
  )
  fakeFetch({
    "GET /api/providers/vllm/models-check": () => json({ checks: [], failures: { models: [], keys: [] } }),
    ...recorded
  })
  return { calls }
}

/** Renders the section the way the page does: every provider the server returns replaces the shown one. */
const renderLive = (initial: Provider) => {
  const onChange = vi.fn()
  const view = render(<ModelsSection provider={initial} onChange={onChange} />)
  onChange.mockImplementation((next: Provider) => view.rerender(<ModelsSection provider={next} onChange={onChange} />))
  return onChange
}

const no = { vision: false, reasoning: false, tools: false, embedding: false, webSearch: false }

/** As the server sends them: each with the group and capabilities it would get once added. */
const remote = [
  {
    id: "meta-llama/Llama-3.1-8B-Instruct",
    ownedBy: "vllm",
    group: "meta-llama",
    capabilities: { ...no, tools: true }
  },
  {
    id: "meta-llama/Llama-3.2-11B-Vision",
    ownedBy: "vllm",
    group: "meta-llama",
    capabilities: { ...no, vision: true }
  },
  { id: "Qwen/Qwen2.5-7B-Instruct", ownedBy: "vllm", group: "qwen", capabilities: { ...no, tools: true } }
]

describe("parseModelIds", () => {
  it("splits on commas, spaces and lines and drops repeats, keeping / and : inside ids", () => {
    expect(parseModelIds("gpt2, qwen2.5:7b\nmeta-llama/x  gpt2")).toEqual(["gpt2", "qwen2.5:7b", "meta-llama/x"])
  })
})

describe("ModelsSection", () => {
  it("adds ids typed by hand in one call, clears the field and keeps focus in it", async () => {
    const { calls } = fakeServer({
      "POST /api/providers/vllm/models": () =>
        json(provider({ models: [model("gpt2"), model("qwen2.5:7b", "qwen2.5")] }), 201)
    })
    renderLive(provider())
    const input = screen.getByRole("textbox", { name: "Add model ids by hand" })
    await userEvent.type(input, "gpt2, qwen2.5:7b")
    await userEvent.click(screen.getByRole("button", { name: "Add" }))
    expect(await screen.findByRole("region", { name: "Group qwen2.5" })).toBeTruthy()
    expect(calls[0]!.body).toEqual(["gpt2", "qwen2.5:7b"])
    expect((input as HTMLInputElement).value).toBe("")
    // The button is disabled with the field empty: focus is back in the field, not on the page's body.
    expect(document.activeElement).toBe(input)
  })

  it("shows a duplicate id error under the field and keeps what was typed", async () => {
    fakeServer({
      "POST /api/providers/vllm/models": () =>
        apiError(
          409,
          "DuplicateModel",
          'Provider "vllm" already has model "gpt2". Edit the existing model instead of adding it again.'
        )
    })
    renderLive(provider({ models: [model("gpt2")] }))
    await userEvent.type(screen.getByRole("textbox", { name: "Add model ids by hand" }), "gpt2{enter}")
    expect((await screen.findByRole("alert")).textContent).toContain("Edit the existing model instead")
    expect((screen.getByRole("textbox", { name: "Add model ids by hand" }) as HTMLInputElement).value).toBe("gpt2")
  })

  it("edits a model's name, group and capability overrides (Auto sends null)", async () => {
    const gpt2 = { ...model("gpt2"), overrides: { tools: true } }
    const { calls } = fakeServer({
      "PATCH /api/providers/vllm/models/gpt2": () =>
        json(provider({ models: [{ ...gpt2, name: "GPT-2", group: "small" }] }))
    })
    renderLive(provider({ models: [gpt2] }))
    await userEvent.click(screen.getByRole("button", { name: "Edit gpt2" }))
    const dialog = screen.getByRole("dialog", { name: "Edit gpt2" })
    const name = within(dialog).getByRole("textbox", { name: "Display name" })
    await userEvent.clear(name)
    await userEvent.type(name, "GPT-2")
    const group = within(dialog).getByRole("textbox", { name: "Group" })
    await userEvent.clear(group)
    await userEvent.type(group, "small")
    expect((within(dialog).getByRole("combobox", { name: /Tools/ }) as HTMLSelectElement).value).toBe("yes")
    await userEvent.selectOptions(within(dialog).getByRole("combobox", { name: /Tools/ }), "auto")
    await userEvent.selectOptions(within(dialog).getByRole("combobox", { name: /Vision/ }), "yes")
    await userEvent.click(within(dialog).getByRole("button", { name: "Save model" }))
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull())
    expect(calls[0]!.body).toEqual({
      name: "GPT-2",
      group: "small",
      capabilities: { vision: true, reasoning: null, tools: null, embedding: null, webSearch: null },
      // Limits and prices left empty: the provider's or the catalog's.
      contextWindow: null,
      maxOutputTokens: null,
      pricing: null
    })
    expect(screen.getByRole("region", { name: "Group small" }).textContent).toContain("GPT-2")
  })

  it("deletes a model once asked, and leaves focus on the section", async () => {
    const { calls } = fakeServer({ "DELETE /api/providers/vllm/models/Qwen%2FQ%3A7b": () => json(provider()) })
    renderLive(provider({ models: [model("Qwen/Q:7b")] }))
    await userEvent.click(screen.getByRole("button", { name: "Delete Qwen/Q:7b" }))
    await userEvent.click(screen.getByRole("button", { name: "Keep" }))
    expect(calls).toHaveLength(0)
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Delete Qwen/Q:7b" }))
    await userEvent.click(screen.getByRole("button", { name: "Delete Qwen/Q:7b" }))
    expect(screen.getByRole("group", { name: "Delete Qwen/Q:7b?" })).toBeTruthy()
    await userEvent.click(screen.getByRole("button", { name: "Delete Qwen/Q:7b" }))
    expect(await screen.findByText(/No models yet/)).toBeTruthy()
    expect(calls).toHaveLength(1)
    expect(document.activeElement).toBe(screen.getByRole("heading", { name: "Models" }))
  })
})

describe("Manage models", () => {
  it("fetches the provider's list, searches it, and adds or removes per model and per group", async () => {
    let models = [model("meta-llama/Llama-3.1-8B-Instruct", "meta-llama")]
    const { calls } = fakeServer({
      "GET /api/providers/vllm/remote-models": () => json(remote),
      "POST /api/providers/vllm/models": (call) => {
        models = [...models, ...(call.body as Array<{ id: string }>).map((m) => model(m.id))]
        return json(provider({ models }), 201)
      },
      "DELETE /api/providers/vllm/models/meta-llama%2FLlama-3.1-8B-Instruct": () => {
        models = models.filter((m) => m.id !== "meta-llama/Llama-3.1-8B-Instruct")
        return json(provider({ models }))
      }
    })
    renderLive(provider({ models }))
    await userEvent.click(screen.getByRole("button", { name: "Manage…" }))
    const dialog = screen.getByRole("dialog", { name: "Models of vLLM" })
    expect(await within(dialog).findByText("3 of 3 models shown, 1 added.")).toBeTruthy()

    await userEvent.type(within(dialog).getByRole("searchbox", { name: "Search models" }), "qwen")
    expect(within(dialog).getByText("1 of 3 models shown, 1 added.")).toBeTruthy()
    await userEvent.click(within(dialog).getByRole("button", { name: "Add Qwen/Qwen2.5-7B-Instruct" }))
    expect(await within(dialog).findByRole("button", { name: "Remove Qwen/Qwen2.5-7B-Instruct" })).toBeTruthy()

    await userEvent.clear(within(dialog).getByRole("searchbox", { name: "Search models" }))
    await userEvent.click(within(dialog).getByRole("button", { name: "Add all 1 models of group meta-llama" }))
    await waitFor(() => expect(within(dialog).getByText("3 of 3 models shown, 3 added.")).toBeTruthy())
    await userEvent.click(within(dialog).getByRole("button", { name: "Remove meta-llama/Llama-3.1-8B-Instruct" }))
    await waitFor(() => expect(within(dialog).getByText("3 of 3 models shown, 2 added.")).toBeTruthy())

    // Each with what the list said of it, so the provider shows as the source of those facts.
    expect(calls.filter((c) => c.method === "POST").map((c) => c.body)).toEqual([
      [{ id: "Qwen/Qwen2.5-7B-Instruct", ownedBy: "vllm" }],
      [{ id: "meta-llama/Llama-3.2-11B-Vision", ownedBy: "vllm" }]
    ])
  })

  it("filters by the capabilities the server infers", async () => {
    fakeServer({
      "GET /api/providers/vllm/remote-models": () =>
        json([
          { id: "llava-1.5", group: "llava-1.5", capabilities: { ...no, vision: true } },
          { id: "bge-m3", group: "bge-m3", capabilities: { ...no, embedding: true } }
        ])
    })
    renderLive(provider())
    await userEvent.click(screen.getByRole("button", { name: "Manage…" }))
    const dialog = screen.getByRole("dialog")
    await userEvent.click(await within(dialog).findByRole("button", { name: "Embedding" }))
    expect(within(dialog).getByRole("button", { name: "Add bge-m3" })).toBeTruthy()
    expect(within(dialog).queryByRole("button", { name: "Add llava-1.5" })).toBeNull()
  })

  it("says why the list could not be fetched and retries", async () => {
    let fail = true
    fakeServer({
      "GET /api/providers/vllm/remote-models": () =>
        fail
          ? apiError(
              502,
              "ProviderError",
              "Network from http://127.0.0.1:8000/v1/models: connection refused. Check the base URL and that the server is running and reachable."
            )
          : json(remote)
    })
    renderLive(provider())
    await userEvent.click(screen.getByRole("button", { name: "Manage…" }))
    const dialog = screen.getByRole("dialog")
    expect((await within(dialog).findByRole("alert")).textContent).toContain("that the server is running")
    fail = false
    await userEvent.click(within(dialog).getByRole("button", { name: "Retry" }))
    expect(await within(dialog).findByText("3 of 3 models shown, 0 added.")).toBeTruthy()
  })

  it("cancels a model list that does not come, and offers Retry", async () => {
    const { calls } = fakeServer({
      // A hung server: the answer never comes.
      "GET /api/providers/vllm/remote-models": () => new Promise<Response>(() => undefined)
    })
    renderLive(provider())
    await userEvent.click(screen.getByRole("button", { name: "Manage…" }))
    const dialog = screen.getByRole("dialog")
    expect(within(dialog).getByText("Fetching the model list…")).toBeTruthy()
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }))
    expect(calls[0]!.signal!.aborted).toBe(true)
    expect(within(dialog).getByText(/Stopped fetching the model list/)).toBeTruthy()
    expect(within(dialog).getByRole("button", { name: "Retry" })).toBeTruthy()
  })

  it("keeps focus on the button that added a model or a group, and gives it back to Manage… on close", async () => {
    let models: Array<ReturnType<typeof model>> = []
    fakeServer({
      "GET /api/providers/vllm/remote-models": () => json(remote),
      "POST /api/providers/vllm/models": (call) => {
        models = [...models, ...(call.body as Array<{ id: string }>).map((m) => model(m.id))]
        return json(provider({ models }), 201)
      }
    })
    renderLive(provider())
    const manage = screen.getByRole("button", { name: "Manage…" })
    await userEvent.click(manage)
    const dialog = screen.getByRole("dialog")
    expect(document.activeElement).toBe(within(dialog).getByRole("searchbox", { name: "Search models" }))
    const add = await within(dialog).findByRole("button", { name: "Add Qwen/Qwen2.5-7B-Instruct" })
    await userEvent.click(add)
    await within(dialog).findByRole("button", { name: "Remove Qwen/Qwen2.5-7B-Instruct" })
    expect(document.activeElement).toBe(add)
    const group = within(dialog).getByRole("button", { name: "Add all 2 models of group meta-llama" })
    await userEvent.click(group)
    await within(dialog).findByRole("button", { name: "Remove all models of group meta-llama" })
    expect(document.activeElement).toBe(group)
    await userEvent.click(within(dialog).getByRole("button", { name: "Done" }))
    expect(document.activeElement).toBe(manage)
  })
})
