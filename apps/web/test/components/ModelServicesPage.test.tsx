import { render, screen, waitFor } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { afterEach, describe, expect, it, vi } from "vitest"
import { useProviders } from "../../src/hooks/useProviders"
import { ModelServicesPage } from "../../src/pages/ModelServicesPage"
import { fakeFetch, json, provider } from "../fakeFetch"

afterEach(() => vi.unstubAllGlobals())

function Page() {
  return <ModelServicesPage state={useProviders()} />
}

describe("ModelServicesPage", () => {
  it("asks before another provider's click throws away unsaved connection edits", async () => {
    fakeFetch({
      "GET /api/providers": () => json([provider(), provider({ id: "oai", name: "OpenAI" })]),
      "GET /api/providers/vllm/urls": () => json({ chat: "c", models: "m" }),
      "GET /api/providers/oai/urls": () => json({ chat: "c", models: "m" }),
      "GET /api/providers/vllm/verify": () => json(null),
      "GET /api/providers/oai/verify": () => json(null)
    })
    render(<Page />)
    const name = await screen.findByRole("textbox", { name: "Name" })
    await userEvent.clear(name)
    await userEvent.type(name, "My vLLM")
    await userEvent.click(screen.getByRole("button", { name: /^OpenAI/ }))

    const notice = screen.getByRole("alertdialog", { name: "Unsaved changes" })
    expect(notice.textContent).toContain("The connection settings of vLLM have changes that are not saved")
    await userEvent.click(screen.getByRole("button", { name: "Keep editing" }))
    expect(screen.getByRole("heading", { name: "vLLM", level: 2 })).toBeTruthy()
    expect(screen.getByRole("textbox", { name: "Name" })).toHaveProperty("value", "My vLLM")

    await userEvent.click(screen.getByRole("button", { name: /^OpenAI/ }))
    await userEvent.click(screen.getByRole("button", { name: "Discard changes" }))
    await waitFor(() => expect(screen.getByRole("heading", { name: "OpenAI", level: 2 })).toBeTruthy())
    // Without edits, another click just opens the provider.
    await userEvent.click(screen.getByRole("button", { name: /^vLLM/ }))
    expect(screen.getByRole("heading", { name: "vLLM", level: 2 })).toBeTruthy()
    expect(screen.queryByRole("alertdialog")).toBeNull()
  })
})
