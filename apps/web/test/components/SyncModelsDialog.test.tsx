/** Sync with the provider's list: the diff shown on opening, "Add all new", and "Remove the gone" once confirmed. */
import { render, screen, waitFor, within } from "@testing-library/react"
import userEvent from "@testing-library/user-event"
import { afterEach, describe, expect, it, vi } from "vitest"
import { SyncModelsDialog } from "../../src/components/providers/models/SyncModelsDialog"
import { apiError, fakeFetch, json, model, provider } from "../fakeFetch"

afterEach(() => vi.unstubAllGlobals())

const deprecated = {
  ...model("old-1"),
  facts: { ...model("old-1").facts, deprecated: { value: true, source: "provider" as const } }
}
const diff = {
  added: [model("new-1"), model("new-2")],
  gone: [{ ...model("gone-1"), goneAt: "2026-01-01T00:00:00.000Z" }],
  unchanged: [model("gpt2"), deprecated],
  provider: provider({ revision: 2 })
}

const open = () => {
  const onChange = vi.fn()
  render(<SyncModelsDialog provider={provider()} onChange={onChange} onClose={vi.fn()} />)
  return { dialog: screen.getByRole("dialog"), onChange }
}

describe("SyncModelsDialog", () => {
  it("shows what is new, gone and unchanged, and applies either side", async () => {
    const { calls } = fakeFetch({ "POST /api/providers/vllm/models-sync": () => json(diff) })
    const { dialog, onChange } = open()
    expect(await within(dialog).findByText("2 new upstream, 1 no longer offered, 2 unchanged.")).toBeTruthy()
    expect(calls[0]!.body).toEqual({})
    // The first read already marked the gone on the provider.
    expect(onChange).toHaveBeenCalledWith(diff.provider)
    const added = within(dialog).getByRole("region", { name: "New upstream" })
    expect(
      within(added)
        .getAllByRole("listitem")
        .map((li) => li.textContent)
    ).toEqual(["new-1", "new-2"])
    const gone = within(dialog).getByRole("region", { name: "No longer offered" })
    expect(within(gone).getByRole("listitem").textContent).toBe("gone-1")
    expect(within(dialog).getByText("gpt2, old-1")).toBeTruthy()

    await userEvent.click(within(added).getByRole("button", { name: "Add all 2 new" }))
    expect(await within(dialog).findByText("Added new-1, new-2.")).toBeTruthy()
    expect(calls[1]!.body).toEqual({ addNew: true })
    expect(within(added).queryAllByRole("listitem")).toHaveLength(0)

    await userEvent.click(within(gone).getByRole("button", { name: "Remove the 1 gone" }))
    expect(within(gone).getByText("Remove gone-1?")).toBeTruthy()
    expect(calls).toHaveLength(2)
    await userEvent.click(within(gone).getByRole("button", { name: "Remove the 1 gone" }))
    expect(await within(dialog).findByText("Removed gone-1.")).toBeTruthy()
    expect(calls[2]!.body).toEqual({ removeGone: true })
  })

  it("says why the list could not be read and retries", async () => {
    let fail = true
    fakeFetch({
      "POST /api/providers/vllm/models-sync": () =>
        fail ? apiError(502, "provider_error", "The provider answered 500") : json(diff)
    })
    const { dialog } = open()
    expect((await within(dialog).findByRole("alert")).textContent).toContain("Could not read the model list of vLLM")
    fail = false
    await userEvent.click(within(dialog).getByRole("button", { name: "Retry" }))
    await waitFor(() => expect(within(dialog).getByText(/2 new upstream/)).toBeTruthy())
  })
})
