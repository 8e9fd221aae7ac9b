import { fireEvent, render, screen } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { describe, expect, it, vi } from "vitest"
import { moveId, ProviderList } from "../../src/components/providers/ProviderList"
import { provider } from "../fakeFetch"

const providers = [
  provider({ id: "openai", name: "OpenAI", baseUrl: "https://api.openai.com" }),
  provider({ id: "vllm", name: "vLLM", enabled: false }),
  provider({ id: "ollama", name: "Ollama", baseUrl: "http://localhost:11434" })
]

/** A row's select button: its accessible name starts with the provider's name. */
const row = (name: string) => new RegExp(`^${name} `)

const setup = () => {
  const props = {
    providers,
    selectedId: "openai",
    onSelect: vi.fn(),
    onToggle: vi.fn(),
    onReorder: vi.fn(),
    onAdd: vi.fn()
  }
  render(<ProviderList {...props} />)
  return props
}

describe("moveId", () => {
  it("moves one id and leaves the list unchanged at the ends", () => {
    expect(moveId(["a", "b", "c"], "c", -1)).toEqual(["a", "c", "b"])
    const ids = ["a", "b"]
    expect(moveId(ids, "a", -1)).toBe(ids)
  })
})

describe("ProviderList", () => {
  it("filters by name, type or URL", async () => {
    setup()
    await userEvent.type(screen.getByRole("searchbox", { name: "Search providers" }), "11434")
    expect(screen.getByRole("button", { name: row("Ollama") })).toBeTruthy()
    expect(screen.queryByRole("button", { name: row("OpenAI") })).toBeNull()
  })

  it("toggles a provider with its switch, without selecting the row", async () => {
    const props = setup()
    const toggle = screen.getByRole("switch", { name: "vLLM enabled" })
    expect(toggle.getAttribute("aria-checked")).toBe("false")
    await userEvent.click(toggle)
    expect(props.onToggle).toHaveBeenCalledWith(providers[1], true)
    expect(props.onSelect).not.toHaveBeenCalled()
  })

  it("reorders with Alt+Arrow and moves focus with the arrows", async () => {
    const props = setup()
    screen.getByRole("button", { name: row("OpenAI") }).focus()
    await userEvent.keyboard("{ArrowDown}")
    expect(document.activeElement).toBe(screen.getByRole("button", { name: row("vLLM") }))
    await userEvent.keyboard("{Alt>}{ArrowDown}{/Alt}")
    expect(props.onReorder).toHaveBeenCalledWith(["openai", "ollama", "vllm"])
    expect(screen.getByText("vLLM moved to position 3 of 3")).toBeTruthy()
  })

  it("does not reorder a filtered list, and says why", async () => {
    const props = setup()
    await userEvent.type(screen.getByRole("searchbox"), "l")
    screen.getByRole("button", { name: row("vLLM") }).focus()
    await userEvent.keyboard("{Alt>}{ArrowUp}{/Alt}")
    expect(props.onReorder).not.toHaveBeenCalled()
    expect(screen.getByText("Clear the search to reorder providers")).toBeTruthy()
  })

  it("selects with Enter and opens the add dialog", async () => {
    const props = setup()
    screen.getByRole("button", { name: row("Ollama") }).focus()
    await userEvent.keyboard("{Enter}")
    expect(props.onSelect).toHaveBeenCalledWith("ollama")
    await userEvent.click(screen.getByRole("button", { name: "+ Add" }))
    expect(props.onAdd).toHaveBeenCalled()
  })

  it("reorders by drag and drop", () => {
    const props = setup()
    const rowOf = (name: string) => screen.getByRole("button", { name: row(name) }).closest("li")!
    const dataTransfer = { effectAllowed: "", setData: () => undefined }
    fireEvent.dragStart(rowOf("Ollama"), { dataTransfer })
    fireEvent.dragOver(rowOf("OpenAI"), { dataTransfer })
    expect(rowOf("OpenAI").className).toContain("drop-target")
    fireEvent.drop(rowOf("OpenAI"), { dataTransfer })
    expect(props.onReorder).toHaveBeenCalledWith(["ollama", "openai", "vllm"])
  })
})
